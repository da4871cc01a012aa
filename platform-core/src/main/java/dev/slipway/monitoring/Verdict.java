package dev.slipway.monitoring;

/** A three-level drift verdict, as whylogs reports it. */
public enum Verdict {

	/** The score is inside the stable band. */
	NO_DRIFT,

	/** The score is past the warning threshold but not the drift threshold. */
	POSSIBLE_DRIFT,

	/** The score is past the drift threshold. */
	DRIFT,

	/** Nothing to compare: no reference, or no values in the window. */
	NO_DATA;

	/** The more severe of two verdicts ({@link #NO_DATA} is the least). */
	Verdict worst(Verdict other) {
		return (rank(other) > rank(this)) ? other : this;
	}

	private static int rank(Verdict verdict) {
		return switch (verdict) {
			case NO_DATA -> 0;
			case NO_DRIFT -> 1;
			case POSSIBLE_DRIFT -> 2;
			case DRIFT -> 3;
		};
	}

}
