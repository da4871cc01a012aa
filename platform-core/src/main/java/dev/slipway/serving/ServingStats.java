package dev.slipway.serving;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import dev.slipway.error.DependencyOutages;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * This replica's request counts: Micrometer meters per deployment, version and outcome
 * ({@code slipway.serving.requests}), and ten-second buckets written every
 * {@code slipway.serving.stats-interval} to the shared statistics the gates and pages
 * read. Recording takes no lock but the bucket's own.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class ServingStats implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(ServingStats.class);

	private final Map<BucketKey, MutableBucket> buckets = new ConcurrentHashMap<>();

	private final Map<String, Timer> timers = new ConcurrentHashMap<>();

	private final Map<String, Counter> dropped = new ConcurrentHashMap<>();

	private final DeploymentStats store;

	private final ServingSettings settings;

	private final MeterRegistry meters;

	private final DependencyOutages outages;

	private final Clock clock;

	private final String replica;

	ServingStats(DeploymentStats store, ServingSettings settings, MeterRegistry meters, DependencyOutages outages,
			Clock clock, Environment environment) {
		this.store = store;
		this.settings = settings;
		this.meters = meters;
		this.outages = outages;
		this.clock = clock;
		// Two application contexts in one process (tests) must not share rows.
		this.replica = environment.getProperty("db-scheduler.scheduler-name", hostName()) + ":"
				+ ProcessHandle.current().pid() + ":" + UUID.randomUUID().toString().substring(0, 8);
	}

	private record BucketKey(long deploymentId, int version, long start) {
	}

	private static final class MutableBucket {

		long requests;

		long errors;

		long compared;

		long disagreed;

		final LatencyHistogram latency = new LatencyHistogram();

		/** A uniform sample of the bucket's predictions (reservoir sampling). */
		final Object[] sample = new Object[SAMPLE_SIZE];

		int sampled;

		long seen;

		boolean dirty;

		void sample(Object value) {
			this.seen++;
			if (this.sampled < SAMPLE_SIZE) {
				this.sample[this.sampled++] = value;
			}
			else {
				long slot = ThreadLocalRandom.current().nextLong(this.seen);
				if (slot < SAMPLE_SIZE) {
					this.sample[(int) slot] = value;
				}
			}
		}

		/** The sample as a JSON array that fits its column, or null when empty. */
		String encodedSample() {
			if (this.sampled == 0) {
				return null;
			}
			List<Object> values = new ArrayList<>(java.util.Arrays.asList(this.sample).subList(0, this.sampled));
			String json = DeploymentJson.write(values);
			while (json.length() > MAX_SAMPLE_CHARS && values.size() > 1) {
				values.remove(values.size() - 1);
				json = DeploymentJson.write(values);
			}
			return (json.length() > MAX_SAMPLE_CHARS) ? null : json;
		}

	}

	/** Predictions sampled per version, replica and bucket, for the drift gate. */
	static final int SAMPLE_SIZE = 32;

	/** The room a bucket's sample has in its column. */
	private static final int MAX_SAMPLE_CHARS = 8000;

	/** The longest text prediction sampled; longer ones are cut. */
	private static final int MAX_SAMPLED_TEXT = 200;

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(
				new FixedDelayTask(this::flush, this.settings.statsInterval(), this.settings.statsInterval()));
	}

	/** Counts one answered request of a version. */
	void record(String deployment, long deploymentId, int version, String outcome, boolean error, long nanos) {
		MutableBucket bucket = bucket(deploymentId, version);
		synchronized (bucket) {
			bucket.requests++;
			if (error) {
				bucket.errors++;
			}
			bucket.latency.record(nanos);
			bucket.dirty = true;
		}
		this.timers
			.computeIfAbsent(deployment + "\u0000" + version + "\u0000" + outcome,
					(key) -> Timer.builder("slipway.serving.requests")
						.description("Prediction requests answered, by deployment, model version and outcome")
						.tag("deployment", deployment)
						.tag("version", Integer.toString(version))
						.tag("outcome", outcome)
						.register(this.meters))
			.record(nanos, TimeUnit.NANOSECONDS);
	}

	/** Counts one mirrored request compared with the stable answer. */
	void compared(long deploymentId, int version, boolean disagreed) {
		MutableBucket bucket = bucket(deploymentId, version);
		synchronized (bucket) {
			bucket.compared++;
			if (disagreed) {
				bucket.disagreed++;
			}
			bucket.dirty = true;
		}
	}

	/**
	 * Samples a version's predictions (one value per row) for the prediction-drift gate;
	 * values that are not a number, text or boolean are skipped.
	 */
	void sample(long deploymentId, int version, List<Object> rowValues) {
		MutableBucket bucket = bucket(deploymentId, version);
		synchronized (bucket) {
			for (Object value : rowValues) {
				if (value instanceof Number || value instanceof Boolean) {
					bucket.sample(value);
				}
				else if (value instanceof String text) {
					bucket.sample((text.length() > MAX_SAMPLED_TEXT) ? text.substring(0, MAX_SAMPLED_TEXT) : text);
				}
			}
			bucket.dirty = true;
		}
	}

	/** Removes a deleted deployment's meters, so they are no longer scraped. */
	void forget(String deployment) {
		String prefix = deployment + "\u0000";
		this.timers.entrySet().removeIf((entry) -> {
			if (entry.getKey().startsWith(prefix)) {
				this.meters.remove(entry.getValue());
				return true;
			}
			return false;
		});
		Counter counter = this.dropped.remove(deployment);
		if (counter != null) {
			this.meters.remove(counter);
		}
	}

	/** Counts predictions dropped on their way to monitoring. */
	void dropped(String deployment, long count) {
		this.dropped
			.computeIfAbsent(deployment,
					(key) -> Counter.builder("slipway.serving.predictions.dropped")
						.description("Predictions not sent to monitoring because its queue was full or it failed")
						.tag("deployment", deployment)
						.register(this.meters))
			.increment(count);
	}

	/** Writes the buckets changed since the last flush; forgets closed ones. */
	void flush() {
		long now = this.clock.millis();
		long current = Math.floorDiv(now, DeploymentStats.BUCKET_MILLIS) * DeploymentStats.BUCKET_MILLIS;
		List<DeploymentStats.Bucket> changed = new ArrayList<>();
		List<BucketKey> closed = new ArrayList<>();
		for (Map.Entry<BucketKey, MutableBucket> entry : this.buckets.entrySet()) {
			MutableBucket bucket = entry.getValue();
			synchronized (bucket) {
				if (bucket.dirty) {
					changed.add(new DeploymentStats.Bucket(entry.getKey().deploymentId(), entry.getKey().version(),
							entry.getKey().start(), bucket.requests, bucket.errors, bucket.latency.copy(),
							bucket.compared, bucket.disagreed, bucket.encodedSample()));
					bucket.dirty = false;
				}
				else if (entry.getKey().start() < current) {
					closed.add(entry.getKey());
				}
			}
		}
		try {
			if (!changed.isEmpty()) {
				this.store.write(this.replica, changed);
			}
			closed.forEach(this.buckets::remove);
		}
		catch (RuntimeException ex) {
			// Written again next time: the rows hold whole counts.
			for (DeploymentStats.Bucket bucket : changed) {
				MutableBucket mutable = this.buckets
					.get(new BucketKey(bucket.deploymentId(), bucket.version(), bucket.start()));
				if (mutable != null) {
					synchronized (mutable) {
						mutable.dirty = true;
					}
				}
			}
			if (!this.outages.absorb(ex)) {
				log.warn("Serving statistics not written, retrying in {}: {}", this.settings.statsInterval(),
						ex.getMessage());
			}
		}
	}

	private MutableBucket bucket(long deploymentId, int version) {
		long start = Math.floorDiv(this.clock.millis(), DeploymentStats.BUCKET_MILLIS) * DeploymentStats.BUCKET_MILLIS;
		return this.buckets.computeIfAbsent(new BucketKey(deploymentId, version, start), (key) -> new MutableBucket());
	}

	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "localhost";
		}
	}

}
