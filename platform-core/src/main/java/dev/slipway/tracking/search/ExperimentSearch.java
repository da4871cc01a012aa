package dev.slipway.tracking.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.slipway.error.SlipwayException;
import dev.slipway.query.Clause;
import dev.slipway.query.Entity;
import dev.slipway.query.FilterParser;
import dev.slipway.query.OrderKey;
import dev.slipway.query.SearchLimits;
import dev.slipway.query.Searches;
import dev.slipway.query.Sql;
import dev.slipway.query.SqlQuery;

/**
 * Builds the SQL behind MLflow's {@code search_experiments}: the internal ids of the
 * matching experiments, in the requested order, one page at a time.
 */
public final class ExperimentSearch {

	private static final Map<String, String> COLUMNS = Map.of("name", "e.name", "experiment_id", "e.id",
			"creation_time", "e.creation_time", "last_update_time", "e.last_update_time");

	/** MLflow's order when a search names none. */
	private static final List<String> DEFAULT_ORDER = List.of("creation_time DESC", "experiment_id ASC");

	private ExperimentSearch() {
	}

	/**
	 * {@code SELECT e.id FROM experiments e ...}: the experiments in {@code viewType}
	 * that match {@code filter} (attributes name, creation_time, last_update_time; tags),
	 * ordered by {@code orderBy} (name, experiment_id, creation_time, last_update_time;
	 * default creation_time DESC, experiment_id ASC; experiment_id DESC breaks ties),
	 * rows {@code offset} to {@code offset + limit}.
	 * @throws SlipwayException INVALID_ARGUMENT for a bad filter, order_by or page
	 */
	public static SqlQuery sql(ViewType viewType, String filter, List<String> orderBy, long offset, int limit) {
		return sql(viewType, filter, orderBy, offset, limit, null);
	}

	/**
	 * As {@link #sql(ViewType, String, List, long, int)}, keeping to the experiments for
	 * which {@code readable} (a SQL condition on {@code e.id} built by Slipway, never
	 * from request text) holds.
	 */
	public static SqlQuery sql(ViewType viewType, String filter, List<String> orderBy, long offset, int limit,
			String readable) {
		Searches.checkPage(offset, limit);
		List<Clause> clauses = FilterParser.parse(filter, TrackingGrammars.EXPERIMENTS);
		List<String> sorting = sorting((orderBy == null || orderBy.isEmpty()) ? DEFAULT_ORDER : orderBy);

		List<Sql> conditions = new ArrayList<>();
		String stage = ((viewType != null) ? viewType : ViewType.ACTIVE_ONLY).lifecycleStage();
		if (stage != null) {
			conditions.add(new Sql().sql("e.lifecycle_stage = '" + stage + "'"));
		}
		for (int i = 0; i < clauses.size(); i++) {
			conditions.add(condition(clauses.get(i), "f" + (i + 1)));
		}
		if (readable != null) {
			conditions.add(new Sql().sql(readable));
		}
		Sql sql = new Sql().sql("SELECT e.id FROM experiments e");
		if (!conditions.isEmpty()) {
			sql.sql(" WHERE ").join(" AND ", conditions);
		}
		return sql.sql(" ORDER BY " + String.join(", ", sorting)).add(Searches.page(offset, limit)).query();
	}

	private static List<String> sorting(List<String> orderBy) {
		if (orderBy.size() > SearchLimits.MAX_ORDER_BY) {
			throw SlipwayException.invalidArgument("order_by",
					"too many fields; at most " + SearchLimits.MAX_ORDER_BY + " are allowed");
		}
		List<String> sorting = new ArrayList<>();
		boolean idOrdered = false;
		for (int i = 0; i < orderBy.size(); i++) {
			OrderKey key = FilterParser.parseOrderBy(orderBy.get(i), TrackingGrammars.EXPERIMENTS,
					"order_by[" + i + "]");
			idOrdered |= key.key().equals("experiment_id");
			sorting.add(COLUMNS.get(key.key()) + Searches.direction(key.ascending()));
		}
		if (!idOrdered) {
			sorting.add("e.id DESC");
		}
		return sorting;
	}

	private static Sql condition(Clause clause, String alias) {
		if (clause.entity() == Entity.TAG) {
			return new Sql()
				.sql("EXISTS (SELECT 1 FROM experiment_tags " + alias + " WHERE " + alias + ".experiment_id = e.id AND "
						+ alias + ".tag_key = ")
				.arg(clause.key())
				.sql(" AND ")
				.add(Sql.compare(alias + ".tag_value", clause.operator(), Sql.text(clause.value())))
				.sql(")");
		}
		boolean numeric = TrackingGrammars.EXPERIMENTS.numericAttributes().contains(clause.key());
		return Sql.compare(COLUMNS.get(clause.key()), clause.operator(),
				numeric ? Sql.whole(clause.value()) : Sql.text(clause.value()));
	}

}
