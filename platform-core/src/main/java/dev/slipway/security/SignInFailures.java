package dev.slipway.security;

import java.util.Collection;
import java.util.Map;

/**
 * Where failed sign-ins are counted: per user name and client, and per client across all
 * names. Each method is one statement, so the throttle costs one read per attempt, one
 * write per failure and at most one write per success. The state lives outside the
 * process ({@link JdbcSignInFailures}: the database), so every replica sees the same
 * counts.
 */
interface SignInFailures {

	/**
	 * The counts of one sign-in attempt.
	 *
	 * @param name the failures of the user name from the client
	 * @param client the failures from the client, whatever the names
	 */
	record Counts(Count name, Count client) {

		static final Counts NONE = new Counts(Count.NONE, Count.NONE);

	}

	/**
	 * Consecutive failures and when the last one was; {@link #NONE} when nothing is
	 * counted.
	 *
	 * @param failures how many
	 * @param lastFailureAt epoch millis of the last one
	 * @param stored whether a row holds the count
	 */
	record Count(int failures, long lastFailureAt, boolean stored) {

		static final Count NONE = new Count(0, 0, false);

	}

	/** The counts for {@code username} from {@code client}, and for {@code client}. */
	Counts read(String username, String client);

	/**
	 * Counts one failure of {@code username} from {@code client} and one from
	 * {@code client}; a count whose last failure is before {@code forgetBefore} starts
	 * again at one.
	 */
	void add(String username, String client, long now, long forgetBefore);

	/** Forgets the failures of {@code username} from {@code client}. */
	void clear(String username, String client);

	/** Forgets the failures of {@code username} from every client. */
	void clearName(String username);

	/**
	 * For each of {@code usernames} that reached {@code failures} failures from some
	 * client, the last of those failures (epoch millis).
	 */
	Map<String, Long> lastFailureReaching(Collection<String> usernames, int failures);

	/** Forgets counts whose last failure is before {@code before}; answers how many. */
	int purge(long before);

}
