package dev.slipway.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import dev.slipway.testsupport.OnPostgresql;
import dev.slipway.testsupport.WithSlipwayUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.CredentialsExpiredException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Password sign-in: throttling per user name and client address and per address on the
 * test clock, the refusals and timings that reveal nothing about which names exist, and
 * sessions that end when the account changes.
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

		@Autowired
		SignInThrottle throttle;

		@Autowired
		PasswordEncoder encoder;

		Accounts accounts;

		/** The address this test signs in from; no other test uses it. */
		String client;

		@BeforeEach
		void accounts() {
			this.accounts = Accounts.of(this.context);
			this.client = Accounts.client();
		}

		@Test
		void failuresAreThrottledWithDoublingWaitsThenLockTheNameFromThatAddressForAWhile() {
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
			// That was the tenth failure: locked for 15 minutes, from this address.
			assertThrottled(name, Accounts.PASSWORD, 15 * 60);
			assertThat(this.users.get(name).lockedAt(this.clock.millis())).isTrue();
			this.clock.advance(Duration.ofMinutes(15).minusSeconds(1));
			assertThrottled(name, Accounts.PASSWORD, 1);
			this.clock.advance(Duration.ofSeconds(1));

			assertThat(this.authenticator.password(name, Accounts.PASSWORD, this.client, "session").username())
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
			assertThat(this.authenticator.password(name, Accounts.PASSWORD, this.client, "basic").username())
				.isEqualTo(name);
			assertWrongPassword(name);
			assertWrongPassword(name);
			assertWrongPassword(name);
			assertThrottled(name, Accounts.PASSWORD, 1);
		}

		@Test
		void unknownNamesAreThrottledAndLockedExactlyLikeExistingOnes() {
			String existing = this.accounts.editor().username();
			String unknown = Accounts.unique("nobody");
			String otherClient = Accounts.client();
			// Same wrong password, same clock, each name from its own address: every
			// answer
			// is the same, failures, throttled refusals and the lock alike.
			for (int failure = 1; failure <= 10; failure++) {
				assertThat(outcome(unknown, WRONG, otherClient)).as("failure %d", failure)
					.isEqualTo(outcome(existing, WRONG, this.client))
					.startsWith("BadCredentialsException");
				if (failure >= 3) {
					assertThat(outcome(unknown, WRONG, otherClient)).as("refusal after failure %d", failure)
						.isEqualTo(outcome(existing, WRONG, this.client))
						.startsWith("LoginThrottledException");
					this.clock.advance(Duration.ofSeconds(61));
				}
			}
			assertThat(outcome(existing, Accounts.PASSWORD, this.client))
				.isEqualTo(outcome(unknown, Accounts.PASSWORD, otherClient))
				.contains("locked for a while");
		}

		@Test
		void unknownAndExistingNamesTakeTheSameTimeBeforeAndAfterTheThrottle() {
			List<Long> existingFailures = new ArrayList<>();
			List<Long> unknownFailures = new ArrayList<>();
			List<Long> existingRefusals = new ArrayList<>();
			List<Long> unknownRefusals = new ArrayList<>();
			List<String> names = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				names.add(this.accounts.viewer().username());
			}
			for (String existing : names) {
				String unknown = Accounts.unique("nobody");
				String existingClient = Accounts.client();
				String unknownClient = Accounts.client();
				existingFailures.add(nanos(() -> outcome(existing, WRONG, existingClient)));
				unknownFailures.add(nanos(() -> outcome(unknown, WRONG, unknownClient)));
				for (int i = 0; i < 2; i++) {
					outcome(existing, WRONG, existingClient);
					outcome(unknown, WRONG, unknownClient);
				}
				existingRefusals.add(nanos(() -> outcome(existing, WRONG, existingClient)));
				unknownRefusals.add(nanos(() -> outcome(unknown, WRONG, unknownClient)));
			}
			// The password hash (tens of milliseconds) is done for both or for neither.
			assertThat(ratio(median(existingFailures), median(unknownFailures)))
				.as("wrong password %d ns, unknown name %d ns", median(existingFailures), median(unknownFailures))
				.isLessThan(2.0);
			assertThat(ratio(median(existingRefusals), median(unknownRefusals)))
				.as("throttled existing name %d ns, throttled unknown name %d ns", median(existingRefusals),
						median(unknownRefusals))
				.isLessThan(3);
			assertThat(median(existingRefusals)).isLessThan(median(existingFailures));
		}

		@Test
		void aLockFromOneAddressDoesNotRefuseTheOwnerAtAnother() {
			SlipwayPrincipal admin = this.accounts.anotherAdmin();
			String attacker = this.client;
			String owner = Accounts.client();
			lockFrom(admin.username(), attacker);
			assertThat(this.authenticator.password(admin.username(), Accounts.PASSWORD, owner, "session").userId())
				.isEqualTo(admin.userId());
			// The owner's success lifts nothing at the attacker's address.
			assertThrottled(admin.username(), Accounts.PASSWORD, attacker, 15 * 60 - 60);
			assertWrongPassword(admin.username(), owner);
		}

		@Test
		void anAddressSprayingManyNamesIsRefusedForEveryName() {
			String sprayer = this.client;
			SlipwayPrincipal victim = this.accounts.viewer();
			for (int i = 0; i < 20; i++) {
				String name = (i % 2 == 0) ? this.accounts.viewer().username() : Accounts.unique("guess");
				assertWrongPassword(name, sprayer);
			}
			// Twenty failures from one address, each name only once: the next attempt
			// from
			// it waits, whatever the name, even with the right password.
			assertThrottled(victim.username(), Accounts.PASSWORD, sprayer, 1);
			assertThrottled(Accounts.unique("guess"), WRONG, sprayer, 1);
			assertThat(this.authenticator.password(victim.username(), Accounts.PASSWORD, Accounts.client(), "basic")
				.userId()).isEqualTo(victim.userId());
			this.clock.advance(Duration.ofSeconds(1));
			assertWrongPassword(Accounts.unique("guess"), sprayer);
			assertThrottled(victim.username(), Accounts.PASSWORD, sprayer, 2);
		}

		@Test
		void anAdminsUnlockLiftsTheLockFromEveryAddress() {
			String name = this.accounts.editor().username();
			String first = this.client;
			String second = Accounts.client();
			lockFrom(name, first);
			lockFrom(name, second);
			assertThat(this.users.get(name).lockedAt(this.clock.millis())).isTrue();

			assertThat(this.users.unlock(name).lockedUntil()).isNull();
			assertThat(this.authenticator.password(name, Accounts.PASSWORD, first, "session").username())
				.isEqualTo(name);
			assertThat(this.authenticator.password(name, Accounts.PASSWORD, second, "session").username())
				.isEqualTo(name);
		}

		@Test
		void replicasOnOneDatabaseShareTheThrottle(@Autowired SignInFailures failures,
				@Autowired UserRepository userRows, @Autowired ApiTokenRepository tokenRows,
				@Autowired SecuritySettings settings) {
			// A second replica: its own throttle and authenticator over the same
			// database.
			Authenticator replica = new Authenticator(userRows, tokenRows, this.encoder,
					new SignInThrottle(failures, settings, this.clock), this.clock, new TokenCache(Duration.ZERO));
			String name = this.accounts.editor().username();
			assertWrongPassword(name);
			assertThatThrownBy(() -> replica.password(name, WRONG, this.client, "session"))
				.isExactlyInstanceOf(BadCredentialsException.class);
			assertWrongPassword(name);
			assertThatThrownBy(() -> replica.password(name, Accounts.PASSWORD, this.client, "session"))
				.isInstanceOfSatisfying(LoginThrottledException.class,
						(ex) -> assertThat(ex.retryAfterSeconds()).isEqualTo(1));
		}

		@Test
		void unknownUsersAndServiceAccountsGetBadCredentials() {
			SlipwayPrincipal service = this.accounts.service(Role.EDITOR);
			assertThatThrownBy(() -> this.authenticator.password("nobody-" + System.nanoTime(), Accounts.PASSWORD,
					this.client, "session"))
				.isInstanceOf(BadCredentialsException.class);
			assertThatThrownBy(
					() -> this.authenticator.password(service.username(), Accounts.PASSWORD, this.client, "basic"))
				.isInstanceOf(BadCredentialsException.class);
			assertThatThrownBy(() -> this.authenticator.password(service.username(), "", this.client, "basic"))
				.isInstanceOf(BadCredentialsException.class);
			assertThatThrownBy(() -> this.authenticator.password(null, Accounts.PASSWORD, this.client, "basic"))
				.isInstanceOf(BadCredentialsException.class);
		}

		@Test
		void aDisabledAccountIsReportedOnlyAfterTheRightPassword() {
			SlipwayPrincipal editor = this.accounts.editor();
			this.users.update(editor.username(), new UserChanges(null, false, null, null));
			assertWrongPassword(editor.username());
			assertThatThrownBy(
					() -> this.authenticator.password(editor.username(), Accounts.PASSWORD, this.client, "session"))
				.isInstanceOf(DisabledException.class);
		}

		@Test
		void userNamesAreMatchedWhateverTheirCase() {
			SlipwayPrincipal editor = this.accounts.editor();
			SlipwayPrincipal signedIn = this.authenticator.password(" " + editor.username().toUpperCase() + " ",
					Accounts.PASSWORD, this.client, "session");
			assertThat(signedIn.userId()).isEqualTo(editor.userId());
			assertThat(signedIn.method()).isEqualTo("session");
			assertThat(signedIn.role()).isEqualTo(Role.EDITOR);
		}

		@Test
		void aSessionEndsWhenTheAccountsRoleStatusOrPasswordChanges() {
			SlipwayPrincipal editor = this.accounts.editor();
			SlipwayPrincipal session = this.authenticator.password(editor.username(), Accounts.PASSWORD, this.client,
					"session");
			assertThat(this.authenticator.refresh(session)).hasValue(session);

			this.clock.advance(Duration.ofSeconds(1));
			this.users.update(editor.username(), new UserChanges(Role.MAINTAINER, null, null, null));
			assertThat(this.authenticator.refresh(session)).isEmpty();

			SlipwayPrincipal promoted = this.authenticator.password(editor.username(), Accounts.PASSWORD, this.client,
					"session");
			assertThat(promoted.role()).isEqualTo(Role.MAINTAINER);
			assertThat(this.authenticator.refresh(promoted)).isPresent();
			this.users.update(editor.username(), new UserChanges(null, null, "Renamed Only", null));
			assertThat(this.authenticator.refresh(promoted)).isPresent();

			this.clock.advance(Duration.ofSeconds(1));
			SlipwayPrincipal otherSession = this.authenticator.password(editor.username(), Accounts.PASSWORD,
					this.client, "session");
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
		void aRevokedTokenStopsAtOnceOnItsReplicaAndWithinTheCacheTimeOnAnother(@Autowired SignInFailures failures,
				@Autowired UserRepository userRows, @Autowired ApiTokenRepository tokenRows,
				@Autowired SecuritySettings settings, @Autowired ApiTokenService tokens) throws InterruptedException {
			Authenticator other = new Authenticator(userRows, tokenRows, this.encoder,
					new SignInThrottle(failures, settings, this.clock), this.clock,
					new TokenCache(Duration.ofSeconds(3)));
			this.accounts.actAs(this.accounts.editor());
			CreatedToken created = tokens.create(new NewToken("ci", null, null));
			assertThat(this.authenticator.token(created.secret(), this.client).username()).isNotNull();
			assertThat(other.token(created.secret(), this.client).username()).isNotNull();
			long readAt = System.nanoTime();

			tokens.revoke(created.token().id());

			assertThatThrownBy(() -> this.authenticator.token(created.secret(), this.client))
				.as("the replica that revoked it")
				.isInstanceOf(BadCredentialsException.class);
			if (System.nanoTime() - readAt < 2_000_000_000L) {
				assertThat(other.token(created.secret(), this.client).username())
					.as("another replica trusts what it read for its cache time")
					.isNotNull();
			}
			Thread.sleep(Math.max(0, 3_100 - (System.nanoTime() - readAt) / 1_000_000));
			assertThatThrownBy(() -> other.token(created.secret(), this.client)).as("another replica, after the TTL")
				.isInstanceOf(BadCredentialsException.class);
		}

		/**
		 * The prediction routes' fast lane asks {@code validToken} and leaves every token
		 * it finds invalid to the regular path: it must accept exactly what {@code token}
		 * accepts.
		 */
		@Test
		void validTokenAcceptsExactlyWhatTokenAccepts(@Autowired ApiTokenService tokens) {
			SlipwayPrincipal editor = this.accounts.editor();
			this.accounts.actAs(editor);
			CreatedToken valid = tokens.create(new NewToken("lane", null, null));
			CreatedToken expiring = tokens.create(new NewToken("short", this.clock.millis() + 60_000, null));
			CreatedToken revoked = tokens.create(new NewToken("gone", null, null));
			tokens.revoke(revoked.token().id());

			assertThat(this.authenticator.validToken(valid.secret()))
				.hasValue(this.authenticator.token(valid.secret(), this.client));
			assertThat(this.authenticator.validToken(expiring.secret())).isPresent();
			assertThat(this.authenticator.validToken(revoked.secret())).isEmpty();
			assertThat(this.authenticator.validToken("slw_" + "x".repeat(40))).isEmpty();
			assertThat(this.authenticator.validToken("not a token")).isEmpty();

			this.clock.advance(Duration.ofMinutes(2));
			assertThat(this.authenticator.validToken(expiring.secret())).isEmpty();
			assertThatThrownBy(() -> this.authenticator.token(expiring.secret(), this.client))
				.isInstanceOf(CredentialsExpiredException.class);

			this.accounts.actAs(this.accounts.anotherAdmin());
			this.users.update(editor.username(), new UserChanges(null, false, null, null));
			assertThat(this.authenticator.validToken(valid.secret())).as("its owner disabled").isEmpty();
			assertThatThrownBy(() -> this.authenticator.token(valid.secret(), this.client))
				.isInstanceOf(DisabledException.class);
		}

		@Test
		void anInvokeOnlyTokenIsItsOwnerLimitedToOneDeploymentAndCannotSignIn(@Autowired ApiTokenService tokens) {
			SlipwayPrincipal admin = this.accounts.anotherAdmin();
			this.accounts.actAs(admin);
			CreatedToken created = tokens.createInvokeToken(42L, "checkout", null);
			assertThat(created.token().deploymentId()).isEqualTo(42L);

			SlipwayPrincipal caller = this.authenticator.token(created.secret(), this.client);
			assertThat(caller.userId()).isEqualTo(admin.userId());
			assertThat(caller.invokeDeploymentId()).isEqualTo(42L);
			assertThat(caller.isAdmin()).as("the owner's role does not come with it").isFalse();
			assertThat(new SlipwayAuthentication(caller).getAuthorities()).extracting(Object::toString)
				.containsExactly(SlipwayAuthentication.INVOKE_ONLY_AUTHORITY);
			assertThat(this.authenticator.password(admin.username(), created.secret(), this.client, "basic")
				.invokeDeploymentId()).as("as a Basic password, as MLflow clients send it").isEqualTo(42L);
			assertThatThrownBy(
					() -> this.authenticator.password(admin.username(), created.secret(), this.client, "session"))
				.isInstanceOf(BadCredentialsException.class)
				.hasMessageContaining("invoke-only");

			assertThat(tokens.invokeTokens(42L)).extracting(ApiToken::id).containsExactly(created.token().id());
			assertThat(tokens.revokeInvokeTokens(42L)).isEqualTo(1);
			assertThatThrownBy(() -> this.authenticator.token(created.secret(), this.client))
				.isInstanceOf(BadCredentialsException.class);
		}

		@Test
		void aPasswordChangedInTheSameMillisecondAsTheLastChangeEndsTheOldOne() {
			// The test clock stands still, as a fast server's clock does within a
			// millisecond: the account is created, signs in and gets a new password at
			// the
			// same instant.
			SlipwayPrincipal editor = this.accounts.editor();
			SlipwayPrincipal session = this.authenticator.password(editor.username(), Accounts.PASSWORD, this.client,
					"basic");
			this.users.setPassword(editor.username(), "a-brand-new-password", false);
			assertThatThrownBy(
					() -> this.authenticator.password(editor.username(), Accounts.PASSWORD, this.client, "basic"))
				.isInstanceOf(BadCredentialsException.class);
			assertThat(this.authenticator.refresh(session)).isEmpty();
		}

		private void assertWrongPassword(String name) {
			assertWrongPassword(name, this.client);
		}

		private void assertWrongPassword(String name, String client) {
			assertThatThrownBy(() -> this.authenticator.password(name, WRONG, client, "session"))
				.isExactlyInstanceOf(BadCredentialsException.class);
		}

		private void assertThrottled(String name, String password, long retryAfterSeconds) {
			assertThrottled(name, password, this.client, retryAfterSeconds);
		}

		private void assertThrottled(String name, String password, String client, long retryAfterSeconds) {
			assertThatThrownBy(() -> this.authenticator.password(name, password, client, "session"))
				.isInstanceOfSatisfying(LoginThrottledException.class,
						(ex) -> assertThat(ex.retryAfterSeconds()).isEqualTo(retryAfterSeconds));
		}

		/**
		 * Fails ten times from {@code client}, waiting out each throttle: locked there.
		 */
		private void lockFrom(String name, String client) {
			for (int i = 0; i < 10; i++) {
				assertWrongPassword(name, client);
				this.clock.advance(Duration.ofMinutes(1));
			}
			assertThrottled(name, Accounts.PASSWORD, client, 15 * 60 - 60);
		}

		/** What an attempt answers: the exception's class, message and Retry-After. */
		private String outcome(String name, String password, String client) {
			try {
				return "signed in as " + this.authenticator.password(name, password, client, "basic").username();
			}
			catch (LoginThrottledException ex) {
				return ex.getClass().getSimpleName() + ": " + ex.getMessage() + " (retry after "
						+ ex.retryAfterSeconds() + " s)";
			}
			catch (RuntimeException ex) {
				return ex.getClass().getSimpleName() + ": " + ex.getMessage();
			}
		}

		/** Runs {@code attempt}, answering how long it took in nanoseconds. */
		private static long nanos(Supplier<String> attempt) {
			long start = System.nanoTime();
			attempt.get();
			return System.nanoTime() - start;
		}

		private static long median(List<Long> values) {
			long[] sorted = values.stream().mapToLong(Long::longValue).toArray();
			Arrays.sort(sorted);
			return sorted[sorted.length / 2];
		}

		/**
		 * How many times slower the slower median is, with anything under 5 ms counted as
		 * 5 ms (the scheduler's noise, not the work done).
		 */
		private static double ratio(long aNanos, long bNanos) {
			double floor = Duration.ofMillis(5).toNanos();
			return Math.max(aNanos, bNanos) / Math.max(floor, Math.min(aNanos, bNanos));
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
