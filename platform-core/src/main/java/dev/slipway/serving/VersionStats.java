package dev.slipway.serving;

/**
 * One version's requests over a period, every replica's added up.
 *
 * @param version the model version
 * @param requests requests answered (bad input included)
 * @param errors requests the model failed, timed out or could not be reached on
 * @param p50Millis median latency in milliseconds, or null without requests
 * @param p99Millis 99th percentile latency in milliseconds, or null without requests
 * @param compared shadow requests whose answers were compared with the stable version's
 * @param disagreed of those, how many differed
 */
public record VersionStats(int version, long requests, long errors, Double p50Millis, Double p99Millis, long compared,
		long disagreed) {

	/** The share of failed requests, or null without requests. */
	public Double errorRate() {
		return (this.requests > 0) ? (double) this.errors / this.requests : null;
	}

	/** The share of compared requests that differed, or null when none was compared. */
	public Double disagreement() {
		return (this.compared > 0) ? (double) this.disagreed / this.compared : null;
	}

	static VersionStats empty(int version) {
		return new VersionStats(version, 0, 0, null, null, 0, 0);
	}

}
