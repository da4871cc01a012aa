package dev.slipway.tracking.search;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.slipway.error.SlipwayException;
import dev.slipway.query.Clause;
import dev.slipway.query.Entity;
import dev.slipway.query.FilterParser;
import dev.slipway.query.Operator;
import dev.slipway.query.OrderKey;
import dev.slipway.query.Searches;
import dev.slipway.query.Sql;
import dev.slipway.query.SqlQuery;

/**
 * Builds the SQL behind MLflow's {@code search_runs}: the internal ids of the matching
 * runs, in the requested order, one page at a time.
 */
public final class RunSearch {

	private static final Map<String, String> COLUMNS = Map.of("run_id", "r.run_uuid", "run_name", "r.run_name",
			"user_id", "r.user_id", "status", "r.status", "artifact_uri", "r.artifact_uri", "start_time",
			"r.start_time", "end_time", "r.end_time");

	private static final Set<String> NULLABLE = Set.of("run_name", "user_id", "end_time");

	private static final String DATASET_CONTEXT_TAG = "mlflow.data.context";

	private RunSearch() {
	}

	/**
	 * {@code SELECT r.id FROM runs r ...}: the runs of {@code experimentIds} in
	 * {@code viewType} that match {@code filter}, ordered by {@code orderBy} (each
	 * {@code "<entity>.<key> [ASC|DESC]"}), then by start_time descending and run id,
	 * rows {@code offset} to {@code offset + limit}.
	 * @throws SlipwayException INVALID_ARGUMENT for a bad filter, order_by or page
	 */
	public static SqlQuery sql(List<Long> experimentIds, ViewType viewType, String filter, List<String> orderBy,
			long offset, int limit) {
		Searches.checkPage(offset, limit);
		Sql scope = Searches.inExperiments("r.experiment_id", experimentIds);
		List<Clause> clauses = FilterParser.parse(filter, TrackingGrammars.RUNS);
		List<OrderKey> order = FilterParser.parseOrderByList(orderBy, TrackingGrammars.RUNS);

		List<Sql> conditions = new ArrayList<>();
		conditions.add(scope);
		String stage = ((viewType != null) ? viewType : ViewType.ACTIVE_ONLY).lifecycleStage();
		if (stage != null) {
			conditions.add(new Sql().sql("r.lifecycle_stage = '" + stage + "'"));
		}
		Map<String, String> sortAliases = sortAliases(order);
		Set<String> alwaysPresent = new HashSet<>();
		for (int i = 0; i < clauses.size(); i++) {
			Clause clause = clauses.get(i);
			String sortAlias = sortAliases.get(clause.entity() + "." + clause.key());
			if (sortAlias == null) {
				conditions.add(condition(clause, "f" + (i + 1)));
			}
			else {
				conditions.add(conditionOnSortJoin(clause, sortAlias));
				if (clause.entity() != Entity.METRIC || clause.operator() != Operator.NE) {
					// Neither missing nor NaN any more: the sort needs no CASE.
					alwaysPresent.add(sortAlias);
				}
			}
		}

		Sql joins = new Sql();
		List<String> sorting = new ArrayList<>();
		for (int i = 0; i < order.size(); i++) {
			sort(order.get(i), "o" + (i + 1), alwaysPresent, joins, sorting);
		}
		if (order.stream().noneMatch((key) -> key.key().equals("start_time") && key.entity() == Entity.ATTRIBUTE)) {
			sorting.add("r.start_time DESC NULLS FIRST");
		}
		sorting.add("r.run_uuid ASC");

		return new Sql().sql("SELECT r.id FROM runs r")
			.add(joins)
			.sql(" WHERE ")
			.join(" AND ", conditions)
			.sql(" ORDER BY " + String.join(", ", sorting))
			.add(Searches.page(offset, limit))
			.query();
	}

	/**
	 * The join alias of each sorted metric, param and tag. A key both sorted on and
	 * filtered on is read once, through this join: with the filter on the joined row,
	 * PostgreSQL can walk {@code ix_latest_metrics_key_value} in order instead of sorting
	 * every run of the experiment.
	 */
	private static Map<String, String> sortAliases(List<OrderKey> order) {
		Map<String, String> aliases = new HashMap<>();
		for (int i = 0; i < order.size(); i++) {
			OrderKey key = order.get(i);
			if (key.entity() != Entity.ATTRIBUTE) {
				aliases.put(key.entity() + "." + key.key(), "o" + (i + 1));
			}
		}
		return aliases;
	}

	/** Appends the join (if any) and the sort terms of one order_by key. */
	private static void sort(OrderKey key, String alias, Set<String> alwaysPresent, Sql joins, List<String> sorting) {
		String direction = Searches.direction(key.ascending());
		switch (key.entity()) {
			case ATTRIBUTE -> {
				String column = COLUMNS.get(key.key());
				if (key.key().equals("start_time")) {
					// Slipway always sets start_time. Nulls where the index has them
					// let ix_runs_experiment_start serve both directions.
					sorting.add(column + direction + (key.ascending() ? " NULLS LAST" : " NULLS FIRST"));
					return;
				}
				if (NULLABLE.contains(key.key())) {
					sorting.add(Searches.nullsLast(column));
				}
				sorting.add(column + direction);
			}
			case METRIC -> {
				joins.add(sortJoin("latest_metrics", alias, "metric_key", key.key()));
				if (!alwaysPresent.contains(alias)) {
					sorting.add(Searches.metricNullsAndNanLast(alias + ".metric_value"));
				}
				sorting.add(alias + ".metric_value" + direction);
			}
			case PARAM, TAG -> {
				boolean param = key.entity() == Entity.PARAM;
				joins.add(
						sortJoin(param ? "run_params" : "run_tags", alias, param ? "param_key" : "tag_key", key.key()));
				String column = alias + (param ? ".param_value" : ".tag_value");
				if (!alwaysPresent.contains(alias)) {
					sorting.add(Searches.nullsLast(column));
				}
				sorting.add(column + direction);
			}
			default -> throw new IllegalStateException("order_by entity " + key.entity());
		}
	}

	private static Sql conditionOnSortJoin(Clause clause, String alias) {
		if (clause.entity() == Entity.METRIC) {
			return Sql.compareMetric(alias + ".metric_value", clause.operator(), Sql.real(clause.value()));
		}
		String column = alias + ((clause.entity() == Entity.PARAM) ? ".param_value" : ".tag_value");
		return Sql.compare(column, clause.operator(), Sql.text(clause.value()));
	}

	/** At most one row per run: (run_id, key) is unique in all three tables. */
	private static Sql sortJoin(String table, String alias, String keyColumn, String key) {
		return new Sql()
			.sql(" LEFT JOIN " + table + " " + alias + " ON " + alias + ".run_id = r.id AND " + alias + "." + keyColumn
					+ " = ")
			.arg(key);
	}

	private static Sql condition(Clause clause, String alias) {
		Operator operator = clause.operator();
		return switch (clause.entity()) {
			case ATTRIBUTE -> {
				String column = COLUMNS.get(clause.key());
				boolean numeric = TrackingGrammars.RUNS.numericAttributes().contains(clause.key());
				yield Sql.compare(column, operator, numeric ? Sql.whole(clause.value()) : Sql.text(clause.value()));
			}
			case METRIC -> new Sql()
				.sql("EXISTS (SELECT 1 FROM latest_metrics " + alias + " WHERE " + alias + ".run_id = r.id AND " + alias
						+ ".metric_key = ")
				.arg(clause.key())
				.sql(" AND ")
				.add(Sql.compareMetric(alias + ".metric_value", operator, Sql.real(clause.value())))
				.sql(")");
			case PARAM -> keyValue("run_params", alias, "param_key", "param_value", clause);
			case TAG -> keyValue("run_tags", alias, "tag_key", "tag_value", clause);
			case DATASET -> dataset(clause, alias);
		};
	}

	private static Sql keyValue(String table, String alias, String keyColumn, String valueColumn, Clause clause) {
		return new Sql()
			.sql("EXISTS (SELECT 1 FROM " + table + " " + alias + " WHERE " + alias + ".run_id = r.id AND " + alias
					+ "." + keyColumn + " = ")
			.arg(clause.key())
			.sql(" AND ")
			.add(Sql.compare(alias + "." + valueColumn, clause.operator(), Sql.text(clause.value())))
			.sql(")");
	}

	private static Sql dataset(Clause clause, String alias) {
		Object value = Sql.text(clause.value());
		if (clause.key().equals("context")) {
			String tags = alias + "t";
			return new Sql()
				.sql("EXISTS (SELECT 1 FROM run_inputs " + alias + " JOIN run_input_tags " + tags + " ON " + tags
						+ ".run_input_id = " + alias + ".id WHERE " + alias + ".run_id = r.id AND " + alias
						+ ".dataset_id IS NOT NULL AND " + tags + ".tag_key = ")
				.arg(DATASET_CONTEXT_TAG)
				.sql(" AND ")
				.add(Sql.compare(tags + ".tag_value", clause.operator(), value))
				.sql(")");
		}
		String datasets = alias + "d";
		return new Sql()
			.sql("EXISTS (SELECT 1 FROM run_inputs " + alias + " JOIN datasets " + datasets + " ON " + datasets
					+ ".id = " + alias + ".dataset_id WHERE " + alias + ".run_id = r.id AND ")
			.add(Sql.compare(datasets + "." + clause.key(), clause.operator(), value))
			.sql(")");
	}

}
