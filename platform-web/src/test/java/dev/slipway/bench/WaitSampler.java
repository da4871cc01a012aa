package dev.slipway.bench;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * What Slipway's database sessions are doing, sampled from {@code pg_stat_activity} on a
 * connection of its own: on CPU, waiting (for the WAL flush of a commit, a row lock, ...)
 * or idle, that is waiting for the server to send the next statement.
 */
final class WaitSampler implements AutoCloseable {

	private final BenchDatabase db;

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

	private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

	private final Map<String, LongAdder> autovacuum = new ConcurrentHashMap<>();

	private final LongAdder samples = new LongAdder();

	private WaitSampler(BenchDatabase db) {
		this.db = db;
	}

	/**
	 * Samples the sessions named {@code applicationName} every {@code periodMillis}
	 * between two {@link System#nanoTime()} instants.
	 */
	static WaitSampler start(BenchDatabase db, String applicationName, long periodMillis, long fromNanos,
			long toNanos) {
		WaitSampler sampler = new WaitSampler(db);
		sampler.timer.scheduleAtFixedRate(() -> {
			long now = System.nanoTime();
			if (now >= fromNanos && now < toNanos) {
				sampler.sample(applicationName);
			}
		}, Math.max(0, fromNanos - System.nanoTime()), TimeUnit.MILLISECONDS.toNanos(periodMillis),
				TimeUnit.NANOSECONDS);
		return sampler;
	}

	private void sample(String applicationName) {
		List<List<String>> rows = this.db.query("SELECT CASE WHEN state = 'active' THEN "
				+ "coalesce(wait_event_type || ':' || wait_event, 'on CPU') WHEN state LIKE 'idle in transaction%' "
				+ "THEN 'in transaction, waiting for Slipway' ELSE 'between transactions' END "
				+ "FROM pg_stat_activity WHERE application_name = ? AND pid <> pg_backend_pid()", applicationName);
		for (List<String> row : rows) {
			this.counts.computeIfAbsent(row.get(0), (k) -> new LongAdder()).increment();
		}
		// Autovacuum works for the same writes; it runs in its own workers.
		for (List<String> row : this.db.query(
				"SELECT regexp_replace(query, '^autovacuum: ', '') "
						+ "FROM pg_stat_activity WHERE backend_type = 'autovacuum worker' AND query LIKE ?",
				"%" + this.db.schema() + ".%")) {
			this.autovacuum.computeIfAbsent(row.get(0).replace(this.db.schema() + ".", ""), (k) -> new LongAdder())
				.increment();
		}
		this.samples.increment();
	}

	/**
	 * Share of session samples per state, largest first, e.g. "on CPU 41 %, IO:WALSync 20
	 * %".
	 */
	String summary() {
		this.timer.shutdownNow();
		long total = this.counts.values().stream().mapToLong(LongAdder::sum).sum();
		if (total == 0) {
			return "no samples";
		}
		Map<String, Long> sorted = this.counts.entrySet()
			.stream()
			.sorted(Comparator.comparingLong((Map.Entry<String, LongAdder> e) -> e.getValue().sum()).reversed())
			.collect(Collectors.toMap(Map.Entry::getKey, (e) -> e.getValue().sum(), (a, b) -> a, LinkedHashMap::new));
		String shares = sorted.entrySet()
			.stream()
			.limit(6)
			.map((e) -> String.format(Locale.ROOT, "%s %.0f %%", e.getKey(), 100.0 * e.getValue() / total))
			.collect(Collectors.joining(", "));
		String vacuum = this.autovacuum.entrySet()
			.stream()
			.map((e) -> String.format(Locale.ROOT, "%s %.0f %%", e.getKey(),
					100.0 * e.getValue().sum() / this.samples.sum()))
			.collect(Collectors.joining(", "));
		return String.format(Locale.ROOT, "%s (%.1f sessions on average, %d samples); autovacuum busy on: %s", shares,
				(double) total / this.samples.sum(), this.samples.sum(), vacuum.isEmpty() ? "none" : vacuum);
	}

	@Override
	public void close() {
		this.timer.shutdownNow();
		this.db.close();
	}

}
