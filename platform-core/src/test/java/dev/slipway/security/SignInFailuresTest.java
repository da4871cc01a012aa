package dev.slipway.security;

import java.time.Duration;

import dev.slipway.testsupport.OnPostgresql;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The failed sign-in counts in the database: one row per name and client and one per
 * client, counts that start again after a quiet lock duration, and the purge of what
 * nobody remembers any more.
 */
class SignInFailuresTest {

	abstract static class Contract {

		@Autowired
		SignInFailures failures;

		@Autowired
		SignInThrottle throttle;

		@Autowired
		MutableClock clock;

		@Test
		void aFailureCountsForTheNameFromTheClientAndForTheClient() {
			String name = Accounts.unique("someone");
			String client = Accounts.client();
			long now = this.clock.millis();
			this.failures.add(name, client, now, now - 1);
			this.failures.add(name, client, now + 1, now - 1);
			this.failures.add(Accounts.unique("other"), client, now + 2, now - 1);

			SignInFailures.Counts counts = this.failures.read(name, client);
			assertThat(counts.name()).isEqualTo(new SignInFailures.Count(2, now + 1, true));
			assertThat(counts.client()).isEqualTo(new SignInFailures.Count(3, now + 2, true));
			assertThat(this.failures.read(name, Accounts.client()))
				.isEqualTo(new SignInFailures.Counts(SignInFailures.Count.NONE, SignInFailures.Count.NONE));

			this.failures.clear(name, client);
			assertThat(this.failures.read(name, client).name()).isEqualTo(SignInFailures.Count.NONE);
			assertThat(this.failures.read(name, client).client().failures()).isEqualTo(3);
		}

		@Test
		void aFailureAfterAQuietSpellCountsFromOneAgain() {
			String name = Accounts.unique("someone");
			String client = Accounts.client();
			long now = this.clock.millis();
			for (int i = 0; i < 5; i++) {
				this.failures.add(name, client, now, now - 1);
			}
			long later = now + Duration.ofMinutes(16).toMillis();
			this.failures.add(name, client, later, later - Duration.ofMinutes(15).toMillis());
			assertThat(this.failures.read(name, client).name().failures()).isEqualTo(1);
			assertThat(this.failures.read(name, client).client().failures()).isEqualTo(1);
		}

		@Test
		void thePurgeDeletesOnlyCountsOlderThanTheLockDuration() {
			String old = Accounts.unique("old");
			String recent = Accounts.unique("recent");
			String oldClient = Accounts.client();
			String recentClient = Accounts.client();
			long start = this.clock.millis();
			this.failures.add(old, oldClient, start, start - 1);
			this.clock.advance(Duration.ofMinutes(10));
			this.failures.add(recent, recentClient, this.clock.millis(), start - 1);
			this.clock.advance(Duration.ofMinutes(6));

			assertThat(this.throttle.purge()).isGreaterThanOrEqualTo(2);
			assertThat(this.failures.read(old, oldClient))
				.isEqualTo(new SignInFailures.Counts(SignInFailures.Count.NONE, SignInFailures.Count.NONE));
			assertThat(this.failures.read(recent, recentClient).name().failures()).isEqualTo(1);
			assertThat(this.failures.read(recent, recentClient).client().failures()).isEqualTo(1);
		}

		@Test
		void aNamesLockIsTheLatestOfItsLockedClients() {
			String name = Accounts.unique("locked");
			String first = Accounts.client();
			String second = Accounts.client();
			long start = this.clock.millis();
			for (int i = 0; i < 10; i++) {
				this.failures.add(name, first, start, start - 1);
				this.failures.add(name, second, start + 1000, start - 1);
			}
			this.failures.add(Accounts.unique("unlocked"), first, start, start - 1);
			assertThat(this.throttle.lockedUntil(name)).isEqualTo(start + 1000 + Duration.ofMinutes(15).toMillis());

			this.throttle.forget(name);
			assertThat(this.throttle.lockedUntil(name)).isNull();
			assertThat(this.failures.read(name, first).client().failures()).isEqualTo(11);
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
