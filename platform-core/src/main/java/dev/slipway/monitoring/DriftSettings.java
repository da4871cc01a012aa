package dev.slipway.monitoring;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;

/**
 * How a monitor decides drift. A column's method and thresholds come from the most
 * specific setting: the column's, then its kind's, then the global one, then Evidently's
 * default choice by kind and reference size.
 *
 * @param driftShare the share of drifted columns at or above which the dataset drifts
 * (Evidently's {@code drift_share}, 0.5)
 * @param all the global method choice, or null
 * @param byKind choices per column kind
 * @param byColumn choices per column name
 */
public record DriftSettings(double driftShare, Choice all, Map<ColumnKind, Choice> byKind,
		Map<String, Choice> byColumn) {

	/** The settings of a monitor that names none. */
	public static final DriftSettings DEFAULTS = new DriftSettings(0.5, null, Map.of(), Map.of());

	/**
	 * A method and its thresholds; any part may be null to keep the default.
	 *
	 * @param method the method's wire name ({@code psi}, {@code ks}, ...)
	 * @param threshold the drift threshold
	 * @param possibleThreshold the "possible drift" threshold
	 */
	public record Choice(String method, Double threshold, Double possibleThreshold) {

		Choice over(Choice fallback) {
			if (fallback == null) {
				return this;
			}
			return new Choice((this.method != null) ? this.method : fallback.method,
					(this.threshold != null) ? this.threshold : fallback.threshold,
					(this.possibleThreshold != null) ? this.possibleThreshold : fallback.possibleThreshold);
		}

	}

	public DriftSettings {
		byKind = (byKind != null) ? Map.copyOf(byKind) : Map.of();
		byColumn = (byColumn != null) ? Map.copyOf(new LinkedHashMap<>(byColumn)) : Map.of();
	}

	/** The settings checked against the schema. */
	DriftSettings checked(MonitorSchema schema) {
		if (!(this.driftShare > 0 && this.driftShare <= 1)) {
			throw invalid("drift.drift_share must be above 0 and at most 1");
		}
		check("drift.all", this.all, null);
		this.byKind.forEach((kind, choice) -> check("drift.by_kind." + kind, choice, kind));
		this.byColumn.forEach((name, choice) -> {
			ColumnKind kind = schema.column(name)
				.map(MonitorSchema.Column::kind)
				.orElseThrow(() -> invalid("drift.by_column names '" + name + "', which is not a schema column"));
			check("drift.by_column." + name, choice, kind);
		});
		return this;
	}

	/** The configured choice for a column, most specific first (null parts unset). */
	Choice choiceFor(MonitorSchema.Column column) {
		Choice choice = new Choice(null, null, null);
		choice = choice.over(this.byColumn.get(column.name()));
		choice = choice.over(this.byKind.get(column.kind()));
		return choice.over(this.all);
	}

	private static void check(String field, Choice choice, ColumnKind kind) {
		if (choice == null) {
			return;
		}
		if (choice.method() != null) {
			DriftMethod method = DriftMethod.named(choice.method())
				.orElseThrow(() -> invalid(field + ".method '" + choice.method()
						+ "' is not one of psi, ks, wasserstein, jensenshannon, chisquare, z"));
			if (kind != null && !method.appliesTo(kind)) {
				throw invalid(field + ".method " + method.wireName() + " does not apply to " + kind + " columns");
			}
		}
		finite(field + ".threshold", choice.threshold());
		finite(field + ".possible_threshold", choice.possibleThreshold());
	}

	private static void finite(String field, Double value) {
		if (value != null && (!Double.isFinite(value) || value < 0)) {
			throw invalid(field + " must be a finite number, at least 0");
		}
	}

	private static SlipwayException invalid(String message) {
		return new SlipwayException(ErrorCode.INVALID_ARGUMENT, message);
	}

}
