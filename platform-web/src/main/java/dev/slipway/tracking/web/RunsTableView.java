package dev.slipway.tracking.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import dev.slipway.query.KeyValue;
import dev.slipway.query.Page;
import dev.slipway.tracking.Metric;
import dev.slipway.tracking.Run;
import dev.slipway.tracking.RunInfo;
import dev.slipway.tracking.RunStatus;
import dev.slipway.tracking.RunTableColumns;
import dev.slipway.tracking.TrackingOverview;

/**
 * The runs table of one page: sortable headers, rows with nested runs under their parent,
 * the column picker and the paging links.
 *
 * @param headers the table's sortable headers, in order
 * @param rows the runs, nested runs right after their parent
 * @param picker the keys that can be shown as columns, chosen ones checked
 * @param nextHref link to the next page, or null
 * @param previousHref link to the previous page, or null
 * @param anyRunning whether some row is running (the page then refreshes them)
 * @param chosenMetrics the chosen metric keys, for the live refresh
 */
record RunsTableView(List<Header> headers, List<RunsTableRow> rows, List<PickerGroup> picker, String nextHref,
		String previousHref, boolean anyRunning, List<String> chosenMetrics) {

	/** MLflow's tag naming a nested run's parent. */
	static final String PARENT_TAG = "mlflow.parentRunId";

	private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_]+");

	private static final int MAX_DEPTH = 5;

	/**
	 * A column header.
	 *
	 * @param label what it says
	 * @param column the column ({@code metrics.rmse}), or an attribute name
	 * @param sortHref the link that sorts by it, or null when it cannot be sorted
	 * @param ariaSort {@code ascending}, {@code descending} or null when not sorted by it
	 * @param numeric whether its values are numbers
	 */
	record Header(String label, String column, String sortHref, String ariaSort, boolean numeric) {
	}

	/**
	 * Keys of one kind in the column picker.
	 *
	 * @param title the kind, for people
	 * @param options the keys
	 */
	record PickerGroup(String title, List<PickerOption> options) {
	}

	/**
	 * One key in the column picker.
	 *
	 * @param column the column it adds ({@code metrics.rmse})
	 * @param label the key
	 * @param checked whether it is shown now
	 */
	record PickerOption(String column, String label, boolean checked) {
	}

	static RunsTableView of(String experimentId, RunsTableQuery query, Page<Run> page, RunTableColumns columns,
			TrackingOverview.Keys keys, long now) {
		List<Header> headers = new ArrayList<>();
		headers.add(header(experimentId, query, "Status", "attributes.status", false));
		headers.add(header(experimentId, query, "Run", "attributes.run_name", false));
		headers.add(header(experimentId, query, "User", "attributes.user_id", false));
		headers.add(header(experimentId, query, "Started", "attributes.start_time", false));
		headers.add(new Header("Duration", "duration", null, null, true));
		for (String column : columns.columns()) {
			headers.add(header(experimentId, query, column.substring(column.indexOf('.') + 1), column,
					column.startsWith("metrics.")));
		}
		List<RunsTableRow> rows = nested(experimentId, page.items(), columns, now);
		String next = (page.nextPageToken() != null) ? query.next(page.nextPageToken()).href(experimentId) : null;
		RunsTableQuery previous = query.previousPage();
		return new RunsTableView(headers, rows, picker(page.items(), columns, keys), next,
				(previous != null) ? previous.href(experimentId) : null, rows.stream().anyMatch(RunsTableRow::running),
				columns.metrics());
	}

	private static Header header(String experimentId, RunsTableQuery query, String label, String column,
			boolean numeric) {
		String key = orderKey(column);
		String current = query.orderText();
		String direction = null;
		String currentKey = current;
		String upper = current.toUpperCase(Locale.ROOT);
		if (upper.endsWith(" ASC") || upper.endsWith(" DESC")) {
			currentKey = current.substring(0, current.lastIndexOf(' ')).trim();
			direction = upper.endsWith(" ASC") ? "ASC" : "DESC";
		}
		boolean sorted = currentKey.equals(key) || (current.isEmpty() && "attributes.start_time".equals(column));
		String ariaSort = null;
		if (sorted) {
			boolean ascending = "ASC".equals(direction) || (direction == null && !current.isEmpty());
			ariaSort = ascending ? "ascending" : "descending";
		}
		String nextDirection;
		if (sorted) {
			nextDirection = "ascending".equals(ariaSort) ? "DESC" : "ASC";
		}
		else {
			nextDirection = (numeric || column.endsWith("start_time")) ? "DESC" : "ASC";
		}
		return new Header(label, column, query.sortedBy(key + " " + nextDirection).href(experimentId), ariaSort,
				numeric);
	}

	/** A column as an order clause names it, quoting keys with special characters. */
	static String orderKey(String column) {
		int dot = column.indexOf('.');
		String kind = column.substring(0, dot);
		String key = column.substring(dot + 1);
		return PLAIN_KEY.matcher(key).matches() ? column : kind + ".`" + key + "`";
	}

	/**
	 * The runs in page order, except that a nested run whose parent is on the page
	 * follows its parent (and its earlier siblings), indented.
	 */
	private static List<RunsTableRow> nested(String experimentId, List<Run> runs, RunTableColumns columns, long now) {
		Map<String, Run> byId = new LinkedHashMap<>();
		for (Run run : runs) {
			byId.put(run.info().runId(), run);
		}
		Map<String, List<Run>> children = new HashMap<>();
		List<Run> roots = new ArrayList<>();
		for (Run run : runs) {
			String parent = parentOf(run);
			if (parent != null && byId.containsKey(parent) && !parent.equals(run.info().runId())) {
				children.computeIfAbsent(parent, (id) -> new ArrayList<>()).add(run);
			}
			else {
				roots.add(run);
			}
		}
		List<RunsTableRow> rows = new ArrayList<>();
		Set<String> placed = new LinkedHashSet<>();
		for (Run root : roots) {
			add(experimentId, root, 0, children, columns, now, rows, placed);
		}
		// Runs caught in a parent cycle have no root: show them flat rather than lose
		// them.
		for (Run run : runs) {
			if (!placed.contains(run.info().runId())) {
				add(experimentId, run, 0, Map.of(), columns, now, rows, placed);
			}
		}
		return rows;
	}

	private static void add(String experimentId, Run run, int depth, Map<String, List<Run>> children,
			RunTableColumns columns, long now, List<RunsTableRow> rows, Set<String> placed) {
		if (!placed.add(run.info().runId())) {
			return;
		}
		List<Run> nested = children.getOrDefault(run.info().runId(), List.of());
		String parent = parentOf(run);
		rows.add(row(experimentId, run, depth, (depth == 0) ? parent : null, nested.size(), columns, now));
		for (Run child : nested) {
			add(experimentId, child, Math.min(depth + 1, MAX_DEPTH), children, columns, now, rows, placed);
		}
	}

	static RunsTableRow row(String experimentId, Run run, int depth, String parentRunId, int children,
			RunTableColumns columns, long now) {
		RunInfo info = run.info();
		Map<String, String> metrics = new HashMap<>();
		for (Metric metric : run.metrics()) {
			metrics.put(metric.key(), RunsTableFormat.number(metric.value()));
		}
		Map<String, String> params = toMap(run.params());
		Map<String, String> tags = toMap(run.tags());
		List<RunsTableRow.Cell> cells = new ArrayList<>();
		for (String column : columns.columns()) {
			String key = column.substring(column.indexOf('.') + 1);
			if (column.startsWith("metrics.")) {
				cells.add(new RunsTableRow.Cell(column, metrics.getOrDefault(key, ""), true));
			}
			else if (column.startsWith("params.")) {
				cells.add(new RunsTableRow.Cell(column, params.getOrDefault(key, ""), false));
			}
			else {
				cells.add(new RunsTableRow.Cell(column, tags.getOrDefault(key, ""), false));
			}
		}
		String status = info.status().name();
		return new RunsTableRow(info.runId(), (info.runName() != null) ? info.runName() : info.runId(),
				"/experiments/" + experimentId + "/runs/" + info.runId(), status,
				"badge status-" + status.toLowerCase(Locale.ROOT), info.status() == RunStatus.RUNNING,
				"deleted".equals(info.lifecycleStage()), (info.userId() != null) ? info.userId() : "",
				RunsTableFormat.time(info.startTime()), RunsTableFormat.isoTime(info.startTime()),
				RunsTableFormat.duration(info.startTime(), info.endTime(), now), depth, parentRunId, children, cells);
	}

	private static Map<String, String> toMap(List<KeyValue> pairs) {
		Map<String, String> map = new HashMap<>();
		for (KeyValue pair : pairs) {
			map.put(pair.key(), pair.value());
		}
		return map;
	}

	private static String parentOf(Run run) {
		for (KeyValue tag : run.tags()) {
			if (PARENT_TAG.equals(tag.key())) {
				return tag.value();
			}
		}
		return null;
	}

	/** Keys of the experiment's recent runs, of this page's runs and the chosen ones. */
	private static List<PickerGroup> picker(List<Run> runs, RunTableColumns columns, TrackingOverview.Keys keys) {
		Set<String> metrics = new TreeSet<>(keys.metrics());
		Set<String> params = new TreeSet<>(keys.params());
		Set<String> tags = new TreeSet<>(keys.tags());
		for (Run run : runs) {
			run.metrics().forEach((metric) -> metrics.add(metric.key()));
			run.params().forEach((param) -> params.add(param.key()));
			run.tags().stream().filter((tag) -> !tag.key().startsWith("mlflow.")).forEach((tag) -> tags.add(tag.key()));
		}
		metrics.addAll(columns.metrics());
		params.addAll(columns.params());
		tags.addAll(columns.tags());
		Set<String> chosen = new LinkedHashSet<>(columns.columns());
		return List.of(group("Metrics", "metrics.", metrics, chosen), group("Params", "params.", params, chosen),
				group("Tags", "tags.", tags, chosen));
	}

	private static PickerGroup group(String title, String prefix, Set<String> keys, Set<String> chosen) {
		List<PickerOption> options = new ArrayList<>();
		for (String key : keys) {
			if (options.size() >= TrackingOverview.MAX_KEYS) {
				break;
			}
			options.add(new PickerOption(prefix + key, key, chosen.contains(prefix + key)));
		}
		return new PickerGroup(title, options);
	}

}
