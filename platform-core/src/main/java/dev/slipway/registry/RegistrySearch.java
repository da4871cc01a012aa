package dev.slipway.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.slipway.error.SlipwayException;
import dev.slipway.query.Clause;
import dev.slipway.query.Entity;
import dev.slipway.query.FilterParser;
import dev.slipway.query.Operator;
import dev.slipway.query.OrderKey;
import dev.slipway.query.Searches;
import dev.slipway.query.Sql;
import dev.slipway.query.SqlQuery;
import dev.slipway.query.Value;

/**
 * Builds the SQL behind MLflow's {@code search_registered_models} and
 * {@code search_model_versions}: the internal ids of the matching registered models or
 * model versions, in the requested order, one page at a time.
 * <p>
 * As in MLflow's SQL store, prompts (models tagged {@code mlflow.prompt.is_prompt =
 * 'true'}) are left out unless the filter asks for them with
 * {@code tags.`mlflow.prompt.is_prompt` = 'true'} (or {@code != 'false'}); any other
 * clause on that tag only means "no prompts". The MLflow client adds
 * {@code tag.`mlflow.prompt.is_prompt` != 'true'} to every registered model search, so
 * reading that clause literally would hide every model without the tag.
 */
public final class RegistrySearch {

	/** The tag that marks a registered model or version as a prompt. */
	static final String PROMPT_TAG = "mlflow.prompt.is_prompt";

	private static final Map<String, String> MODEL_COLUMNS = Map.of("name", "rm.name", "creation_timestamp",
			"rm.creation_time", "last_updated_timestamp", "rm.last_updated_time");

	private static final Map<String, String> VERSION_COLUMNS = Map.of("name", "rm.name", "version_number", "mv.version",
			"run_id", "mv.run_uuid", "source_path", "mv.source", "creation_timestamp", "mv.creation_time",
			"last_updated_timestamp", "mv.last_updated_time");

	/** MLflow's order for a version search that names none. */
	private static final List<String> DEFAULT_VERSION_ORDER = List.of("last_updated_timestamp DESC", "name ASC",
			"version_number DESC");

	private RegistrySearch() {
	}

	/**
	 * {@code SELECT rm.id FROM registered_models rm ...}: the registered models that
	 * match {@code filter} (attribute {@code name}: = != LIKE ILIKE IN NOT IN; tags: = !=
	 * LIKE ILIKE), ordered by {@code orderBy} (name, creation_timestamp,
	 * last_updated_timestamp or its alias timestamp; ASC or DESC), then by name
	 * ascending; rows {@code offset} to {@code offset + limit}, ids only.
	 * {@code readable}, when not {@code null}, is a SQL condition on {@code rm.id} built
	 * by Slipway (never from request text) that every row must meet.
	 * @throws SlipwayException INVALID_ARGUMENT for a bad filter, order_by or page
	 */
	public static SqlQuery models(String filter, List<String> orderBy, long offset, int limit, String readable) {
		Searches.checkPage(offset, limit);
		List<Clause> parsed = FilterParser.parse(filter, RegistryGrammars.REGISTERED_MODELS);
		boolean keepsPrompts = keepsPrompts(parsed);
		List<Clause> clauses = applied(parsed, keepsPrompts);
		List<OrderKey> order = FilterParser.parseOrderByList(orderBy, RegistryGrammars.REGISTERED_MODELS);

		List<Sql> conditions = new ArrayList<>();
		for (int i = 0; i < clauses.size(); i++) {
			Clause clause = clauses.get(i);
			if (clause.entity() == Entity.TAG) {
				conditions.add(tag("registered_model_tags", "model_id = rm.id", "f" + (i + 1), clause));
			}
			else {
				conditions
					.add(Sql.compare(MODEL_COLUMNS.get(clause.key()), clause.operator(), Sql.text(clause.value())));
			}
		}
		if (!keepsPrompts) {
			conditions.add(new Sql().sql("NOT EXISTS (SELECT 1 FROM registered_model_tags p WHERE p.model_id = rm.id"
					+ " AND p.tag_key = '" + PROMPT_TAG + "' AND p.tag_value = 'true')"));
		}
		if (readable != null) {
			conditions.add(new Sql().sql("(" + readable + ")"));
		}

		List<String> sorting = new ArrayList<>();
		for (OrderKey key : order) {
			sorting.add(MODEL_COLUMNS.get(key.key()) + Searches.direction(key.ascending()));
		}
		if (order.stream().noneMatch((key) -> key.key().equals("name"))) {
			sorting.add("rm.name ASC");
		}

		Sql sql = new Sql().sql("SELECT rm.id FROM registered_models rm");
		if (!conditions.isEmpty()) {
			sql.sql(" WHERE ").join(" AND ", conditions);
		}
		return sql.sql(" ORDER BY " + String.join(", ", sorting)).add(Searches.page(offset, limit)).query();
	}

	/**
	 * {@code SELECT mv.id FROM model_versions mv JOIN registered_models rm ON rm.id =
	 * mv.model_id ...}: the versions, not deleted, that match {@code filter} (attributes
	 * {@code name} and {@code run_id}: = != LIKE ILIKE IN NOT IN; {@code source_path}: =
	 * != LIKE ILIKE; {@code version_number}: = != &lt; &lt;= &gt; &gt;= with a whole
	 * number; tags: = != LIKE ILIKE), ordered by {@code orderBy} (name, version_number,
	 * creation_timestamp, last_updated_timestamp; default last_updated_timestamp DESC,
	 * name ASC, version_number DESC), then by name ascending and version number
	 * descending; rows {@code offset} to {@code offset + limit}, ids only.
	 * {@code readable}, when not {@code null}, is a SQL condition on {@code rm.id} built
	 * by Slipway (never from request text) that every row must meet.
	 * @throws SlipwayException INVALID_ARGUMENT for a bad filter, order_by or page
	 */
	public static SqlQuery versions(String filter, List<String> orderBy, long offset, int limit, String readable) {
		Searches.checkPage(offset, limit);
		List<Clause> parsed = FilterParser.parse(filter, RegistryGrammars.MODEL_VERSIONS);
		boolean keepsPrompts = keepsPrompts(parsed);
		List<Clause> clauses = applied(parsed, keepsPrompts);
		List<OrderKey> order = FilterParser.parseOrderByList(
				(orderBy == null || orderBy.isEmpty()) ? DEFAULT_VERSION_ORDER : orderBy,
				RegistryGrammars.MODEL_VERSIONS);

		List<Sql> conditions = new ArrayList<>();
		conditions.add(new Sql().sql("mv.deleted = FALSE"));
		for (int i = 0; i < clauses.size(); i++) {
			Clause clause = clauses.get(i);
			if (clause.entity() == Entity.TAG) {
				conditions.add(tag("model_version_tags", "version_id = mv.id", "f" + (i + 1), clause));
			}
			else {
				boolean numeric = RegistryGrammars.MODEL_VERSIONS.numericAttributes().contains(clause.key());
				conditions.add(Sql.compare(VERSION_COLUMNS.get(clause.key()), clause.operator(),
						numeric ? Sql.whole(clause.value()) : Sql.text(clause.value())));
			}
		}
		if (!keepsPrompts) {
			// As MLflow: a model any of whose versions is tagged a prompt is a prompt.
			conditions.add(new Sql().sql("NOT EXISTS (SELECT 1 FROM model_versions pv JOIN model_version_tags p"
					+ " ON p.version_id = pv.id WHERE pv.model_id = mv.model_id AND p.tag_key = '" + PROMPT_TAG
					+ "' AND p.tag_value = 'true')"));
		}
		if (readable != null) {
			conditions.add(new Sql().sql("(" + readable + ")"));
		}

		List<String> sorting = new ArrayList<>();
		for (OrderKey key : order) {
			sorting.add(VERSION_COLUMNS.get(key.key()) + Searches.direction(key.ascending()));
		}
		if (order.stream().noneMatch((key) -> key.key().equals("name"))) {
			sorting.add("rm.name ASC");
		}
		if (order.stream().noneMatch((key) -> key.key().equals("version_number"))) {
			sorting.add("mv.version DESC");
		}

		return new Sql().sql("SELECT mv.id FROM model_versions mv JOIN registered_models rm ON rm.id = mv.model_id")
			.sql(" WHERE ")
			.join(" AND ", conditions)
			.sql(" ORDER BY " + String.join(", ", sorting))
			.add(Searches.page(offset, limit))
			.query();
	}

	/**
	 * Whether the filter asks for prompts: its first clause on the prompt tag is
	 * {@code = 'true'} or {@code != 'false'} (in any case). Otherwise every clause on
	 * that tag is dropped and prompts are left out, as MLflow's SQL store does.
	 */
	private static boolean keepsPrompts(List<Clause> clauses) {
		for (Clause clause : clauses) {
			if (isPromptClause(clause)) {
				String value = (clause.value() instanceof Value.Text text) ? text.text().toLowerCase(Locale.ROOT) : "";
				return (clause.operator() == Operator.EQ && value.equals("true"))
						|| (clause.operator() == Operator.NE && value.equals("false"));
			}
		}
		return false;
	}

	/**
	 * The clauses that become SQL conditions: all of them when prompts are asked for,
	 * otherwise all but those on the prompt tag.
	 */
	private static List<Clause> applied(List<Clause> clauses, boolean keepsPrompts) {
		return keepsPrompts ? clauses : clauses.stream().filter((clause) -> !isPromptClause(clause)).toList();
	}

	private static boolean isPromptClause(Clause clause) {
		return clause.entity() == Entity.TAG && clause.key().equals(PROMPT_TAG);
	}

	/**
	 * {@code EXISTS (SELECT 1 FROM
	 *
	<table>
	 *  fN WHERE fN.<owner> AND fN.tag_key = ? AND
	 * <fN.tag_value compared>)}: a row lacking the tag never matches, not even
	 * {@code !=}.
	 */
	private static Sql tag(String table, String owner, String alias, Clause clause) {
		return new Sql()
			.sql("EXISTS (SELECT 1 FROM " + table + " " + alias + " WHERE " + alias + "." + owner + " AND " + alias
					+ ".tag_key = ")
			.arg(clause.key())
			.sql(" AND ")
			.add(Sql.compare(alias + ".tag_value", clause.operator(), Sql.text(clause.value())))
			.sql(")");
	}

}
