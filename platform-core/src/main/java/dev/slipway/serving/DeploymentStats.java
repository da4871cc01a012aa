package dev.slipway.serving;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The shared request statistics, with hand-written SQL (a hot path). Each replica writes
 * only its own rows, with the whole count of a bucket so far, so a write repeated after a
 * failure counts nothing twice.
 */
@Repository
class DeploymentStats {

	/** The width of a statistics bucket. */
	static final long BUCKET_MILLIS = 10_000;

	private final JdbcClient jdbc;

	DeploymentStats(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The most sampled predictions a read returns. */
	static final int MAX_SAMPLE = 5_000;

	/**
	 * One replica's counts of one bucket so far.
	 *
	 * @param predictions a sample of the version's predictions in the bucket, as a JSON
	 * array, or null
	 */
	record Bucket(long deploymentId, int version, long start, long requests, long errors, LatencyHistogram latency,
			long compared, long disagreed, String predictions) {

		/** A bucket without a prediction sample. */
		Bucket(long deploymentId, int version, long start, long requests, long errors, LatencyHistogram latency,
				long compared, long disagreed) {
			this(deploymentId, version, start, requests, errors, latency, compared, disagreed, null);
		}

	}

	/** Writes the replica's buckets, replacing what it wrote of them before. */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public void write(String replica, List<Bucket> buckets) {
		for (Bucket bucket : buckets) {
			int updated = this.jdbc.sql("""
					UPDATE deployment_stats SET requests = :requests, errors = :errors, latency = :latency,
					       compared = :compared, disagreed = :disagreed, predictions = :predictions
					WHERE deployment_id = :deployment AND model_version = :version AND bucket_start = :start
					  AND replica = :replica""")
				.param("requests", bucket.requests())
				.param("errors", bucket.errors())
				.param("latency", bucket.latency().encode())
				.param("compared", bucket.compared())
				.param("disagreed", bucket.disagreed())
				.param("predictions", bucket.predictions())
				.param("deployment", bucket.deploymentId())
				.param("version", bucket.version())
				.param("start", bucket.start())
				.param("replica", replica)
				.update();
			if (updated == 0) {
				this.jdbc.sql("""
						INSERT INTO deployment_stats (deployment_id, model_version, bucket_start, replica, requests,
						                              errors, latency, compared, disagreed, predictions)
						SELECT :deployment, :version, :start, :replica, :requests, :errors, :latency, :compared,
						       :disagreed, :predictions
						WHERE EXISTS (SELECT 1 FROM deployments WHERE id = :deployment)""")
					.param("deployment", bucket.deploymentId())
					.param("version", bucket.version())
					.param("start", bucket.start())
					.param("replica", replica)
					.param("requests", bucket.requests())
					.param("errors", bucket.errors())
					.param("latency", bucket.latency().encode())
					.param("compared", bucket.compared())
					.param("disagreed", bucket.disagreed())
					.param("predictions", bucket.predictions())
					.update();
			}
		}
	}

	/**
	 * A version's requests from {@code from} (epoch milliseconds) on, every replica's.
	 */
	@Transactional(readOnly = true)
	public VersionStats since(long deploymentId, int version, long from) {
		long first = Math.floorDiv(from, BUCKET_MILLIS) * BUCKET_MILLIS;
		long[] sums = new long[4];
		LatencyHistogram latency = new LatencyHistogram();
		this.jdbc.sql("""
				SELECT requests, errors, latency, compared, disagreed FROM deployment_stats
				WHERE deployment_id = :deployment AND model_version = :version AND bucket_start >= :first""")
			.param("deployment", deploymentId)
			.param("version", version)
			.param("first", first)
			.query((rs) -> {
				sums[0] += rs.getLong(1);
				sums[1] += rs.getLong(2);
				latency.add(LatencyHistogram.decode(rs.getString(3)));
				sums[2] += rs.getLong(4);
				sums[3] += rs.getLong(5);
			});
		return new VersionStats(version, sums[0], sums[1], latency.percentileMillis(0.5),
				latency.percentileMillis(0.99), sums[2], sums[3]);
	}

	/**
	 * The sampled predictions of a version from {@code from} on, every replica's, newest
	 * buckets first, at most {@link #MAX_SAMPLE}.
	 */
	@Transactional(readOnly = true)
	public List<Object> predictions(long deploymentId, int version, long from) {
		long first = Math.floorDiv(from, BUCKET_MILLIS) * BUCKET_MILLIS;
		List<Object> sample = new ArrayList<>();
		this.jdbc.sql("""
				SELECT predictions FROM deployment_stats
				WHERE deployment_id = :deployment AND model_version = :version AND bucket_start >= :first
				  AND predictions IS NOT NULL
				ORDER BY bucket_start DESC""")
			.param("deployment", deploymentId)
			.param("version", version)
			.param("first", first)
			.query((rs) -> {
				if (sample.size() < MAX_SAMPLE) {
					List<?> values = DeploymentJson.read(rs.getString(1), List.class);
					for (Object value : values) {
						if (sample.size() < MAX_SAMPLE) {
							sample.add(value);
						}
					}
				}
			});
		return sample;
	}

	/**
	 * Per version and bucket from {@code from} on, oldest first, at most {@code limit}.
	 */
	@Transactional(readOnly = true)
	public List<StatsPoint> series(long deploymentId, long from, int limit) {
		long first = Math.floorDiv(from, BUCKET_MILLIS) * BUCKET_MILLIS;
		Map<String, long[]> counts = new LinkedHashMap<>();
		Map<String, LatencyHistogram> latencies = new LinkedHashMap<>();
		this.jdbc.sql("""
				SELECT bucket_start, model_version, requests, errors, latency FROM deployment_stats
				WHERE deployment_id = :deployment AND bucket_start >= :from
				ORDER BY bucket_start, model_version""")
			.param("deployment", deploymentId)
			.param("from", first)
			.query((rs) -> {
				String key = rs.getLong(1) + "/" + rs.getInt(2);
				long[] sums = counts.computeIfAbsent(key, (k) -> new long[2]);
				sums[0] += rs.getLong(3);
				sums[1] += rs.getLong(4);
				latencies.computeIfAbsent(key, (k) -> new LatencyHistogram())
					.add(LatencyHistogram.decode(rs.getString(5)));
			});
		List<StatsPoint> points = new ArrayList<>();
		for (Map.Entry<String, long[]> entry : counts.entrySet()) {
			String[] parts = entry.getKey().split("/");
			LatencyHistogram latency = latencies.get(entry.getKey());
			points.add(new StatsPoint(Long.parseLong(parts[0]), Integer.parseInt(parts[1]), entry.getValue()[0],
					entry.getValue()[1], latency.percentileMillis(0.5), latency.percentileMillis(0.99)));
		}
		return (points.size() > limit) ? points.subList(points.size() - limit, points.size()) : points;
	}

	/** Forgets buckets that began before {@code before}. */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public int purge(long before) {
		return this.jdbc.sql("DELETE FROM deployment_stats WHERE bucket_start < :before")
			.param("before", before)
			.update();
	}

}
