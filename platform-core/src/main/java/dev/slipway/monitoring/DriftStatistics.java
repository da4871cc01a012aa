package dev.slipway.monitoring;

import java.util.Arrays;

import org.apache.commons.statistics.distribution.ChiSquaredDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;
import org.apache.commons.statistics.inference.PValueMethod;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.DoublesSortedView;
import org.apache.datasketches.quantilescommon.DoublesSortedViewIterator;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * The drift statistics, as pure functions over bin counts and KLL sketches. Each follows
 * the definition SciPy or Evidently uses (named per method), so that the committed test
 * vectors computed by SciPy and NumPy hold them to it.
 */
final class DriftStatistics {

	/**
	 * Largest sample size for which the KS p-value is computed exactly, as SciPy's
	 * {@code ks_2samp(method="auto")} does.
	 */
	static final int KS_EXACT_LIMIT = 10_000;

	private DriftStatistics() {
	}

	/**
	 * Population stability index over the same bins: {@code Σ (c − r) · ln(c / r)} on the
	 * shares, with an empty bin's share replaced by 0.0001, or by the smallest non-zero
	 * share ÷ 10⁶ when that is at most 0.0001 (Evidently's rule).
	 */
	static double psi(long[] reference, long[] current) {
		double[] r = shares(reference);
		double[] c = shares(current);
		fillZeroes(r);
		fillZeroes(c);
		double psi = 0;
		for (int i = 0; i < r.length; i++) {
			psi += (c[i] - r[i]) * Math.log(c[i] / r[i]);
		}
		return psi;
	}

	/**
	 * Jensen-Shannon distance with natural logarithms, SciPy's
	 * {@code scipy.spatial.distance.jensenshannon}: the square root of the divergence.
	 */
	static double jensenShannon(long[] reference, long[] current) {
		double[] p = shares(reference);
		double[] q = shares(current);
		double divergence = 0;
		for (int i = 0; i < p.length; i++) {
			double m = (p[i] + q[i]) / 2;
			divergence += relativeEntropy(p[i], m) + relativeEntropy(q[i], m);
		}
		return Math.sqrt(Math.max(0, divergence / 2));
	}

	/**
	 * Pearson's chi-square test of the current counts against the reference shares scaled
	 * to the current size ({@code scipy.stats.chisquare(cur, ref / n_ref · n_cur)}), over
	 * the bins either side has; a value the reference never had makes the p-value 0.
	 */
	static double chiSquarePValue(long[] reference, long[] current) {
		long nRef = sum(reference);
		long nCur = sum(current);
		if (nRef == 0 || nCur == 0) {
			return Double.NaN;
		}
		double statistic = 0;
		int bins = 0;
		for (int i = 0; i < reference.length; i++) {
			if (reference[i] == 0 && current[i] == 0) {
				continue;
			}
			bins++;
			double expected = (double) reference[i] / nRef * nCur;
			if (expected == 0) {
				return 0;
			}
			double d = current[i] - expected;
			statistic += d * d / expected;
		}
		if (bins < 2) {
			return 1;
		}
		return ChiSquaredDistribution.of(bins - 1).survivalProbability(statistic);
	}

	/**
	 * Two-proportion Z-test on the share of one value (the first bin either side has),
	 * two-sided, as Evidently's {@code z} test: identical single values give 1.
	 */
	static double zTestPValue(long[] reference, long[] current) {
		long nRef = sum(reference);
		long nCur = sum(current);
		if (nRef == 0 || nCur == 0) {
			return Double.NaN;
		}
		int label = -1;
		int present = 0;
		for (int i = 0; i < reference.length; i++) {
			if (reference[i] > 0 || current[i] > 0) {
				present++;
				if (label < 0) {
					label = i;
				}
			}
		}
		if (present < 2) {
			return 1;
		}
		double p1 = (double) reference[label] / nRef;
		double p2 = (double) current[label] / nCur;
		double pooled = (double) (reference[label] + current[label]) / (nRef + nCur);
		double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / nRef + 1.0 / nCur));
		if (se == 0) {
			return 1;
		}
		double z = (p1 - p2) / se;
		return 2 * NormalDistribution.of(0, 1).survivalProbability(Math.abs(z));
	}

	/**
	 * The two-sample Kolmogorov-Smirnov distance between two sketches: the largest gap
	 * between their CDFs at any retained value. Exact when neither sketch is in
	 * estimation mode; otherwise within {@link #rankError} of each side.
	 */
	static double ksDistance(KllDoublesSketch reference, KllDoublesSketch current) {
		if (reference.isEmpty() || current.isEmpty()) {
			return Double.NaN;
		}
		double[] points = support(reference, current);
		double[] a = reference.getCDF(points, QuantileSearchCriteria.INCLUSIVE);
		double[] b = current.getCDF(points, QuantileSearchCriteria.INCLUSIVE);
		double d = 0;
		for (int i = 0; i < points.length; i++) {
			d = Math.max(d, Math.abs(a[i] - b[i]));
		}
		return d;
	}

	/**
	 * The KS test's p-value. With both sketches exact and no side above
	 * {@link #KS_EXACT_LIMIT} values, the retained values are the samples and the p-value
	 * is SciPy's exact one; otherwise it is the asymptotic Kolmogorov tail at the sketch
	 * distance with the full counts.
	 */
	static double ksPValue(KllDoublesSketch reference, KllDoublesSketch current) {
		if (reference.isEmpty() || current.isEmpty()) {
			return Double.NaN;
		}
		if (!reference.isEstimationMode() && !current.isEstimationMode()
				&& Math.max(reference.getN(), current.getN()) <= KS_EXACT_LIMIT) {
			return KolmogorovSmirnovTest.withDefaults()
				.with(PValueMethod.EXACT)
				.test(values(reference), values(current))
				.getPValue();
		}
		double n = reference.getN();
		double m = current.getN();
		return kolmogorovTail(ksDistance(reference, current) * Math.sqrt(n * m / (n + m)));
	}

	/**
	 * The first Wasserstein distance between two sketches, {@code ∫ |F_r − F_c| dx},
	 * divided by {@code norm} (Evidently divides by the reference's standard deviation,
	 * at least 0.001). Exact when neither sketch is in estimation mode.
	 */
	static double wasserstein(KllDoublesSketch reference, KllDoublesSketch current) {
		if (reference.isEmpty() || current.isEmpty()) {
			return Double.NaN;
		}
		double[] points = support(reference, current);
		double[] a = reference.getCDF(points, QuantileSearchCriteria.INCLUSIVE);
		double[] b = current.getCDF(points, QuantileSearchCriteria.INCLUSIVE);
		double w = 0;
		for (int i = 0; i + 1 < points.length; i++) {
			w += Math.abs(a[i] - b[i]) * (points[i + 1] - points[i]);
		}
		return w;
	}

	/**
	 * The normalized rank error of a sketch at 99% confidence, 0 for a sketch that holds
	 * every value it was given.
	 */
	static double rankError(KllDoublesSketch sketch) {
		return sketch.isEstimationMode() ? sketch.getNormalizedRankError(false) : 0;
	}

	/**
	 * The Kolmogorov distribution's upper tail {@code Q(λ) = 2 Σ (−1)^(k−1) e^(−2k²λ²)}.
	 */
	static double kolmogorovTail(double lambda) {
		if (lambda < 0.2) {
			return 1;
		}
		double sum = 0;
		for (int k = 1; k <= 100; k++) {
			double term = Math.exp(-2.0 * k * k * lambda * lambda);
			sum += ((k % 2 == 1) ? term : -term);
			if (term < 1e-16) {
				break;
			}
		}
		return Math.max(0, Math.min(1, 2 * sum));
	}

	/** The counts as shares of their total (all zero for an empty total). */
	static double[] shares(long[] counts) {
		long n = sum(counts);
		double[] shares = new double[counts.length];
		if (n > 0) {
			for (int i = 0; i < counts.length; i++) {
				shares[i] = (double) counts[i] / n;
			}
		}
		return shares;
	}

	static long sum(long[] counts) {
		long n = 0;
		for (long count : counts) {
			n += count;
		}
		return n;
	}

	private static void fillZeroes(double[] shares) {
		double minNonZero = Double.POSITIVE_INFINITY;
		for (double share : shares) {
			if (share > 0) {
				minNonZero = Math.min(minNonZero, share);
			}
		}
		double fill = (minNonZero <= 0.0001) ? minNonZero / 1e6 : 0.0001;
		for (int i = 0; i < shares.length; i++) {
			if (shares[i] == 0) {
				shares[i] = fill;
			}
		}
	}

	private static double relativeEntropy(double x, double y) {
		return (x > 0) ? x * Math.log(x / y) : 0;
	}

	/** Every value either sketch retained, sorted and distinct. */
	private static double[] support(KllDoublesSketch reference, KllDoublesSketch current) {
		double[] a = reference.getSortedView().getQuantiles();
		double[] b = current.getSortedView().getQuantiles();
		double[] all = new double[a.length + b.length];
		System.arraycopy(a, 0, all, 0, a.length);
		System.arraycopy(b, 0, all, a.length, b.length);
		Arrays.sort(all);
		int distinct = 0;
		for (int i = 0; i < all.length; i++) {
			if (i == 0 || all[i] != all[distinct - 1]) {
				all[distinct++] = all[i];
			}
		}
		return Arrays.copyOf(all, distinct);
	}

	/**
	 * The values of a sketch that holds all it was given, each as often as it was given.
	 */
	private static double[] values(KllDoublesSketch sketch) {
		DoublesSortedView view = sketch.getSortedView();
		double[] values = new double[Math.toIntExact(sketch.getN())];
		DoublesSortedViewIterator it = view.iterator();
		int i = 0;
		while (it.next()) {
			for (long w = it.getWeight(); w > 0; w--) {
				values[i++] = it.getQuantile();
			}
		}
		return values;
	}

}
