package dev.slipway.system;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A database-neutral text description of a migrated schema, read through JDBC
 * {@link DatabaseMetaData} and {@code information_schema}, so that the schema H2 and
 * PostgreSQL end up with after the same migrations can be compared line by line.
 * <p>
 * Per table, sorted and lower-cased: columns (type in one vocabulary, nullability,
 * default, identity), primary key, unique constraints (named), foreign keys (columns,
 * target, delete rule), check constraints (by name: each database renders the expression
 * its own way), indexes created by the migrations (named), triggers, and on PostgreSQL
 * extended statistics and storage parameters. Left out on purpose: Flyway's history
 * table; the names of primary and foreign keys (the migrations declare them inline and
 * each database invents its own); the indexes that a database creates by itself to back a
 * constraint (H2 also indexes every foreign key).
 * <p>
 * A line that ends in {@value #POSTGRESQL_ONLY} describes something only PostgreSQL can
 * have (a PL/pgSQL function or trigger, a storage parameter, an index with a predicate or
 * a method other than B-tree): the migrations in {@code db/migration/postgresql} add
 * those, and H2 is expected to have everything else and nothing more. A line that ends in
 * {@value #H2_ONLY} describes what PostgreSQL replaces by something of its own (the
 * foreign key of {@code metrics.run_id}, replaced by a lock per batch and a trigger).
 */
final class SchemaSnapshot {

	/** Suffix of the lines that only a PostgreSQL schema has. */
	static final String POSTGRESQL_ONLY = " [postgresql only]";

	/** Suffix of the lines that only an H2 schema has. */
	static final String H2_ONLY = " [h2 only]";

	/** First lines of every snapshot. */
	static final String HEADER = """
			# The schema every migration leads to, on H2 and on PostgreSQL alike. Written by
			# SchemaSnapshotTest; regenerate after adding a migration with
			# -Dslipway.schema.update=true (see the test's Javadoc). Lines marked
			# [postgresql only] come from db/migration/postgresql and are absent on H2;
			# lines marked [h2 only] are what those migrations replace on PostgreSQL.
			""";

	private static final String FLYWAY_HISTORY = "flyway_schema_history";

	/** How PostgreSQL names the NOT NULL checks it lists among a table's constraints. */
	private static final Pattern POSTGRESQL_NOT_NULL_CHECK = Pattern.compile("\\d+_\\d+_\\d+_not_null");

	/** Both databases' ways of saying "no length limit" on a character column. */
	private static final long UNBOUNDED_LENGTH = 1_000_000_000L;

	private static final Map<String, String> TYPES = types();

	private static final List<String> LINE_ORDER = List.of("column", "primary", "unique", "foreign", "check", "index",
			"trigger", "statistics", "storage");

	private final Connection connection;

	private final DatabaseMetaData metadata;

	private final String schema;

	private final boolean postgresql;

	private final SortedMap<String, Table> tables = new TreeMap<>();

	private final Set<String> routines = new TreeSet<>();

	private SchemaSnapshot(Connection connection, String schema, DatabaseTarget.Kind kind) throws SQLException {
		this.connection = connection;
		this.metadata = connection.getMetaData();
		this.schema = schema;
		this.postgresql = kind == DatabaseTarget.Kind.POSTGRESQL;
	}

	/** Reads the schema {@code schema} that {@code connection} sees and renders it. */
	static String read(Connection connection, String schema, DatabaseTarget.Kind kind) throws SQLException {
		SchemaSnapshot snapshot = new SchemaSnapshot(connection, schema, kind);
		snapshot.readTables();
		snapshot.readColumns();
		snapshot.readPrimaryAndForeignKeys();
		snapshot.readUniqueAndCheckConstraints();
		snapshot.readIndexes();
		snapshot.readTriggers();
		snapshot.readRoutines();
		if (snapshot.postgresql) {
			snapshot.readExtendedStatistics();
			snapshot.readStorageParameters();
		}
		return snapshot.render();
	}

	/**
	 * The snapshot as H2 should see it: without the PostgreSQL-only lines, and the
	 * H2-only lines without their mark.
	 */
	static String withoutPostgresqlOnly(String snapshot) {
		// Blocks are separated by a blank line; a block left empty goes with its blank
		// line.
		return Arrays.stream(snapshot.split("\n\n"))
			.map((block) -> block.lines()
				.filter((line) -> !line.endsWith(POSTGRESQL_ONLY))
				.map((line) -> line.endsWith(H2_ONLY) ? line.substring(0, line.length() - H2_ONLY.length()) : line)
				.collect(Collectors.joining("\n")))
			.filter((block) -> !block.isBlank())
			.collect(Collectors.joining("\n\n", "", "\n"));
	}

	/** The snapshot as PostgreSQL should see it: without the H2-only lines. */
	static String withoutH2Only(String snapshot) {
		return snapshot.lines().filter((line) -> !line.endsWith(H2_ONLY)).collect(Collectors.joining("\n", "", "\n"));
	}

	/**
	 * PostgreSQL's snapshot with the lines of H2's tables that PostgreSQL lacks added,
	 * marked {@value #H2_ONLY}.
	 */
	static String withH2OnlyLines(String postgresql, String h2) {
		Map<String, List<String>> h2Tables = new TreeMap<>();
		for (String block : h2.stripTrailing().split("\n\n")) {
			List<String> lines = block.lines().toList();
			h2Tables.put(lines.get(0), lines.subList(1, lines.size()));
		}
		return Arrays.stream(postgresql.stripTrailing().split("\n\n")).map((block) -> {
			List<String> lines = block.lines().toList();
			List<String> body = new ArrayList<>(lines.subList(1, lines.size()));
			for (String line : h2Tables.getOrDefault(lines.get(0), List.of())) {
				if (line.startsWith("  ") && !body.contains(line)) {
					body.add(line + H2_ONLY);
				}
			}
			if (body.size() == lines.size() - 1) {
				return block;
			}
			body.sort(Comparator.comparing(String::strip, Comparator.comparingInt(SchemaSnapshot::rank))
				.thenComparing(String::strip));
			return lines.get(0) + "\n" + String.join("\n", body);
		}).collect(Collectors.joining("\n\n", "", "\n"));
	}

	/**
	 * The first {@code limit} lines that differ between two snapshots, as {@code -} (only
	 * expected) and {@code +} (only actual), each group under the table it belongs to.
	 */
	static String differences(String expected, String actual, int limit) {
		List<String> left = expected.lines().toList();
		List<String> right = actual.lines().toList();
		// Longest common subsequence, from the end, so the walk below goes forwards.
		int[][] common = new int[left.size() + 1][right.size() + 1];
		for (int i = left.size() - 1; i >= 0; i--) {
			for (int j = right.size() - 1; j >= 0; j--) {
				common[i][j] = left.get(i).equals(right.get(j)) ? common[i + 1][j + 1] + 1
						: Math.max(common[i + 1][j], common[i][j + 1]);
			}
		}
		StringBuilder out = new StringBuilder();
		String context = "";
		String printedContext = null;
		int shown = 0;
		int i = 0;
		int j = 0;
		while ((i < left.size() || j < right.size()) && shown < limit) {
			String line;
			if (i < left.size() && j < right.size() && left.get(i).equals(right.get(j))) {
				context = heading(left.get(i), context);
				i++;
				j++;
				continue;
			}
			if (j >= right.size() || (i < left.size() && common[i + 1][j] >= common[i][j + 1])) {
				line = "- " + left.get(i++);
			}
			else {
				line = "+ " + right.get(j++);
			}
			if (!context.equals(printedContext)) {
				out.append("@ ").append(context.isEmpty() ? "(top)" : context).append('\n');
				printedContext = context;
			}
			out.append(line).append('\n');
			shown++;
		}
		return out.toString();
	}

	private static String heading(String line, String current) {
		return (line.startsWith("table ") || line.startsWith("view ")) ? line : current;
	}

	private void readTables() throws SQLException {
		try (ResultSet rows = this.metadata.getTables(null, pattern(this.schema), "%", null)) {
			while (rows.next()) {
				String name = lower(rows.getString("TABLE_NAME"));
				String type = lower(rows.getString("TABLE_TYPE"));
				if (!name.equals(FLYWAY_HISTORY) && (type.endsWith("table") || type.equals("view"))
						&& !type.startsWith("system") && !type.contains("temporary")) {
					this.tables.put(name, new Table(type.equals("view") ? "view" : "table"));
				}
			}
		}
	}

	private void readColumns() throws SQLException {
		try (ResultSet rows = this.metadata.getColumns(null, pattern(this.schema), "%", "%")) {
			while (rows.next()) {
				Table table = this.tables.get(lower(rows.getString("TABLE_NAME")));
				if (table == null) {
					continue;
				}
				StringBuilder line = new StringBuilder("column ").append(lower(rows.getString("COLUMN_NAME")))
					.append(' ')
					.append(type(rows.getString("TYPE_NAME"), rows.getLong("COLUMN_SIZE"),
							rows.getInt("DECIMAL_DIGITS")));
				if (rows.getInt("NULLABLE") == DatabaseMetaData.columnNoNulls) {
					line.append(" not null");
				}
				String identity = rows.getString("IS_AUTOINCREMENT");
				String defaultValue = rows.getString("COLUMN_DEF");
				if ("YES".equalsIgnoreCase(identity)) {
					line.append(" identity");
				}
				else if (defaultValue != null) {
					line.append(" default ").append(defaultValue(defaultValue));
				}
				table.lines.add(line.toString());
			}
		}
	}

	private void readPrimaryAndForeignKeys() throws SQLException {
		for (Map.Entry<String, Table> entry : this.tables.entrySet()) {
			String name = entry.getKey();
			Table table = entry.getValue();
			SortedMap<Integer, String> primaryKey = new TreeMap<>();
			try (ResultSet rows = this.metadata.getPrimaryKeys(null, this.schema, name)) {
				while (rows.next()) {
					primaryKey.put(rows.getInt("KEY_SEQ"), lower(rows.getString("COLUMN_NAME")));
				}
			}
			if (!primaryKey.isEmpty()) {
				table.lines.add("primary key " + columns(primaryKey.values()));
			}
			Map<String, ForeignKey> foreignKeys = new TreeMap<>();
			try (ResultSet rows = this.metadata.getImportedKeys(null, this.schema, name)) {
				while (rows.next()) {
					ForeignKey key = foreignKeys.computeIfAbsent(rows.getString("FK_NAME"),
							(ignored) -> new ForeignKey());
					int position = rows.getInt("KEY_SEQ");
					key.columns.put(position, lower(rows.getString("FKCOLUMN_NAME")));
					key.targetColumns.put(position, lower(rows.getString("PKCOLUMN_NAME")));
					key.target = lower(rows.getString("PKTABLE_NAME"));
					key.onDelete = rows.getShort("DELETE_RULE");
					key.onUpdate = rows.getShort("UPDATE_RULE");
				}
			}
			foreignKeys.values().forEach((key) -> table.lines.add(key.render()));
		}
	}

	private void readUniqueAndCheckConstraints() throws SQLException {
		String sql = """
				SELECT tc.table_name, tc.constraint_name, tc.constraint_type, kcu.column_name, kcu.ordinal_position
				FROM information_schema.table_constraints tc
				LEFT JOIN information_schema.key_column_usage kcu
				  ON kcu.constraint_schema = tc.constraint_schema AND kcu.constraint_name = tc.constraint_name
				  AND kcu.table_name = tc.table_name
				WHERE tc.table_schema = ? AND tc.constraint_type IN ('UNIQUE', 'CHECK')
				""";
		Map<String, Map<String, SortedMap<Integer, String>>> unique = new TreeMap<>();
		try (PreparedStatement statement = this.connection.prepareStatement(sql)) {
			statement.setString(1, this.schema);
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					String tableName = lower(rows.getString("table_name"));
					Table table = this.tables.get(tableName);
					String constraint = lower(rows.getString("constraint_name"));
					if (table == null) {
						continue;
					}
					if ("CHECK".equals(rows.getString("constraint_type"))) {
						if (!POSTGRESQL_NOT_NULL_CHECK.matcher(constraint).matches()) {
							table.lines.add("check " + constraint);
						}
					}
					else {
						unique.computeIfAbsent(tableName, (ignored) -> new TreeMap<>())
							.computeIfAbsent(constraint, (ignored) -> new TreeMap<>())
							.put(rows.getInt("ordinal_position"), lower(rows.getString("column_name")));
					}
				}
			}
		}
		unique.forEach((tableName, constraints) -> constraints
			.forEach((constraint, columns) -> this.tables.get(tableName).lines
				.add("unique " + constraint + " " + columns(columns.values()))));
	}

	private void readIndexes() throws SQLException {
		Set<String> backingConstraints = constraintIndexes();
		Map<String, String> postgresqlMethods = this.postgresql ? postgresqlIndexMethods() : Map.of();
		for (Map.Entry<String, Table> entry : this.tables.entrySet()) {
			Map<String, Index> indexes = new TreeMap<>();
			try (ResultSet rows = this.metadata.getIndexInfo(null, this.schema, entry.getKey(), false, true)) {
				while (rows.next()) {
					String name = lower(rows.getString("INDEX_NAME"));
					if (name.isEmpty() || rows.getShort("TYPE") == DatabaseMetaData.tableIndexStatistic
							|| backingConstraints.contains(name)) {
						continue;
					}
					Index index = indexes.computeIfAbsent(name, (ignored) -> new Index());
					index.unique = !rows.getBoolean("NON_UNIQUE");
					String column = lower(rows.getString("COLUMN_NAME"));
					index.columns.put((int) rows.getShort("ORDINAL_POSITION"),
							"D".equals(rows.getString("ASC_OR_DESC")) ? column + " desc" : column);
					index.predicate = rows.getString("FILTER_CONDITION");
				}
			}
			indexes.forEach((name, index) -> entry.getValue().lines
				.add(index.render(name, postgresqlMethods.getOrDefault(name, "btree"))));
		}
	}

	/**
	 * Names of the indexes a database made by itself for a primary key, a unique
	 * constraint or (H2) a foreign key: they belong to the constraint, not to the
	 * schema's list of indexes, and each database names them differently.
	 */
	private Set<String> constraintIndexes() throws SQLException {
		String sql = this.postgresql ? """
				SELECT i.relname AS index_name
				FROM pg_constraint c
				JOIN pg_class i ON i.oid = c.conindid
				JOIN pg_namespace n ON n.oid = c.connamespace
				WHERE n.nspname = ? AND c.contype IN ('p', 'u', 'x')
				""" : """
				SELECT index_name FROM information_schema.indexes WHERE table_schema = ? AND is_generated
				""";
		return strings(sql);
	}

	private Map<String, String> postgresqlIndexMethods() throws SQLException {
		String sql = """
				SELECT i.relname, am.amname
				FROM pg_index x
				JOIN pg_class i ON i.oid = x.indexrelid
				JOIN pg_am am ON am.oid = i.relam
				JOIN pg_namespace n ON n.oid = i.relnamespace
				WHERE n.nspname = ?
				""";
		Map<String, String> methods = new TreeMap<>();
		try (PreparedStatement statement = this.connection.prepareStatement(sql)) {
			statement.setString(1, this.schema);
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					methods.put(lower(rows.getString(1)), lower(rows.getString(2)));
				}
			}
		}
		return methods;
	}

	private void readTriggers() throws SQLException {
		String sql = """
				SELECT event_object_table, trigger_name, action_timing, action_orientation, event_manipulation
				FROM information_schema.triggers
				WHERE event_object_schema = ?
				""";
		Map<String, Map<String, Set<String>>> events = new TreeMap<>();
		Map<String, String> heads = new TreeMap<>();
		try (PreparedStatement statement = this.connection.prepareStatement(sql)) {
			statement.setString(1, this.schema);
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					String table = lower(rows.getString(1));
					String trigger = lower(rows.getString(2));
					heads.put(table + "." + trigger, "trigger " + trigger + " " + lower(rows.getString(3)) + " each "
							+ lower(rows.getString(4)));
					events.computeIfAbsent(table, (ignored) -> new TreeMap<>())
						.computeIfAbsent(trigger, (ignored) -> new TreeSet<>())
						.add(lower(rows.getString(5)));
				}
			}
		}
		events.forEach((table, triggers) -> triggers.forEach((trigger, on) -> this.tables.get(table).lines
			.add(heads.get(table + "." + trigger) + " on " + String.join(", ", on) + vendorOnly())));
	}

	private void readRoutines() throws SQLException {
		String sql = "SELECT routine_type, routine_name FROM information_schema.routines WHERE routine_schema = ?";
		try (PreparedStatement statement = this.connection.prepareStatement(sql)) {
			statement.setString(1, this.schema);
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					this.routines.add(lower(rows.getString(1)) + " " + lower(rows.getString(2)) + vendorOnly());
				}
			}
		}
	}

	/**
	 * Extended statistics (CREATE STATISTICS), which the search planner depends on:
	 * without them a filter on a key and a value together is misestimated.
	 */
	private void readExtendedStatistics() throws SQLException {
		String sql = """
				SELECT t.relname, s.stxname, array_to_string(s.stxkind, ','),
				       (SELECT string_agg(a.attname, ', ' ORDER BY k.ord)
				        FROM unnest(s.stxkeys) WITH ORDINALITY AS k(attnum, ord)
				        JOIN pg_attribute a ON a.attrelid = s.stxrelid AND a.attnum = k.attnum)
				FROM pg_statistic_ext s
				JOIN pg_class t ON t.oid = s.stxrelid
				JOIN pg_namespace n ON n.oid = s.stxnamespace
				WHERE n.nspname = ?
				""";
		forEachTableRow(sql, (table, rows) -> {
			String kinds = Arrays.stream(rows.getString(3).split(",")).map((kind) -> switch (kind) {
				case "d" -> "ndistinct";
				case "f" -> "dependencies";
				case "m" -> "mcv";
				case "e" -> "expressions";
				default -> kind;
			}).collect(Collectors.joining(", "));
			table.lines.add("statistics " + lower(rows.getString(2)) + " (" + kinds + ") on " + rows.getString(4)
					+ POSTGRESQL_ONLY);
		});
	}

	/** Storage parameters (fillfactor, autovacuum) of the tables and their indexes. */
	private void readStorageParameters() throws SQLException {
		String sql = """
				SELECT t.relname, c.relname, c.relkind, array_to_string(c.reloptions, ', ')
				FROM pg_class c
				JOIN pg_namespace n ON n.oid = c.relnamespace
				LEFT JOIN pg_index x ON x.indexrelid = c.oid
				JOIN pg_class t ON t.oid = COALESCE(x.indrelid, c.oid)
				WHERE n.nspname = ? AND c.reloptions IS NOT NULL
				""";
		forEachTableRow(sql, (table, rows) -> {
			String target = "i".equals(rows.getString(3)) ? lower(rows.getString(2)) + " " : "";
			table.lines.add("storage " + target + rows.getString(4) + POSTGRESQL_ONLY);
		});
	}

	/**
	 * Runs {@code sql} (the schema as its one parameter, a table name in its first
	 * column) and hands each row whose table the snapshot knows to {@code action}.
	 */
	private void forEachTableRow(String sql, TableRowAction action) throws SQLException {
		try (PreparedStatement statement = this.connection.prepareStatement(sql)) {
			statement.setString(1, this.schema);
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					Table table = this.tables.get(lower(rows.getString(1)));
					if (table != null) {
						action.accept(table, rows);
					}
				}
			}
		}
	}

	/** What {@link #forEachTableRow} does with a row. */
	@FunctionalInterface
	private interface TableRowAction {

		void accept(Table table, ResultSet row) throws SQLException;

	}

	private String render() {
		StringBuilder text = new StringBuilder(HEADER);
		this.tables.forEach((name, table) -> {
			text.append('\n').append(table.kind).append(' ').append(name).append('\n');
			table.lines.stream()
				.sorted(Comparator.comparingInt(SchemaSnapshot::rank).thenComparing(Comparator.naturalOrder()))
				.forEach((line) -> text.append("  ").append(line).append('\n'));
		});
		if (!this.routines.isEmpty()) {
			text.append('\n');
			this.routines.forEach((routine) -> text.append(routine).append('\n'));
		}
		return text.toString();
	}

	/** Columns first, then keys, constraints, indexes, triggers and storage. */
	private static int rank(String line) {
		return LINE_ORDER.indexOf(line.substring(0, line.indexOf(' ')));
	}

	private String vendorOnly() {
		return this.postgresql ? POSTGRESQL_ONLY : "";
	}

	private Set<String> strings(String sql) throws SQLException {
		Set<String> values = new HashSet<>();
		try (PreparedStatement statement = this.connection.prepareStatement(sql)) {
			statement.setString(1, this.schema);
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					values.add(lower(rows.getString(1)));
				}
			}
		}
		return values;
	}

	/**
	 * Escapes {@code _} and {@code %} so a name matches only itself in a metadata call.
	 */
	private String pattern(String name) throws SQLException {
		String escape = this.metadata.getSearchStringEscape();
		return name.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
	}

	/**
	 * One vocabulary for both databases' type names: PostgreSQL reports {@code int8},
	 * {@code varchar}, {@code timestamptz}; H2 reports {@code BIGINT},
	 * {@code CHARACTER VARYING}, {@code TIMESTAMP WITH TIME ZONE}.
	 */
	static String type(String typeName, long size, int scale) {
		String name = TYPES.getOrDefault(lower(typeName), typeName.toUpperCase(Locale.ROOT) + "?");
		return switch (name) {
			case "VARCHAR" -> (size <= 0 || size >= UNBOUNDED_LENGTH) ? "VARCHAR" : "VARCHAR(" + size + ")";
			case "CHAR" -> "CHAR(" + size + ")";
			case "NUMERIC" -> "NUMERIC(" + size + ", " + scale + ")";
			default -> name;
		};
	}

	private static Map<String, String> types() {
		Map<String, String> types = new TreeMap<>();
		alias(types, "BIGINT", "int8", "bigint", "bigserial");
		alias(types, "INTEGER", "int4", "integer", "int", "serial");
		alias(types, "SMALLINT", "int2", "smallint", "smallserial");
		alias(types, "DOUBLE PRECISION", "float8", "double precision", "double");
		alias(types, "REAL", "float4", "real");
		alias(types, "NUMERIC", "numeric", "decimal");
		alias(types, "BOOLEAN", "bool", "boolean");
		alias(types, "TIMESTAMP WITH TIME ZONE", "timestamptz", "timestamp with time zone");
		alias(types, "TIMESTAMP", "timestamp", "timestamp without time zone");
		alias(types, "DATE", "date");
		alias(types, "UUID", "uuid");
		alias(types, "BYTEA", "bytea", "binary varying", "varbinary");
		// PostgreSQL's text is its unbounded varchar; H2's TEXT is a CLOB, which is why
		// the migrations never use it.
		alias(types, "VARCHAR", "varchar", "character varying", "text");
		alias(types, "CHAR", "bpchar", "character", "char");
		alias(types, "CLOB", "character large object", "clob");
		alias(types, "BLOB", "binary large object", "blob");
		alias(types, "JSON", "json");
		alias(types, "JSONB", "jsonb");
		return types;
	}

	private static void alias(Map<String, String> types, String canonical, String... names) {
		for (String name : names) {
			types.put(name, canonical);
		}
	}

	/** A default as both databases write it: PostgreSQL adds casts, H2 upper-cases. */
	static String defaultValue(String expression) {
		String value = expression.trim();
		while (value.startsWith("(") && value.endsWith(")")) {
			value = value.substring(1, value.length() - 1).trim();
		}
		value = value.replaceAll("::[a-z ]+(\\(\\d+\\))?(\\[\\])?", "");
		return value.startsWith("'") ? value : lower(value);
	}

	private static String columns(Iterable<String> columns) {
		return "(" + String.join(", ", columns) + ")";
	}

	private static String lower(String value) {
		return (value == null) ? "" : value.toLowerCase(Locale.ROOT);
	}

	private static String rule(short rule) {
		return switch (rule) {
			case DatabaseMetaData.importedKeyCascade -> "cascade";
			case DatabaseMetaData.importedKeySetNull -> "set null";
			case DatabaseMetaData.importedKeySetDefault -> "set default";
			case DatabaseMetaData.importedKeyRestrict -> "restrict";
			default -> "no action";
		};
	}

	private static final class Table {

		final String kind;

		final List<String> lines = new ArrayList<>();

		Table(String kind) {
			this.kind = kind;
		}

	}

	private static final class ForeignKey {

		final SortedMap<Integer, String> columns = new TreeMap<>();

		final SortedMap<Integer, String> targetColumns = new TreeMap<>();

		String target;

		short onDelete;

		short onUpdate;

		String render() {
			String line = "foreign key " + columns(this.columns.values()) + " references " + this.target + " "
					+ columns(this.targetColumns.values()) + " on delete " + rule(this.onDelete);
			return (this.onUpdate == DatabaseMetaData.importedKeyNoAction) ? line
					: line + " on update " + rule(this.onUpdate);
		}

	}

	private static final class Index {

		final SortedMap<Integer, String> columns = new TreeMap<>();

		boolean unique;

		String predicate;

		String render(String name, String method) {
			String line = "index " + name + (this.unique ? " unique " : " ") + columns(this.columns.values());
			boolean vendorOnly = !"btree".equals(method) || this.predicate != null;
			if (!"btree".equals(method)) {
				line += " using " + method;
			}
			if (this.predicate != null) {
				line += " where " + this.predicate;
			}
			return vendorOnly ? line + POSTGRESQL_ONLY : line;
		}

	}

}
