package dev.slipway.security;

import java.time.Duration;
import java.util.List;

import dev.slipway.testsupport.OnPostgresql;
import dev.slipway.testsupport.WithSlipwayUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Password sign-in: throttling and lockout on the test clock, the refusals that reveal
 * nothing, and sessions that end when the account changes.
 */
class AuthenticatorTest {

	@WithSlipwayUser
	abstract static class Contract {

		private static final String WRONG = "not-the-password";

		@Autowired
		ApplicationContext context;

		@Autowired
		Authenticator authenticator;

		@Autowired
		UserService users;

		@Autowired
		MutableClock clock;

		Accounts accounts;

		@BeforeEach
		void accounts() {
			this.accounts = Accounts.of(this.context);
		}

		@Test
		void failuresAreThrottledWithDoublingWaitsThenLockTheAccountForAWhile() {
			String name = this.accounts.editor().username();
			for (int i = 0; i < 3; i++) {
				assertWrongPassword(name);
			}
			// From the third failure on, each attempt waits 1 s, doubling up to 60 s; a
			// refused attempt is not checked, even with the right password, nor counted.
			for (long wait : List.of(1L, 2L, 4L, 8L, 16L, 32L, 60L)) {
				assertThrottled(name, Accounts.PASSWORD, wait);
				this.clock.advance(Duration.ofSeconds(wait).minusMillis(1));
				assertThrottled(name, WRONG, 1);
				this.clock.advance(Duration.ofMillis(1));
				assertWrongPassword(name);
			}
			// That was the tenth failure: locked for 15 minutes.
			assertThrottled(name, Accounts.PASSWORD, 15 * 60);
			assertThat(this.users.get(name).lockedAt(this.clock.millis())).isTrue();
			this.clock.advance(Duration.ofMinutes(15).minusSeconds(1));
			assertThrottled(name, Accounts.PASSWORD, 1);
			this.clock.advance(Duration.ofSeconds(1));

			assertThat(this.authenticator.password(name, Accounts.PASSWORD, "10.0.0.1", "session").username())
				.isEqualTo(name);
			User unlocked = this.users.get(name);
			assertThat(unlocked.lockedUntil()).isNull();
			assertThat(unlocked.lastLoginAt()).isEqualTo(this.clock.millis());
		}

		@Test
		void aSuccessfulSignInClearsTheFailures() {
			String name = this.accounts.viewer().username();
			assertWrongPassword(name);
			assertWrongPassword(name);
			assertThat(this.authenticator.password(name, Accounts.PASSWORD, "t", "basic").username()).isEqualTo(name);
			assertWrongPassword(name);
			assertWrongPassword(name);
			assertWrongPassword(name);
			assertThrottled(name, Accounts.PASSWORD, 1);
		}

		@Test
		void unknownUsersAndServiceAccountsGetBadCredentials() {
			SlipwayPrincipal service = this.accounts.service(Role.EDITOR);
			assertThatThrownBy(
					() -> this.authenticator.password("nobody-" + System.nanoTime(), Accounts.PASSWORD, "t", "session"))
				.isInstanceOf(BadCredentialsException.class);
			assertThatThrownBy(() -> this.authenticator.password(service.username(), Accounts.PASSWORD, "t", "basic"))
				.isInstanceOf(BadCredentialsException.class);
			assertThatThrownBy(() -> this.authenticator.password(service.username(), "", "t", "basic"))
				.isInstanceOf(BadCredentialsException.class);
			assertThatThrownBy(() -> this.authenticator.password(null, Accounts.PASSWORD, "t", "basic"))
				.isInstanceOf(BadCredentialsException.class);
		}

		@Test
		void aDisabledAccountIsReportedOnlyAfterTheRightPassword() {
			SlipwayPrincipal editor = this.accounts.editor();
			this.users.update(editor.username(), new UserChanges(null, false, null, null));
			assertWrongPassword(editor.username());
			assertThatThrownBy(() -> this.authenticator.password(editor.username(), Accounts.PASSWORD, "t", "session"))
				.isInstanceOf(DisabledException.class);
		}

		@Test
		void userNamesAreMatchedWhateverTheirCase() {
			SlipwayPrincipal editor = this.accounts.editor();
			SlipwayPrincipal signedIn = this.authenticator.password(" " + editor.username().toUpperCase() + " ",
					Accounts.PASSWORD, "t", "session");
			assertThat(signedIn.userId()).isEqualTo(editor.userId());
			assertThat(signedIn.method()).isEqualTo("session");
			assertThat(signedIn.role()).isEqualTo(Role.EDITOR);
		}

		@Test
		void aSessionEndsWhenTheAccountsRoleStatusOrPasswordChanges() {
			SlipwayPrincipal editor = this.accounts.editor();
			SlipwayPrincipal session = this.authenticator.password(editor.username(), Accounts.PASSWORD, "t",
					"session");
			assertThat(this.authenticator.refresh(session)).hasValue(session);

			this.clock.advance(Duration.ofSeconds(1));
			this.users.update(editor.username(), new UserChanges(Role.MAINTAINER, null, null, null));
			assertThat(this.authenticator.refresh(session)).isEmpty();

			SlipwayPrincipal promoted = this.authenticator.password(editor.username(), Accounts.PASSWORD, "t",
					"session");
			assertThat(promoted.role()).isEqualTo(Role.MAINTAINER);
			assertThat(this.authenticator.refresh(promoted)).isPresent();
			this.users.update(editor.username(), new UserChanges(null, null, "Renamed Only", null));
			assertThat(this.authenticator.refresh(promoted)).isPresent();

			this.clock.advance(Duration.ofSeconds(1));
			SlipwayPrincipal otherSession = this.authenticator.password(editor.username(), Accounts.PASSWORD, "t",
					"session");
			this.accounts.actAs(promoted);
			this.clock.advance(Duration.ofSeconds(1));
			SlipwayPrincipal kept = this.users.changeOwnPassword(Accounts.PASSWORD, "a-brand-new-password");
			assertThat(this.authenticator.refresh(otherSession)).isEmpty();
			assertThat(this.authenticator.refresh(kept)).isPresent();
			assertWrongPassword(editor.username());

			this.accounts.actAsAdmin();
			this.clock.advance(Duration.ofSeconds(1));
			this.users.update(editor.username(), new UserChanges(null, false, null, null));
			assertThat(this.authenticator.refresh(kept)).isEmpty();
		}

		@Test
		void aPasswordChangedInTheSameMillisecondAsTheLastChangeEndsTheOldOne() {
			// The test clock stands still, as a fast server's clock does within a
			// millisecond: the account is created, signs in and gets a new password at
			// the
			// same instant.
			SlipwayPrincipal editor = this.accounts.editor();
			SlipwayPrincipal session = this.authenticator.password(editor.username(), Accounts.PASSWORD, "t", "basic");
			this.users.setPassword(editor.username(), "a-brand-new-password", false);
			assertThatThrownBy(() -> this.authenticator.password(editor.username(), Accounts.PASSWORD, "t", "basic"))
				.isInstanceOf(BadCredentialsException.class);
			assertThat(this.authenticator.refresh(session)).isEmpty();
		}

		private void assertWrongPassword(String name) {
			assertThatThrownBy(() -> this.authenticator.password(name, WRONG, "10.0.0.1", "session"))
				.isExactlyInstanceOf(BadCredentialsException.class);
		}

		private void assertThrottled(String name, String password, long retryAfterSeconds) {
			assertThatThrownBy(() -> this.authenticator.password(name, password, "10.0.0.1", "session"))
				.isInstanceOfSatisfying(LoginThrottledException.class,
						(ex) -> assertThat(ex.retryAfterSeconds()).isEqualTo(retryAfterSeconds));
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

}
