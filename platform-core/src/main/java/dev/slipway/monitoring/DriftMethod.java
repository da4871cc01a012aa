package dev.slipway.monitoring;

import java.util.Locale;
import java.util.Optional;

/**
 * A per-column drift method with its default thresholds. A p-value method drifts when the
 * p-value is below its threshold; a distance drifts when the score is at or above it. The
 * second threshold marks "possible drift": 0.15 for p-values (as whylogs), half the drift
 * threshold for distances, and PSI's customary 0.1 / 0.25 bands.
 */
public enum DriftMethod {

	/** Population stability index over the reference's bins. */
	PSI("psi", false, 0.25, 0.1),

	/** Two-sample Kolmogorov-Smirnov test (score: p-value). */
	KS("ks", true, 0.05, 0.15),

	/** Wasserstein-1 distance divided by the reference's standard deviation. */
	WASSERSTEIN("wasserstein", false, 0.1, 0.05),

	/** Jensen-Shannon distance (natural logarithm) over the reference's bins. */
	JENSEN_SHANNON("jensenshannon", false, 0.1, 0.05),

	/** Pearson's chi-square test over categories (score: p-value). */
	CHI_SQUARE("chisquare", true, 0.05, 0.15),

	/** Two-proportion Z-test for two-valued columns (score: p-value). */
	Z("z", true, 0.05, 0.15);

	private final String wireName;

	private final boolean pValue;

	private final double threshold;

	private final double possibleThreshold;

	DriftMethod(String wireName, boolean pValue, double threshold, double possibleThreshold) {
		this.wireName = wireName;
		this.pValue = pValue;
		this.threshold = threshold;
		this.possibleThreshold = possibleThreshold;
	}

	/** The name the API and settings use ({@code psi}, {@code ks}, ...), Evidently's. */
	public String wireName() {
		return this.wireName;
	}

	/** Whether the score is a p-value (drift when small) rather than a distance. */
	public boolean pValue() {
		return this.pValue;
	}

	/** The default drift threshold. */
	public double threshold() {
		return this.threshold;
	}

	/** The default "possible drift" threshold. */
	public double possibleThreshold() {
		return this.possibleThreshold;
	}

	/** Whether the method works on categories (PSI and JS work on both kinds). */
	boolean appliesTo(ColumnKind kind) {
		return switch (this) {
			case PSI, JENSEN_SHANNON, CHI_SQUARE, Z -> true;
			case KS, WASSERSTEIN -> !kind.categorical();
		};
	}

	/** The verdict for a score against the two thresholds. */
	Verdict verdict(double score, double drift, double possible) {
		if (Double.isNaN(score)) {
			return Verdict.NO_DATA;
		}
		if (this.pValue) {
			return (score < drift) ? Verdict.DRIFT : (score < possible) ? Verdict.POSSIBLE_DRIFT : Verdict.NO_DRIFT;
		}
		return (score >= drift) ? Verdict.DRIFT : (score >= possible) ? Verdict.POSSIBLE_DRIFT : Verdict.NO_DRIFT;
	}

	/** The method with this wire name (or enum name), in any case. */
	public static Optional<DriftMethod> named(String name) {
		if (name == null) {
			return Optional.empty();
		}
		String wanted = name.trim().toLowerCase(Locale.ROOT);
		for (DriftMethod method : values()) {
			if (method.wireName.equals(wanted) || method.name().toLowerCase(Locale.ROOT).equals(wanted)) {
				return Optional.of(method);
			}
		}
		return Optional.empty();
	}

}
