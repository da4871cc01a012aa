package dev.slipway.tracking.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.slipway.error.SlipwayException;
import dev.slipway.query.Clause;
import dev.slipway.query.Entity;
import dev.slipway.query.FilterParser;
import dev.slipway.query.Grammar;
import dev.slipway.query.Operator;
import dev.slipway.query.SearchLimits;
import dev.slipway.query.Searches;
import dev.slipway.query.Sql;
import dev.slipway.query.SqlQuery;
import dev.slipway.query.Texts;

/**
 * Builds the SQL behind MLflow 3's {@code search_logged_models}: the internal ids of the
 * matching, not deleted logged models, in the requested order, one page at a time.
 */
public final class LoggedModelSearch {

	private static final Map<String, String> COLUMNS = Map.of("name", "lm.name", "model_id", "lm.model_uid",
			"model_type", "lm.model_type", "status", "lm.status", "creation_timestamp", "lm.creation_time",
			"last_updated_timestamp", "lm.last_updated_time");

	private static final Set<String> NULLABLE = Set.of("model_type", "source_run_id");

	private static final String SOURCE_RUN_ID = "source_run_id";

	private LoggedModelSearch() {
	}

	/**
	 * {@code SELECT q.id FROM (... logged_models lm ...) q ...}: the models of
	 * {@code experimentIds} that match {@code filter} and, when {@code datasets} is not
	 * empty, have metrics on one of those datasets; ordered by {@code orderBy}, then by
	 * creation time descending and model id; rows {@code offset} to
	 * {@code offset + limit}.
	 * @throws SlipwayException INVALID_ARGUMENT for a bad filter, order_by, datasets or
	 * page
	 */
	public static SqlQuery sql(List<Long> experimentIds, String filter, List<LoggedModelOrder> orderBy,
			List<DatasetFilter> datasets, long offset, int limit) {
		Searches.checkPage(offset, limit);
		Sql scope = Searches.inExperiments("lm.experiment_id", experimentIds);
		List<DatasetFilter> onDatasets = datasets(datasets);
		List<Clause> clauses = FilterParser.parse(filter, TrackingGrammars.LOGGED_MODELS);
		List<Sort> order = sorts(orderBy);

		Sql columns = new Sql().sql("lm.id, lm.creation_time AS c0, lm.model_uid AS u0");
		List<String> sorting = new ArrayList<>();
		boolean creationOrdered = false;
		for (int i = 0; i < order.size(); i++) {
			Sort sort = order.get(i);
			String alias = "o" + (i + 1);
			String direction = Searches.direction(sort.ascending());
			columns.sql(", ").add(sortValue(sort, alias)).sql(" AS " + alias);
			if (sort.metric() != null) {
				sorting.add(Searches.metricNullsAndNanLast("q." + alias));
			}
			else if (NULLABLE.contains(sort.attribute())) {
				sorting.add(Searches.nullsLast("q." + alias));
			}
			creationOrdered |= "creation_timestamp".equals(sort.attribute());
			sorting.add("q." + alias + direction);
		}
		if (!creationOrdered) {
			sorting.add("q.c0 DESC");
		}
		sorting.add("q.u0 ASC");

		List<Sql> conditions = new ArrayList<>();
		conditions.add(scope);
		conditions.add(new Sql().sql("lm.lifecycle_stage <> 'deleted'"));
		boolean metricClauses = false;
		for (int i = 0; i < clauses.size(); i++) {
			Clause clause = clauses.get(i);
			metricClauses |= clause.entity() == Entity.METRIC;
			conditions.add(condition(clause, "f" + (i + 1), onDatasets));
		}
		if (!onDatasets.isEmpty() && !metricClauses) {
			conditions.add(
					new Sql().sql("EXISTS (SELECT 1 FROM logged_model_metrics fd WHERE fd.logged_model_id = lm.id AND ")
						.add(onDatasets("fd", onDatasets))
						.sql(")"));
		}

		return new Sql().sql("SELECT q.id FROM (SELECT ")
			.add(columns)
			.sql(" FROM logged_models lm WHERE ")
			.join(" AND ", conditions)
			.sql(") q ORDER BY " + String.join(", ", sorting))
			.add(Searches.page(offset, limit))
			.query();
	}

	private static Sql sortValue(Sort sort, String alias) {
		if (sort.metric() != null) {
			String m = alias + "m";
			Sql latest = new Sql()
				.sql("(SELECT " + m + ".metric_value FROM logged_model_metrics " + m + " WHERE " + m
						+ ".logged_model_id = lm.id AND " + m + ".metric_key = ")
				.arg(sort.metric());
			if (sort.datasetName() != null) {
				latest.sql(" AND " + m + ".dataset_name = ").arg(sort.datasetName());
			}
			if (sort.datasetDigest() != null) {
				latest.sql(" AND " + m + ".dataset_digest = ").arg(sort.datasetDigest());
			}
			return latest.sql(" ORDER BY " + m + ".timestamp_ms DESC, " + m + ".step DESC, " + m + ".id DESC LIMIT 1)");
		}
		if (sort.attribute().equals(SOURCE_RUN_ID)) {
			return new Sql().sql("lm.source_run_uuid");
		}
		return new Sql().sql(COLUMNS.get(sort.attribute()));
	}

	private static Sql condition(Clause clause, String alias, List<DatasetFilter> datasets) {
		Operator operator = clause.operator();
		return switch (clause.entity()) {
			case ATTRIBUTE -> {
				if (clause.key().equals(SOURCE_RUN_ID)) {
					yield Sql.compare("lm.source_run_uuid", operator, Sql.text(clause.value()));
				}
				boolean numeric = TrackingGrammars.LOGGED_MODELS.numericAttributes().contains(clause.key());
				yield Sql.compare(COLUMNS.get(clause.key()), operator,
						numeric ? Sql.whole(clause.value()) : Sql.text(clause.value()));
			}
			case METRIC -> {
				Sql metric = new Sql()
					.sql("EXISTS (SELECT 1 FROM logged_model_metrics " + alias + " WHERE " + alias
							+ ".logged_model_id = lm.id AND " + alias + ".metric_key = ")
					.arg(clause.key())
					.sql(" AND ")
					.add(Sql.compareMetric(alias + ".metric_value", operator, Sql.real(clause.value())));
				if (!datasets.isEmpty()) {
					metric.sql(" AND ").add(onDatasets(alias, datasets));
				}
				yield metric.sql(")");
			}
			case PARAM -> keyValue("logged_model_params", alias, "param_key", "param_value", clause);
			case TAG -> keyValue("logged_model_tags", alias, "tag_key", "tag_value", clause);
			default -> throw new IllegalStateException("filter entity " + clause.entity());
		};
	}

	private static Sql keyValue(String table, String alias, String keyColumn, String valueColumn, Clause clause) {
		return new Sql()
			.sql("EXISTS (SELECT 1 FROM " + table + " " + alias + " WHERE " + alias + ".logged_model_id = lm.id AND "
					+ alias + "." + keyColumn + " = ")
			.arg(clause.key())
			.sql(" AND ")
			.add(Sql.compare(alias + "." + valueColumn, clause.operator(), Sql.text(clause.value())))
			.sql(")");
	}

	/**
	 * {@code ((a.dataset_name = ? AND a.dataset_digest = ?) OR (a.dataset_name = ?))}.
	 */
	private static Sql onDatasets(String alias, List<DatasetFilter> datasets) {
		List<Sql> each = new ArrayList<>();
		for (DatasetFilter dataset : datasets) {
			Sql one = new Sql().sql("(" + alias + ".dataset_name = ").arg(dataset.datasetName());
			if (dataset.datasetDigest() != null && !dataset.datasetDigest().isEmpty()) {
				one.sql(" AND " + alias + ".dataset_digest = ").arg(dataset.datasetDigest());
			}
			each.add(one.sql(")"));
		}
		return new Sql().sql("(").join(" OR ", each).sql(")");
	}

	private static List<DatasetFilter> datasets(List<DatasetFilter> datasets) {
		if (datasets == null) {
			return List.of();
		}
		if (datasets.size() > SearchLimits.MAX_CLAUSES) {
			throw SlipwayException.invalidArgument("datasets",
					"too many datasets; at most " + SearchLimits.MAX_CLAUSES + " are allowed");
		}
		for (DatasetFilter dataset : datasets) {
			if (dataset == null || dataset.datasetName() == null || dataset.datasetName().isEmpty()) {
				throw SlipwayException.invalidArgument("datasets", "dataset_name must be specified");
			}
		}
		return datasets;
	}

	private static List<Sort> sorts(List<LoggedModelOrder> orderBy) {
		if (orderBy == null) {
			return List.of();
		}
		if (orderBy.size() > SearchLimits.MAX_ORDER_BY) {
			throw SlipwayException.invalidArgument("order_by",
					"too many fields; at most " + SearchLimits.MAX_ORDER_BY + " are allowed");
		}
		List<Sort> sorts = new ArrayList<>();
		for (int i = 0; i < orderBy.size(); i++) {
			sorts.add(sort(orderBy.get(i), "order_by[" + i + "]"));
		}
		return sorts;
	}

	private static Sort sort(LoggedModelOrder order, String field) {
		if (order == null || order.fieldName() == null || order.fieldName().isBlank()) {
			throw SlipwayException.invalidArgument(field, "field_name must be specified");
		}
		String datasetName = blankToNull(order.datasetName());
		String datasetDigest = blankToNull(order.datasetDigest());
		if (datasetDigest != null && datasetName == null) {
			throw SlipwayException.invalidArgument(field,
					"dataset_digest can only be specified if dataset_name is also specified");
		}
		boolean ascending = order.ascending() == null || order.ascending();
		String name = order.fieldName().strip();
		int dot = name.indexOf('.');
		if (dot >= 0) {
			String entity = name.substring(0, dot);
			String key = unquote(name.substring(dot + 1));
			if (!entity.equals("metrics")) {
				throw SlipwayException.invalidArgument(field, "invalid field_name " + Texts.quote(name)
						+ "; only metrics.<key> or an attribute (" + attributeNames() + ") is allowed");
			}
			if (key.isEmpty()) {
				throw SlipwayException.invalidArgument(field, "empty metric key in field_name " + Texts.quote(name));
			}
			return new Sort(null, key, ascending, datasetName, datasetDigest);
		}
		String attribute = TrackingGrammars.LOGGED_MODELS.orderAttributes().get(name);
		if (attribute == null) {
			throw SlipwayException.invalidArgument(field, "invalid field_name " + Texts.quote(name)
					+ "; expected metrics.<key> or one of " + attributeNames());
		}
		return new Sort(attribute, null, ascending, datasetName, datasetDigest);
	}

	private static String attributeNames() {
		return Grammar.attributeNames(TrackingGrammars.LOGGED_MODELS.orderAttributes());
	}

	private static String unquote(String key) {
		if (key.length() >= 2 && key.startsWith("`") && key.endsWith("`")) {
			return key.substring(1, key.length() - 1);
		}
		return key;
	}

	private static String blankToNull(String value) {
		return (value == null || value.isEmpty()) ? null : value;
	}

	/**
	 * A validated order_by entry: exactly one of {@code attribute} (canonical) and
	 * {@code metric} is set.
	 */
	private record Sort(String attribute, String metric, boolean ascending, String datasetName, String datasetDigest) {

	}

}
