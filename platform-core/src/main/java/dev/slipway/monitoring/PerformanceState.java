package dev.slipway.monitoring;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.quantilescommon.DoublesSortedViewIterator;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * The mergeable state behind one window's performance metrics, built from predictions
 * that have their label: a confusion matrix (classification), the predicted probabilities
 * of positive and negative rows as KLL sketches (ROC AUC) and the log-loss sum (binary
 * classification with a probability), and error sums (regression). As with the profiles,
 * no row is kept.
 */
final class PerformanceState {

	/** Distinct classes kept per window; further ones count as {@link #OTHER}. */
	static final int MAX_CLASSES = 100;

	/** The class label standing for every class beyond {@link #MAX_CLASSES}. */
	static final String OTHER = "(other)";

	/** sklearn's clipping of probabilities in {@code log_loss}: the double epsilon. */
	static final double EPSILON = Math.ulp(1.0);

	private static final int KLL_K = 400;

	private long labeled;

	private final Map<String, Map<String, Long>> confusion = new TreeMap<>();

	private final TreeSet<String> classes = new TreeSet<>();

	private KllDoublesSketch positives;

	private KllDoublesSketch negatives;

	private double logLossSum;

	private long logLossCount;

	private long regressionCount;

	private double sumError;

	private double sumAbsError;

	private double sumSquaredError;

	private double sumAbsPercentError;

	/** Adds a labelled classification: actual and predicted class, probability or NaN. */
	void addClass(String actual, String predicted, double probability, String positive) {
		this.labeled++;
		String a = bounded(actual);
		String p = bounded(predicted);
		this.confusion.computeIfAbsent(a, (k) -> new TreeMap<>()).merge(p, 1L, Long::sum);
		if (!Double.isNaN(probability)) {
			boolean isPositive = actual.equals(positive);
			sketch(isPositive).update(probability);
			double clipped = Math.min(Math.max(probability, EPSILON), 1 - EPSILON);
			this.logLossSum -= isPositive ? Math.log(clipped) : Math.log(1 - clipped);
			this.logLossCount++;
		}
	}

	/** Adds a labelled regression: actual and predicted value. */
	void addValue(double actual, double predicted) {
		this.labeled++;
		double error = predicted - actual;
		this.regressionCount++;
		this.sumError += error;
		this.sumAbsError += Math.abs(error);
		this.sumSquaredError += error * error;
		this.sumAbsPercentError += Math.abs(error) / Math.max(Math.abs(actual), EPSILON);
	}

	/** Merges another window's state into this one. */
	void merge(PerformanceState other) {
		this.labeled += other.labeled;
		other.confusion.forEach((actual, row) -> row
			.forEach((predicted, n) -> this.confusion.computeIfAbsent(bounded(actual), (k) -> new TreeMap<>())
				.merge(bounded(predicted), n, Long::sum)));
		if (other.positives != null) {
			sketch(true).merge(other.positives);
		}
		if (other.negatives != null) {
			sketch(false).merge(other.negatives);
		}
		this.logLossSum += other.logLossSum;
		this.logLossCount += other.logLossCount;
		this.regressionCount += other.regressionCount;
		this.sumError += other.sumError;
		this.sumAbsError += other.sumAbsError;
		this.sumSquaredError += other.sumSquaredError;
		this.sumAbsPercentError += other.sumAbsPercentError;
	}

	long labeled() {
		return this.labeled;
	}

	/**
	 * The metrics of the state; {@code predictions} is the window's predictions, for
	 * coverage.
	 */
	PerformanceMetrics metrics(MonitorSchema.Task task, String positive, long predictions) {
		Double coverage = (predictions > 0) ? Math.min(1.0, (double) this.labeled / predictions) : null;
		if (task == MonitorSchema.Task.REGRESSION) {
			if (this.regressionCount == 0) {
				return PerformanceMetrics.none(task, predictions, coverage);
			}
			double n = this.regressionCount;
			Map<String, Double> metrics = new LinkedHashMap<>();
			metrics.put("mae", this.sumAbsError / n);
			metrics.put("rmse", Math.sqrt(this.sumSquaredError / n));
			metrics.put("mape", this.sumAbsPercentError / n);
			metrics.put("bias", this.sumError / n);
			return new PerformanceMetrics(task, this.labeled, predictions, coverage, metrics, null, null);
		}
		long total = 0;
		long correct = 0;
		TreeSet<String> labels = new TreeSet<>(this.confusion.keySet());
		this.confusion.values().forEach((row) -> labels.addAll(row.keySet()));
		for (Map.Entry<String, Map<String, Long>> row : this.confusion.entrySet()) {
			for (Map.Entry<String, Long> cell : row.getValue().entrySet()) {
				total += cell.getValue();
				if (cell.getKey().equals(row.getKey())) {
					correct += cell.getValue();
				}
			}
		}
		if (total == 0) {
			return PerformanceMetrics.none(task, predictions, coverage);
		}
		Map<String, Double> metrics = new LinkedHashMap<>();
		metrics.put("accuracy", (double) correct / total);
		boolean binary = labels.size() <= 2 && (labels.contains(positive) || labels.size() < 2);
		if (binary) {
			double[] prf = precisionRecallF1(positive);
			metrics.put("precision", prf[0]);
			metrics.put("recall", prf[1]);
			metrics.put("f1", prf[2]);
		}
		else {
			double[] sum = new double[3];
			for (String label : labels) {
				double[] prf = precisionRecallF1(label);
				for (int i = 0; i < 3; i++) {
					sum[i] += prf[i];
				}
			}
			metrics.put("precision", sum[0] / labels.size());
			metrics.put("recall", sum[1] / labels.size());
			metrics.put("f1", sum[2] / labels.size());
		}
		if (this.positives != null && this.negatives != null && !this.positives.isEmpty()
				&& !this.negatives.isEmpty()) {
			metrics.put("roc_auc", rocAuc(this.positives, this.negatives));
		}
		if (this.logLossCount > 0) {
			metrics.put("log_loss", this.logLossSum / this.logLossCount);
		}
		List<String> order = List.copyOf(labels);
		List<List<Long>> matrix = new ArrayList<>();
		for (String actual : order) {
			Map<String, Long> row = this.confusion.getOrDefault(actual, Map.of());
			matrix.add(order.stream().map((predicted) -> row.getOrDefault(predicted, 0L)).toList());
		}
		return new PerformanceMetrics(task, this.labeled, predictions, coverage, metrics, order, matrix);
	}

	private double[] precisionRecallF1(String label) {
		long tp = this.confusion.getOrDefault(label, Map.of()).getOrDefault(label, 0L);
		long actual = this.confusion.getOrDefault(label, Map.of()).values().stream().mapToLong(Long::longValue).sum();
		long predicted = this.confusion.values().stream().mapToLong((row) -> row.getOrDefault(label, 0L)).sum();
		double precision = (predicted > 0) ? (double) tp / predicted : 0;
		double recall = (actual > 0) ? (double) tp / actual : 0;
		double f1 = (precision + recall > 0) ? 2 * precision * recall / (precision + recall) : 0;
		return new double[] { precision, recall, f1 };
	}

	/**
	 * ROC AUC as the probability that a positive row scores above a negative one (ties
	 * count half): exact when both sketches hold every value.
	 */
	static double rocAuc(KllDoublesSketch positives, KllDoublesSketch negatives) {
		double nPos = positives.getN();
		double nNeg = negatives.getN();
		double sum = 0;
		DoublesSortedViewIterator it = negatives.getSortedView().iterator();
		while (it.next()) {
			double v = it.getQuantile();
			double atOrBelow = positives.getRank(v, QuantileSearchCriteria.INCLUSIVE);
			double below = positives.getRank(v, QuantileSearchCriteria.EXCLUSIVE);
			sum += it.getWeight() * ((1 - atOrBelow) + 0.5 * (atOrBelow - below));
		}
		return (nPos > 0) ? sum / nNeg : Double.NaN;
	}

	private KllDoublesSketch sketch(boolean positive) {
		if (positive) {
			if (this.positives == null) {
				this.positives = KllDoublesSketch.newHeapInstance(KLL_K);
			}
			return this.positives;
		}
		if (this.negatives == null) {
			this.negatives = KllDoublesSketch.newHeapInstance(KLL_K);
		}
		return this.negatives;
	}

	private String bounded(String label) {
		if (this.classes.contains(label)) {
			return label;
		}
		if (this.classes.size() >= MAX_CLASSES) {
			return OTHER;
		}
		this.classes.add(label);
		return label;
	}

	/** The stored form, as JSON. */
	String toJson() {
		return MonitorJson.write(new Stored(this.labeled, this.confusion, encode(this.positives),
				encode(this.negatives), this.logLossSum, this.logLossCount, this.regressionCount, this.sumError,
				this.sumAbsError, this.sumSquaredError, this.sumAbsPercentError));
	}

	/** A state as stored. */
	static PerformanceState fromJson(String json) {
		Stored stored = MonitorJson.read(json, Stored.class);
		PerformanceState state = new PerformanceState();
		state.labeled = stored.labeled();
		if (stored.confusion() != null) {
			stored.confusion().forEach((actual, row) -> row.forEach((predicted, n) -> {
				state.confusion.computeIfAbsent(state.bounded(actual), (k) -> new TreeMap<>())
					.merge(state.bounded(predicted), n, Long::sum);
			}));
		}
		state.positives = decode(stored.positives());
		state.negatives = decode(stored.negatives());
		state.logLossSum = stored.logLossSum();
		state.logLossCount = stored.logLossCount();
		state.regressionCount = stored.regressionCount();
		state.sumError = stored.sumError();
		state.sumAbsError = stored.sumAbsError();
		state.sumSquaredError = stored.sumSquaredError();
		state.sumAbsPercentError = stored.sumAbsPercentError();
		return state;
	}

	record Stored(long labeled, Map<String, Map<String, Long>> confusion, String positives, String negatives,
			double logLossSum, long logLossCount, long regressionCount, double sumError, double sumAbsError,
			double sumSquaredError, double sumAbsPercentError) {
	}

	private static String encode(KllDoublesSketch sketch) {
		return (sketch != null) ? Base64.getEncoder().encodeToString(sketch.toByteArray()) : null;
	}

	private static KllDoublesSketch decode(String text) {
		return (text != null) ? KllDoublesSketch.heapify(Memory.wrap(Base64.getDecoder().decode(text))) : null;
	}

}
