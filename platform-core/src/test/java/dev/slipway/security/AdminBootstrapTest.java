package dev.slipway.security;

import dev.slipway.testsupport.WithSlipwayUser;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first admin, created at the first start on an empty database. Only the embedded
 * databases are fresh per context; the PostgreSQL schema is shared by every context of
 * the JVM, so which context created its admin depends on the test order.
 */
class AdminBootstrapTest {

	@WithSlipwayUser
	abstract static class Fixture {

		@Autowired
		AdminBootstrap bootstrap;

		@Autowired
		UserService users;

		@Autowired
		Authenticator authenticator;

		@Autowired
		JdbcClient jdbc;

		long accounts() {
			return this.jdbc.sql("SELECT COUNT(*) FROM users").query(Long.class).single();
		}

		long admins() {
			return this.jdbc.sql("SELECT COUNT(*) FROM users WHERE username = 'admin'").query(Long.class).single();
		}

		void startingAgainCreatesNoSecondAdmin() throws Exception {
			long before = accounts();
			this.bootstrap.run(null);
			assertThat(this.users.bootstrapAdmin("admin2", "another-password-1")).isNull();
			assertThat(accounts()).isEqualTo(before);
			assertThat(admins()).isEqualTo(1);
		}

	}

	@Nested
	@SecurityTestContext.Default
	class WithoutAdminPassword extends Fixture {

		@Test
		void theFirstAdminGetsAOneTimePasswordToChange() throws Exception {
			User admin = this.users.get("admin");
			assertThat(admin.role()).isEqualTo(Role.ADMIN);
			assertThat(admin.kind()).isEqualTo(AccountKind.HUMAN);
			assertThat(admin.authSource()).isEqualTo(AuthSource.LOCAL);
			assertThat(admin.enabled()).isTrue();
			assertThat(admin.mustChangePassword()).isTrue();
			startingAgainCreatesNoSecondAdmin();
		}

	}

	@Nested
	@SecurityTestContext.Strict
	class WithAdminPassword extends Fixture {

		@Test
		void theFirstAdminSignsInWithTheGivenPassword() throws Exception {
			SlipwayPrincipal admin = this.authenticator.password("admin", SecurityTestContext.STRICT_ADMIN_PASSWORD,
					"t", "session");
			assertThat(admin.role()).isEqualTo(Role.ADMIN);
			assertThat(admin.mustChangePassword()).isFalse();
			startingAgainCreatesNoSecondAdmin();
		}

	}

}
