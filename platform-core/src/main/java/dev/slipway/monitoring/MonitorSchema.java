package dev.slipway.monitoring;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;

/**
 * What a monitor reads from each row. {@code columns} are profiled (features and the
 * prediction); the label, prediction id and timestamp are roles, not profiled columns.
 *
 * @param columns the profiled columns, in order, each with its kind
 * @param prediction the column holding the model's prediction (one of {@code columns}),
 * or null
 * @param label the column holding the ground truth, or null
 * @param predictionId the column identifying a prediction, so a label posted later finds
 * its window, or null
 * @param timestamp the column holding the prediction time (epoch milliseconds or
 * ISO-8601); rows without one fall in the window of their arrival
 * @param task classification or regression, for the performance metrics; null when the
 * monitor watches data only
 * @param probability for binary classification, the column holding the predicted
 * probability of the positive class (for ROC AUC and log-loss); it may also be profiled
 * as a column; null when there is none
 * @param positiveClass the positive class of binary classification ({@code 1} when null)
 */
public record MonitorSchema(List<Column> columns, String prediction, String label, String predictionId,
		String timestamp, Task task, String probability, String positiveClass) {

	/** Longest column name. */
	static final int MAX_NAME = 250;

	/** A profiled column. */
	public record Column(String name, ColumnKind kind) {
	}

	/** The kind of model, for its performance metrics. */
	public enum Task {

		/** Labels are classes. */
		CLASSIFICATION,

		/** Labels are numbers. */
		REGRESSION

	}

	public MonitorSchema {
		columns = (columns != null) ? List.copyOf(columns) : List.of();
	}

	/** A schema of profiled columns only, without roles. */
	public static MonitorSchema of(List<Column> columns) {
		return new MonitorSchema(columns, null, null, null, null, null, null, null);
	}

	/** The positive class of binary classification. */
	public String positive() {
		return (this.positiveClass != null) ? this.positiveClass : "1";
	}

	/** The profiled column with this name. */
	public Optional<Column> column(String name) {
		return this.columns.stream().filter((column) -> column.name().equals(name)).findFirst();
	}

	/** The profiled columns and roles checked, with {@code maxColumns} the limit. */
	MonitorSchema checked(int maxColumns) {
		if (this.columns.isEmpty()) {
			throw invalid("schema.columns must name at least one column");
		}
		if (this.columns.size() > maxColumns) {
			throw invalid(
					"schema.columns has " + this.columns.size() + " columns; at most " + maxColumns + " are monitored");
		}
		Set<String> names = new HashSet<>();
		for (Column column : this.columns) {
			if (column == null || column.name() == null || column.name().isBlank()) {
				throw invalid("every schema column needs a name");
			}
			name("schema.columns", column.name());
			if (column.kind() == null) {
				throw invalid("schema column '" + column.name() + "' needs a kind: NUMERICAL, CATEGORICAL or TEXT");
			}
			if (!names.add(column.name())) {
				throw invalid("schema column '" + column.name() + "' is named twice");
			}
		}
		if (this.prediction != null && !names.contains(this.prediction)) {
			throw invalid("schema.prediction '" + this.prediction + "' is not one of schema.columns");
		}
		for (String role : new String[] { this.label, this.predictionId, this.timestamp }) {
			if (role != null) {
				name("schema roles", role);
				if (names.contains(role)) {
					throw invalid(
							"'" + role + "' is a label, prediction id or timestamp column and cannot be profiled");
				}
			}
		}
		if (this.label != null && (this.prediction == null || this.task == null)) {
			throw invalid("a label column needs schema.prediction and schema.task");
		}
		if (this.task == Task.REGRESSION && this.prediction != null
				&& column(this.prediction).map(Column::kind).orElse(null) != ColumnKind.NUMERICAL) {
			throw invalid("a regression's prediction column must be NUMERICAL");
		}
		if (this.probability != null) {
			name("schema.probability", this.probability);
			if (this.task != Task.CLASSIFICATION) {
				throw invalid("schema.probability is for classification");
			}
			if (column(this.probability).map((c) -> c.kind() != ColumnKind.NUMERICAL).orElse(false)) {
				throw invalid("schema.probability must be a NUMERICAL column");
			}
			if (this.probability.equals(this.label) || this.probability.equals(this.predictionId)
					|| this.probability.equals(this.timestamp)) {
				throw invalid("schema.probability must be its own column");
			}
		}
		if (this.positiveClass != null && (this.positiveClass.isBlank() || this.positiveClass.length() > MAX_NAME)) {
			throw invalid("schema.positive_class must be a class label of at most " + MAX_NAME + " characters");
		}
		return this;
	}

	private static void name(String field, String name) {
		if (name.length() > MAX_NAME || name.indexOf('\0') >= 0) {
			throw invalid(field + ": column names are at most " + MAX_NAME + " characters, without NUL");
		}
	}

	private static SlipwayException invalid(String message) {
		return new SlipwayException(ErrorCode.INVALID_ARGUMENT, message);
	}

}
