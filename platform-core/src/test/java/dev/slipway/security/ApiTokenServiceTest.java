package dev.slipway.security;

import java.time.Duration;
import java.util.Map;

import dev.slipway.error.ErrorCode;
import dev.slipway.testsupport.OnPostgresql;
import dev.slipway.testsupport.WithSlipwayUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.CredentialsExpiredException;
import org.springframework.security.authentication.DisabledException;

import static dev.slipway.security.SecurityAssertions.assertDenied;
import static dev.slipway.security.SecurityAssertions.assertFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * API tokens: who may create them for whom, how they are stored, and how they stop
 * working (expiry on the test clock, revocation, a disabled owner).
 */
class ApiTokenServiceTest {

	@WithSlipwayUser
	abstract static class Fixture {

		@Autowired
		ApplicationContext context;

		@Autowired
		ApiTokenService tokens;

		@Autowired
		Authenticator authenticator;

		@Autowired
		UserService users;

		@Autowired
		MutableClock clock;

		@Autowired
		JdbcClient jdbc;

		Accounts accounts;

		@BeforeEach
		void accounts() {
			this.accounts = Accounts.of(this.context);
		}

		long hoursFromNow(long hours) {
			return this.clock.millis() + Duration.ofHours(hours).toMillis();
		}

	}

	abstract static class Contract extends Fixture {

		@Test
		void aTokenActsAsItsOwnerUntilItExpires() {
			SlipwayPrincipal editor = this.accounts.editor();
			this.accounts.actAs(editor);
			CreatedToken created = this.tokens.create(new NewToken(" laptop ", hoursFromNow(1), null));
			assertThat(created.secret()).matches("slw_[A-Za-z0-9_-]{43}");
			assertThat(created.token().name()).isEqualTo("laptop");
			assertThat(created.token().username()).isEqualTo(editor.username());
			assertThat(created.token().createdBy()).isEqualTo(editor.username());
			assertThat(created.token().prefix()).isEqualTo(created.secret().substring(0, 10));

			SlipwayPrincipal viaBearer = this.authenticator.token(created.secret(), "10.0.0.2");
			assertThat(viaBearer.userId()).isEqualTo(editor.userId());
			assertThat(viaBearer.method()).isEqualTo("token");
			SlipwayPrincipal viaBasic = this.authenticator.password(editor.username(), created.secret(), "10.0.0.2",
					"basic");
			assertThat(viaBasic.userId()).isEqualTo(editor.userId());
			assertThat(this.tokens.get(created.token().id()).lastUsedAt()).isEqualTo(this.clock.millis());

			this.clock.advance(Duration.ofHours(1).minusMillis(1));
			assertThat(this.authenticator.token(created.secret(), "t").userId()).isEqualTo(editor.userId());
			this.clock.advance(Duration.ofMillis(1));
			assertThatThrownBy(() -> this.authenticator.token(created.secret(), "t"))
				.isInstanceOf(CredentialsExpiredException.class);
		}

		@Test
		void theSecretIsStoredOnlyAsItsSha256() {
			this.accounts.actAs(this.accounts.viewer());
			CreatedToken created = this.tokens.create(new NewToken("ci", null, null));
			Map<String, Object> row = this.jdbc.sql("SELECT * FROM api_tokens WHERE id = ?")
				.param(created.token().id())
				.query()
				.singleRow();
			assertThat(row).containsEntry(key(row, "token_hash"), Authenticator.sha256(created.secret()))
				.containsEntry(key(row, "token_prefix"), created.secret().substring(0, 10));
			assertThat(row.values()).allSatisfy(
					(value) -> assertThat(String.valueOf(value).trim()).doesNotContain(created.secret().substring(10)));
		}

		private static String key(Map<String, Object> row, String column) {
			return row.keySet().stream().filter(column::equalsIgnoreCase).findFirst().orElseThrow();
		}

		@Test
		void aRevokedTokenStopsAtOnceAndRevokingTwiceIsHarmless() {
			SlipwayPrincipal editor = this.accounts.editor();
			this.accounts.actAs(editor);
			CreatedToken created = this.tokens.create(new NewToken("script", null, null));
			ApiToken revoked = this.tokens.revoke(created.token().id());
			assertThat(revoked.revokedAt()).isEqualTo(this.clock.millis());
			assertThatThrownBy(() -> this.authenticator.token(created.secret(), "t"))
				.isInstanceOf(BadCredentialsException.class)
				.hasMessageContaining("revoked");
			assertThatThrownBy(() -> this.authenticator.password(editor.username(), created.secret(), "t", "basic"))
				.isInstanceOf(BadCredentialsException.class);
			this.clock.advance(Duration.ofSeconds(5));
			assertThat(this.tokens.revoke(created.token().id()).revokedAt()).isEqualTo(revoked.revokedAt());
			assertThatThrownBy(() -> this.authenticator.token("slw_" + "A".repeat(43), "t"))
				.isInstanceOf(BadCredentialsException.class);
			assertThatThrownBy(() -> this.authenticator.token("not-a-token", "t"))
				.isInstanceOf(BadCredentialsException.class);
		}

		@Test
		void aDisabledOwnersTokensStopUntilTheOwnerIsEnabledAgain() {
			SlipwayPrincipal editor = this.accounts.editor();
			this.accounts.actAs(editor);
			String secret = this.tokens.create(new NewToken("nightly", null, null)).secret();
			this.accounts.actAsAdmin();
			this.users.update(editor.username(), new UserChanges(null, false, null, null));
			assertThatThrownBy(() -> this.authenticator.token(secret, "t")).isInstanceOf(DisabledException.class);
			this.users.update(editor.username(), new UserChanges(null, true, null, null));
			assertThat(this.authenticator.token(secret, "t").username()).isEqualTo(editor.username());
			this.users.delete(editor.username());
			assertThatThrownBy(() -> this.authenticator.token(secret, "t")).isInstanceOf(BadCredentialsException.class);
		}

		@Test
		void peopleCreateTheirOwnTokensAndAdminsOnlyThoseOfServiceAccounts() {
			SlipwayPrincipal editor = this.accounts.editor();
			SlipwayPrincipal colleague = this.accounts.editor();
			SlipwayPrincipal service = this.accounts.service(Role.EDITOR);

			this.accounts.actAs(editor);
			assertThat(
					this.tokens.create(new NewToken("mine", null, editor.username().toUpperCase())).token().username())
				.isEqualTo(editor.username());
			assertFails(ErrorCode.PERMISSION_DENIED,
					() -> this.tokens.create(new NewToken("theirs", null, colleague.username())));
			assertFails(ErrorCode.PERMISSION_DENIED,
					() -> this.tokens.create(new NewToken("robot", null, service.username())));

			this.accounts.actAsAdmin();
			assertFails(ErrorCode.PERMISSION_DENIED,
					() -> this.tokens.create(new NewToken("theirs", null, colleague.username())));
			assertFails(ErrorCode.NOT_FOUND, () -> this.tokens.create(new NewToken("x", null, "no-such-account")));
			CreatedToken forService = this.tokens.create(new NewToken("pipeline", null, service.username()));
			assertThat(forService.token().username()).isEqualTo(service.username());
			assertThat(forService.token().createdBy()).isEqualTo(this.accounts.admin().username());
			SlipwayPrincipal robot = this.authenticator.token(forService.secret(), "t");
			assertThat(robot.kind()).isEqualTo(AccountKind.SERVICE);

			this.accounts.actAs(robot);
			assertFails(ErrorCode.PERMISSION_DENIED, () -> this.tokens.create(new NewToken("more", null, null)));
		}

		@Test
		void aTokenNeedsANameAndAnExpiryInTheFuture() {
			this.accounts.actAs(this.accounts.editor());
			assertFails(ErrorCode.INVALID_ARGUMENT, () -> this.tokens.create(new NewToken("  ", null, null)));
			assertFails(ErrorCode.INVALID_ARGUMENT,
					() -> this.tokens.create(new NewToken("x".repeat(101), null, null)));
			assertFails(ErrorCode.INVALID_ARGUMENT,
					() -> this.tokens.create(new NewToken("past", this.clock.millis(), null)));
			assertThat(this.tokens.create(new NewToken("soon", this.clock.millis() + 1, null)).token().expiresAt())
				.isEqualTo(this.clock.millis() + 1);
		}

		@Test
		void ownersAndAdminsListAndRevokeTokensOthersDoNotSeeThem() {
			SlipwayPrincipal owner = this.accounts.editor();
			SlipwayPrincipal other = this.accounts.maintainer();
			this.accounts.actAs(owner);
			ApiToken first = this.tokens.create(new NewToken("first", null, null)).token();
			ApiToken second = this.tokens.create(new NewToken("second", null, null)).token();
			assertThat(this.tokens.list(null)).extracting(ApiToken::id).containsExactly(second.id(), first.id());
			assertThat(this.tokens.list(owner.username())).extracting(ApiToken::id)
				.containsExactly(second.id(), first.id());

			this.accounts.actAs(other);
			assertThat(this.tokens.list(null)).isEmpty();
			assertDenied(() -> this.tokens.list(owner.username()));
			assertDenied(() -> this.tokens.list("*"));
			assertFails(ErrorCode.NOT_FOUND, () -> this.tokens.get(first.id()));
			assertFails(ErrorCode.NOT_FOUND, () -> this.tokens.revoke(first.id()));

			this.accounts.actAsAdmin();
			assertThat(this.tokens.list(owner.username())).extracting(ApiToken::id)
				.containsExactly(second.id(), first.id());
			assertThat(this.tokens.list("*")).extracting(ApiToken::id).contains(first.id(), second.id());
			assertThat(this.tokens.revoke(first.id()).revokedAt()).isNotNull();

			this.accounts.actAs(owner);
			assertThat(this.tokens.revoke(second.id()).activeAt(this.clock.millis())).isFalse();
		}

	}

	/** Strict settings: tokens of at most 7 days, at most 2 active per account. */
	abstract static class StrictContract extends Fixture {

		@Test
		void tokensMustExpireWithinTheMaximumLifetime() {
			this.accounts.actAs(this.accounts.editor());
			assertFails(ErrorCode.INVALID_ARGUMENT, () -> this.tokens.create(new NewToken("forever", null, null)));
			assertFails(ErrorCode.INVALID_ARGUMENT,
					() -> this.tokens.create(new NewToken("long", hoursFromNow(7 * 24) + 1, null)));
			assertThat(this.tokens.create(new NewToken("week", hoursFromNow(7 * 24), null)).token().expiresAt())
				.isEqualTo(hoursFromNow(7 * 24));
		}

		@Test
		void anAccountHoldsAtMostTwoActiveTokens() {
			this.accounts.actAs(this.accounts.editor());
			ApiToken first = this.tokens.create(new NewToken("one", hoursFromNow(1), null)).token();
			this.tokens.create(new NewToken("two", hoursFromNow(2), null));
			assertFails(ErrorCode.INVALID_STATE,
					() -> this.tokens.create(new NewToken("three", hoursFromNow(2), null)));

			this.tokens.revoke(first.id());
			this.tokens.create(new NewToken("three", hoursFromNow(2), null));
			assertFails(ErrorCode.INVALID_STATE, () -> this.tokens.create(new NewToken("four", hoursFromNow(2), null)));

			// Expired tokens no longer count.
			this.clock.advance(Duration.ofHours(2));
			this.tokens.create(new NewToken("five", hoursFromNow(1), null));
			this.tokens.create(new NewToken("six", hoursFromNow(1), null));
			assertThat(this.tokens.list(null)).filteredOn((token) -> token.activeAt(this.clock.millis())).hasSize(2);
		}

	}

	@Nested
	@SecurityTestContext.Default
	@OnPostgresql
	class Postgresql extends Contract {

	}

	@Nested
	@SecurityTestContext.Default
	class EmbeddedH2 extends Contract {

	}

	@Nested
	@SecurityTestContext.Strict
	@OnPostgresql
	class StrictPostgresql extends StrictContract {

	}

	@Nested
	@SecurityTestContext.Strict
	class StrictEmbeddedH2 extends StrictContract {

	}

}
