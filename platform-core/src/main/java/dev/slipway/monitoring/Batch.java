package dev.slipway.monitoring;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch of production rows, held by column while it is profiled and dropped afterwards:
 * numbers as doubles (NaN for missing), categories as strings (null for missing), each
 * row's time in epoch milliseconds, and its prediction id and label when the schema names
 * them.
 */
final class Batch {

	private final MonitorSchema schema;

	private final Map<String, double[]> numbers = new LinkedHashMap<>();

	private final Map<String, String[]> texts = new LinkedHashMap<>();

	private long[] times;

	private String[] ids;

	private String[] labels;

	private double[] probabilities;

	private int rows;

	Batch(MonitorSchema schema, int capacity) {
		this.schema = schema;
		int size = Math.max(16, capacity);
		for (MonitorSchema.Column column : schema.columns()) {
			if (column.kind().categorical()) {
				this.texts.put(column.name(), new String[size]);
			}
			else {
				double[] values = new double[size];
				Arrays.fill(values, Double.NaN);
				this.numbers.put(column.name(), values);
			}
		}
		this.times = new long[size];
		Arrays.fill(this.times, Long.MIN_VALUE);
		if (schema.predictionId() != null) {
			this.ids = new String[size];
		}
		if (schema.label() != null) {
			this.labels = new String[size];
		}
		if (schema.probability() != null && schema.column(schema.probability()).isEmpty()) {
			this.probabilities = new double[size];
			Arrays.fill(this.probabilities, Double.NaN);
		}
	}

	MonitorSchema schema() {
		return this.schema;
	}

	int rows() {
		return this.rows;
	}

	/** Starts a new row (all values missing) and answers its index. */
	int newRow() {
		if (this.rows == this.times.length) {
			grow();
		}
		return this.rows++;
	}

	double[] numbers(String column) {
		return this.numbers.get(column);
	}

	String[] texts(String column) {
		return this.texts.get(column);
	}

	/** Row times; {@link Long#MIN_VALUE} where a row had none. */
	long[] times() {
		return this.times;
	}

	/** Prediction ids, or null when the schema has no id column. */
	String[] ids() {
		return this.ids;
	}

	/** Labels as text, or null when the schema has no label column. */
	String[] labels() {
		return this.labels;
	}

	/**
	 * Predicted probabilities of the positive class (NaN where missing), or null when the
	 * schema names no probability column.
	 */
	double[] probabilities() {
		if (this.schema.probability() == null) {
			return null;
		}
		return (this.probabilities != null) ? this.probabilities : this.numbers.get(this.schema.probability());
	}

	/** Probabilities the reader fills when the column is not profiled, else null. */
	double[] ownProbabilities() {
		return this.probabilities;
	}

	/** Column names in schema order. */
	List<MonitorSchema.Column> columns() {
		return this.schema.columns();
	}

	private void grow() {
		int size = this.times.length * 2;
		this.numbers.replaceAll((name, values) -> {
			double[] grown = Arrays.copyOf(values, size);
			Arrays.fill(grown, values.length, size, Double.NaN);
			return grown;
		});
		this.texts.replaceAll((name, values) -> Arrays.copyOf(values, size));
		long[] grownTimes = Arrays.copyOf(this.times, size);
		Arrays.fill(grownTimes, this.times.length, size, Long.MIN_VALUE);
		this.times = grownTimes;
		if (this.ids != null) {
			this.ids = Arrays.copyOf(this.ids, size);
		}
		if (this.labels != null) {
			this.labels = Arrays.copyOf(this.labels, size);
		}
		if (this.probabilities != null) {
			double[] grown = Arrays.copyOf(this.probabilities, size);
			Arrays.fill(grown, this.probabilities.length, size, Double.NaN);
			this.probabilities = grown;
		}
	}

}
