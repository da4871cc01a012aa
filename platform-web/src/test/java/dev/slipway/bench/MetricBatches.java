package dev.slipway.bench;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * {@code runs/log-batch} bodies, written straight into a byte array so that the harness
 * stays far from being the bottleneck (its CPU share is reported next to the server's).
 */
final class MetricBatches {

	/**
	 * Random values in [0, 1) written as Python's json module writes them (up to 17
	 * significant digits), formatted once: JDK 17's Double.toString would otherwise cost
	 * the harness more than building the rest of the body.
	 */
	private static final String[] VALUES = new SplittableRandom(42).doubles(4096)
		.mapToObj(Double::toString)
		.toArray(String[]::new);

	private MetricBatches() {
	}

	/**
	 * A training loop's batch: {@code keys.length} metrics at each of {@code steps}
	 * consecutive steps from {@code firstStep}, timestamps one millisecond apart from
	 * {@code epochMillis}.
	 */
	static byte[] trainingSteps(String runId, String[] keys, long firstStep, int steps, long epochMillis,
			SplittableRandom random) {
		StringBuilder json = start(runId, keys.length * steps);
		for (long step = firstStep; step < firstStep + steps; step++) {
			for (String key : keys) {
				point(json, key, VALUES[random.nextInt(VALUES.length)], epochMillis + step, step);
			}
		}
		return end(json);
	}

	/**
	 * {@code count} points of one key at consecutive steps from {@code firstStep}: a
	 * noisy decreasing loss curve, except at {@code spikeStep} (100.0) and
	 * {@code dipStep} (-100.0), which a downsampled read must keep.
	 */
	static byte[] lossCurve(String runId, String key, long firstStep, int count, long epochMillis, long spikeStep,
			long dipStep, SplittableRandom random) {
		StringBuilder json = start(runId, count);
		for (long step = firstStep; step < firstStep + count; step++) {
			long micros;
			if (step == spikeStep) {
				micros = 100_000_000;
			}
			else if (step == dipStep) {
				micros = -100_000_000;
			}
			else {
				micros = Math.round(1e6 / (1.0 + step / 1e6)) + random.nextInt(20_001) - 10_000;
			}
			pointMicros(json, key, micros, epochMillis + step, step);
		}
		return end(json);
	}

	private static StringBuilder start(String runId, int points) {
		return new StringBuilder(64 + 80 * points).append("{\"run_id\":\"").append(runId).append("\",\"metrics\":[");
	}

	private static void point(StringBuilder json, String key, String value, long timestamp, long step) {
		json.append("{\"key\":\"")
			.append(key)
			.append("\",\"value\":")
			.append(value)
			.append(",\"timestamp\":")
			.append(timestamp)
			.append(",\"step\":")
			.append(step)
			.append("},");
	}

	/** A point whose value is {@code micros} millionths, written with six decimals. */
	private static void pointMicros(StringBuilder json, String key, long micros, long timestamp, long step) {
		json.append("{\"key\":\"").append(key).append("\",\"value\":");
		if (micros < 0) {
			json.append('-');
		}
		long magnitude = Math.abs(micros);
		String fraction = Long.toString(1_000_000 + magnitude % 1_000_000);
		json.append(magnitude / 1_000_000)
			.append('.')
			.append(fraction, 1, 7)
			.append(",\"timestamp\":")
			.append(timestamp)
			.append(",\"step\":")
			.append(step)
			.append("},");
	}

	private static byte[] end(StringBuilder json) {
		json.setLength(json.length() - 1);
		return json.append("]}").toString().getBytes(StandardCharsets.US_ASCII);
	}

}
