package dev.slipway.monitoring;

/**
 * Labels meeting predictions: class labels compared as text with integral numbers written
 * plainly ({@code 1.0} is {@code 1}), so a JSON {@code 1} and a CSV {@code 1.0} are the
 * same class.
 */
final class Labels {

	private Labels() {
	}

	/** The canonical text of a class label. */
	static String normalize(String label) {
		String v = label.strip();
		if (!v.isEmpty() && (Character.isDigit(v.charAt(0)) || v.charAt(0) == '-' || v.charAt(0) == '+')) {
			try {
				double d = Double.parseDouble(v);
				if (d == Math.rint(d) && Math.abs(d) < 1e15) {
					return Long.toString((long) d);
				}
				return Double.toString(d);
			}
			catch (NumberFormatException ex) {
				return v;
			}
		}
		return v;
	}

	/** A row's prediction as text (class or value), or null when it has none. */
	static String predicted(Batch batch, int row) {
		String column = batch.schema().prediction();
		if (column == null) {
			return null;
		}
		String[] texts = batch.texts(column);
		if (texts != null) {
			return (texts[row] != null) ? normalize(texts[row]) : null;
		}
		double value = batch.numbers(column)[row];
		return Double.isNaN(value) ? null : normalize(Double.toString(value));
	}

	/** Adds a labelled row of the batch to a performance state. */
	static void add(PerformanceState state, Batch batch, int row, String label) {
		String predicted = predicted(batch, row);
		if (predicted == null) {
			return;
		}
		double[] probabilities = batch.probabilities();
		add(state, batch.schema(), predicted, (probabilities != null) ? probabilities[row] : Double.NaN, label);
	}

	/**
	 * Adds one labelled prediction; a regression label that is not a number is an
	 * INVALID_ARGUMENT.
	 */
	static void add(PerformanceState state, MonitorSchema schema, String predicted, double probability, String label) {
		if (schema.task() == MonitorSchema.Task.REGRESSION) {
			double actual;
			try {
				actual = Double.parseDouble(label.strip());
			}
			catch (NumberFormatException ex) {
				throw new dev.slipway.error.SlipwayException(dev.slipway.error.ErrorCode.INVALID_ARGUMENT,
						"label '" + ((label.length() > 40) ? label.substring(0, 40) + "…" : label)
								+ "' is not a number, as a regression's labels must be");
			}
			state.addValue(actual, Double.parseDouble(predicted));
		}
		else {
			state.addClass(normalize(label), predicted, probability, schema.positive());
		}
	}

}
