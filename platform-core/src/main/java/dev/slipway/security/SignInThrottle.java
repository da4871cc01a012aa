package dev.slipway.security;

import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

/**
 * Slows password guessing down, as OWASP's Authentication Cheat Sheet describes: failures
 * are counted per user name and client address, and per client address across all names;
 * past a threshold each further attempt must wait, doubling from one second up to a
 * minute, and past a second threshold attempts are refused for the lock duration. A
 * refused attempt is not checked and not counted.
 * <p>
 * Keyed by the client as well as the name, so a stranger's failures never refuse the
 * owner of an account who signs in from elsewhere; and keyed by the name as typed, so an
 * unknown name is throttled exactly like an existing one and the answers tell nothing
 * about which names exist.
 */
@Component
class SignInThrottle {

	private static final long FIRST_WAIT_MILLIS = 1000;

	private static final long MAX_WAIT_MILLIS = 60_000;

	private final SignInFailures failures;

	private final SecuritySettings.Login settings;

	private final Clock clock;

	SignInThrottle(SignInFailures failures, SecuritySettings settings, Clock clock) {
		this.failures = failures;
		this.settings = settings.login();
		this.clock = clock;
	}

	/**
	 * One attempt the throttle let through.
	 *
	 * @param username the name as typed, normalized
	 * @param client the client address, for the log
	 * @param key the client as counted (see {@link AddressRanges#clientKey})
	 * @param name the failures counted for the name from the client before the attempt
	 * @param address the failures counted for the client before the attempt
	 */
	record Attempt(String username, String client, String key, SignInFailures.Count name,
			SignInFailures.Count address) {
	}

	/**
	 * Lets an attempt through or refuses it, whether or not the account exists.
	 * @throws LoginThrottledException when the name or the client must wait
	 */
	Attempt begin(String username, String client, long now) {
		String key = AddressRanges.clientKey(client);
		SignInFailures.Counts counts = this.failures.read(username, key);
		long forgetBefore = forgetBefore(now);
		SignInFailures.Count name = current(counts.name(), forgetBefore);
		SignInFailures.Count address = current(counts.client(), forgetBefore);
		long nameUntil = refusedUntil(name, this.settings.throttleAfter(), this.settings.lockAfter());
		long addressUntil = refusedUntil(address, this.settings.addressThrottleAfter(),
				this.settings.addressLockAfter());
		if (nameUntil > now || addressUntil > now) {
			boolean byAddress = addressUntil >= nameUntil;
			boolean locked = byAddress ? address.failures() >= this.settings.addressLockAfter()
					: name.failures() >= this.settings.lockAfter();
			SecurityEvents.warn("login.refused", "user=" + username + " client=" + client + " reason="
					+ (locked ? "locked" : "throttled") + (byAddress ? " scope=address" : ""));
			String message = "Too many failed sign-ins" + (byAddress ? " from this address" : "")
					+ (locked ? "; sign-in is locked for a while" : "; wait before trying again");
			throw new LoginThrottledException(message, seconds(Math.max(nameUntil, addressUntil) - now));
		}
		return new Attempt(username, client, key, name, address);
	}

	/** Counts a failed attempt: one write. */
	void failed(Attempt attempt, long now, String reason) {
		this.failures.add(attempt.username(), attempt.key(), now, forgetBefore(now));
		int name = attempt.name().failures() + 1;
		int address = attempt.address().failures() + 1;
		SecurityEvents.warn("login.failure", "user=" + attempt.username() + " client=" + attempt.client() + " reason="
				+ reason + " failures=" + name);
		if (name == this.settings.lockAfter()) {
			SecurityEvents.warn("login.locked", "user=" + attempt.username() + " client=" + attempt.client() + " for="
					+ this.settings.lockDuration());
		}
		if (address == this.settings.addressLockAfter()) {
			SecurityEvents.warn("login.locked",
					"client=" + attempt.client() + " scope=address for=" + this.settings.lockDuration());
		}
	}

	/**
	 * Forgets the name's failures from the client after a success; writes only when there
	 * were some. The client's count across names stays: signing in to one's own account
	 * must not reset a guessing spree on others.
	 */
	void succeeded(Attempt attempt) {
		if (attempt.name().stored()) {
			this.failures.clear(attempt.username(), attempt.key());
		}
	}

	/** Lifts every refusal of the name, from every client (an admin's unlock). */
	void forget(String username) {
		this.failures.clearName(username);
	}

	/**
	 * Until when sign-in of each of these names is locked from at least one client (epoch
	 * millis; past times for locks that ended); names without a lock are absent.
	 */
	Map<String, Long> lockedUntil(Collection<String> usernames) {
		Map<String, Long> until = new LinkedHashMap<>();
		this.failures.lastFailureReaching(usernames, this.settings.lockAfter())
			.forEach((name, last) -> until.put(name, last + this.settings.lockDuration().toMillis()));
		return until;
	}

	/** {@link #lockedUntil(Collection)} of one name, or null. */
	Long lockedUntil(String username) {
		return lockedUntil(List.of(username)).get(username);
	}

	/** Deletes the counts nobody remembers any more; answers how many. */
	int purge() {
		return this.failures.purge(forgetBefore(this.clock.millis()));
	}

	private long forgetBefore(long now) {
		return now - this.settings.lockDuration().toMillis();
	}

	/** The count, or none when its last failure is older than the lock duration. */
	private static SignInFailures.Count current(SignInFailures.Count count, long forgetBefore) {
		if (count.stored() && count.lastFailureAt() < forgetBefore) {
			return new SignInFailures.Count(0, count.lastFailureAt(), true);
		}
		return count;
	}

	/** When the next attempt is allowed: 0 below the throttle threshold. */
	private long refusedUntil(SignInFailures.Count count, int throttleAfter, int lockAfter) {
		if (count.failures() >= lockAfter) {
			return count.lastFailureAt() + this.settings.lockDuration().toMillis();
		}
		int over = count.failures() - throttleAfter;
		if (over < 0) {
			return 0;
		}
		return count.lastFailureAt() + Math.min(MAX_WAIT_MILLIS, FIRST_WAIT_MILLIS << Math.min(over, 6));
	}

	private static long seconds(long millis) {
		return Math.max(1, (millis + 999) / 1000);
	}

}
