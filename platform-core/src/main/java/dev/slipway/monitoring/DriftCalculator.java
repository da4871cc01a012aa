package dev.slipway.monitoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * Drift of a window's profiles against the reference's: picks each column's method the
 * way Evidently does (by kind, reference size and number of values) unless the settings
 * name one, computes the score from exact bin counts or the sketches, and takes the
 * dataset verdict on the share of drifted features.
 */
final class DriftCalculator {

	/** Up to this many reference values, p-value tests are chosen (Evidently's 1000). */
	static final long SMALL_REFERENCE = 1000;

	private DriftCalculator() {
	}

	/** The reference side of one column: its profile, bins and their generation. */
	record Reference(ColumnProfile profile, BinSpec bins, long generation) {
	}

	/** The method a column gets, with its thresholds. */
	record Choice(DriftMethod method, double threshold, double possibleThreshold) {
	}

	/** The method and thresholds for a column. */
	static Choice choose(MonitorSchema.Column column, Reference reference, DriftSettings settings) {
		DriftSettings.Choice configured = settings.choiceFor(column);
		DriftMethod method = DriftMethod.named(configured.method())
			.orElseGet(() -> defaultMethod(column.kind(), reference));
		double threshold = (configured.threshold() != null) ? configured.threshold() : method.threshold();
		double possible = (configured.possibleThreshold() != null) ? configured.possibleThreshold()
				: (configured.threshold() != null) ? (method.pValue() ? threshold * 3 : threshold / 2)
						: method.possibleThreshold();
		if (method.pValue() ? possible < threshold : possible > threshold) {
			possible = threshold;
		}
		return new Choice(method, threshold, possible);
	}

	/** Evidently's default: by kind, reference size and number of distinct values. */
	static DriftMethod defaultMethod(ColumnKind kind, Reference reference) {
		long n = reference.profile().count();
		int distinct = distinct(reference);
		boolean small = n <= SMALL_REFERENCE;
		if (!kind.categorical() && distinct > 5) {
			return small ? DriftMethod.KS : DriftMethod.WASSERSTEIN;
		}
		if (small) {
			return (distinct > 2) ? DriftMethod.CHI_SQUARE : DriftMethod.Z;
		}
		return DriftMethod.JENSEN_SHANNON;
	}

	private static int distinct(Reference reference) {
		BinSpec bins = reference.bins();
		if (bins.numbers() != null) {
			return bins.numbers().length;
		}
		if (bins.categories() != null) {
			return bins.categories().size();
		}
		return Integer.MAX_VALUE;
	}

	/** One column's drift in a window. */
	static FeatureDrift column(MonitorSchema.Column column, Reference reference, ColumnProfile current,
			DriftSettings settings) {
		Choice choice = choose(column, reference, settings);
		DriftMethod method = choice.method();
		long count = (current != null) ? current.count() : 0;
		long nulls = (current != null) ? current.nulls() : 0;
		if (count == 0 || reference.profile().count() == 0) {
			return new FeatureDrift(column.name(), column.kind(), method.wireName(), Double.NaN, Double.NaN,
					choice.threshold(), choice.possibleThreshold(), Verdict.NO_DATA, true, 0,
					reference.profile().count(), count, nulls);
		}
		double score;
		double statistic;
		boolean exact;
		double error;
		switch (method) {
			case KS, WASSERSTEIN -> {
				KllDoublesSketch r = reference.profile().kll();
				KllDoublesSketch c = current.kll();
				double sketchError = DriftStatistics.rankError(r) + DriftStatistics.rankError(c);
				exact = sketchError == 0;
				if (method == DriftMethod.KS) {
					statistic = DriftStatistics.ksDistance(r, c);
					score = DriftStatistics.ksPValue(r, c);
					error = sketchError;
				}
				else {
					double norm = Math.max(Math.sqrt(reference.profile().variance()), 0.001);
					statistic = DriftStatistics.wasserstein(r, c) / norm;
					score = statistic;
					double range = Math.max(r.getMaxItem(), c.getMaxItem()) - Math.min(r.getMinItem(), c.getMinItem());
					error = sketchError * range / norm;
				}
			}
			default -> {
				long[] r = reference.profile().bins(reference.generation());
				long[] c = current.bins(reference.generation());
				exact = r != null && c != null;
				error = 0;
				if (r == null) {
					r = estimateBins(reference.profile(), reference.bins());
					error = Math.max(error, pmfError(reference.profile()));
				}
				if (c == null) {
					c = estimateBins(current, reference.bins());
					error = Math.max(error, pmfError(current));
				}
				score = switch (method) {
					case PSI -> DriftStatistics.psi(r, c);
					case JENSEN_SHANNON -> DriftStatistics.jensenShannon(r, c);
					case CHI_SQUARE -> DriftStatistics.chiSquarePValue(r, c);
					default -> DriftStatistics.zTestPValue(r, c);
				};
				statistic = score;
			}
		}
		Verdict verdict = method.verdict(score, choice.threshold(), choice.possibleThreshold());
		return new FeatureDrift(column.name(), column.kind(), method.wireName(), score, statistic, choice.threshold(),
				choice.possibleThreshold(), verdict, exact, error, reference.profile().count(), count, nulls);
	}

	/** A window's drift over all columns. */
	static WindowReport window(long start, String grain, MonitorSchema schema, Map<String, Reference> references,
			Map<String, ColumnProfile> window, DriftSettings settings) {
		List<FeatureDrift> features = new ArrayList<>();
		FeatureDrift prediction = null;
		long rows = 0;
		int drifted = 0;
		int possibly = 0;
		int evaluated = 0;
		for (MonitorSchema.Column column : schema.columns()) {
			ColumnProfile current = window.get(column.name());
			if (current != null) {
				rows = Math.max(rows, current.count() + current.nulls());
			}
			Reference reference = references.get(column.name());
			FeatureDrift drift = (reference != null) ? column(column, reference, current, settings)
					: new FeatureDrift(column.name(), column.kind(), "", Double.NaN, Double.NaN, Double.NaN, Double.NaN,
							Verdict.NO_DATA, true, 0, 0, (current != null) ? current.count() : 0,
							(current != null) ? current.nulls() : 0);
			if (column.name().equals(schema.prediction())) {
				prediction = drift;
				continue;
			}
			features.add(drift);
			if (drift.verdict() != Verdict.NO_DATA) {
				evaluated++;
				if (drift.verdict() == Verdict.DRIFT) {
					drifted++;
				}
				else if (drift.verdict() == Verdict.POSSIBLE_DRIFT) {
					possibly++;
				}
			}
		}
		double share = (evaluated > 0) ? (double) drifted / evaluated : Double.NaN;
		Verdict verdict;
		if (evaluated == 0) {
			verdict = Verdict.NO_DATA;
		}
		else if (share >= settings.driftShare()) {
			verdict = Verdict.DRIFT;
		}
		else if ((double) (drifted + possibly) / evaluated >= settings.driftShare()) {
			verdict = Verdict.POSSIBLE_DRIFT;
		}
		else {
			verdict = Verdict.NO_DRIFT;
		}
		return new WindowReport(start, grain, rows, share, drifted, possibly, evaluated, verdict, prediction,
				List.copyOf(features), null);
	}

	/** Bin counts estimated from the sketches, when exact counts are not at hand. */
	static long[] estimateBins(ColumnProfile profile, BinSpec bins) {
		long[] counts = new long[bins.size()];
		if (profile.kind().categorical()) {
			long known = 0;
			for (int i = 0; i < bins.categories().size(); i++) {
				counts[i] = profile.items().getEstimate(bins.categories().get(i));
				known += counts[i];
			}
			counts[counts.length - 1] = Math.max(0, profile.count() - known);
			return counts;
		}
		double[] splits = (bins.edges() != null) ? bins.edges() : bins.numbers();
		if (splits.length == 0 || profile.kll().isEmpty()) {
			counts[counts.length - 1] = profile.count();
			return counts;
		}
		double[] pmf = profile.kll().getPMF(splits, QuantileSearchCriteria.INCLUSIVE);
		for (int i = 0; i < counts.length && i < pmf.length; i++) {
			counts[i] = Math.round(pmf[i] * profile.count());
		}
		return counts;
	}

	private static double pmfError(ColumnProfile profile) {
		if (profile.kind().categorical()) {
			long n = Math.max(1, profile.items().getStreamLength());
			return (double) profile.items().getMaximumError() / n;
		}
		return profile.kll().isEstimationMode() ? profile.kll().getNormalizedRankError(true) : 0;
	}

}
