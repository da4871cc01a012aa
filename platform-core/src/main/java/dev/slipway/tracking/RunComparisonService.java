package dev.slipway.tracking;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import dev.slipway.error.SlipwayException;
import dev.slipway.query.KeyValue;

import org.springframework.stereotype.Service;

/**
 * Compares a few runs for the compare page; each run is read with its own authorization.
 */
@Service
public class RunComparisonService {

	private final RunService runs;

	RunComparisonService(RunService runs) {
		this.runs = runs;
	}

	/** Compares 2 to 10 distinct runs. */
	public RunComparison compare(List<String> runIds) {
		List<String> ids = requireRunIds(runIds);
		List<Run> loaded = new ArrayList<>();
		for (String id : ids) {
			loaded.add(this.runs.get(id));
		}
		List<Row> params = rows(loaded, Run::params, KeyValue::key, KeyValue::value);
		List<Row> metrics = rows(loaded, Run::metrics, Metric::key, (metric) -> format(metric.value()));
		Set<String> common = null;
		for (Run run : loaded) {
			Set<String> keys = new TreeSet<>();
			run.metrics().forEach((metric) -> keys.add(metric.key()));
			if (common == null) {
				common = keys;
			}
			else {
				common.retainAll(keys);
			}
		}
		List<RunInfo> infos = loaded.stream().map(Run::info).toList();
		return new RunComparison(infos, params.stream().map(Row::toRecord).toList(),
				metrics.stream().map(Row::toRecord).toList(), List.copyOf((common != null) ? common : Set.of()));
	}

	/** The distinct run ids of a comparison, 2 to 10 of them. */
	public static List<String> requireRunIds(List<String> runIds) {
		List<String> ids = (runIds == null) ? List.of() : List.copyOf(new LinkedHashSet<>(
				runIds.stream().filter(Objects::nonNull).map(String::trim).filter((id) -> !id.isEmpty()).toList()));
		if (ids.size() < RunComparison.MIN_RUNS || ids.size() > RunComparison.MAX_RUNS) {
			throw SlipwayException.invalidArgument("runIds", "Choose between " + RunComparison.MIN_RUNS + " and "
					+ RunComparison.MAX_RUNS + " runs to compare; " + ids.size() + " chosen");
		}
		return ids;
	}

	/** A metric value as people read it: up to seven significant digits. */
	public static String format(double value) {
		if (Double.isNaN(value) || Double.isInfinite(value)) {
			return Double.toString(value);
		}
		if (value == Math.rint(value) && Math.abs(value) < 1e15) {
			return Long.toString((long) value);
		}
		String text = String.format(Locale.ROOT, "%.7g", value);
		if (text.contains("e") || text.contains("E")) {
			return text;
		}
		return text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
	}

	private static <T> List<Row> rows(List<Run> loaded, Function<Run, List<T>> items, Function<T, String> key,
			Function<T, String> value) {
		Map<String, String[]> table = new TreeMap<>();
		for (int i = 0; i < loaded.size(); i++) {
			for (T item : items.apply(loaded.get(i))) {
				table.computeIfAbsent(key.apply(item), (k) -> new String[loaded.size()])[i] = value.apply(item);
			}
		}
		List<Row> rows = new ArrayList<>();
		table.forEach((k, values) -> rows.add(new Row(k, values)));
		return rows;
	}

	private record Row(String key, String[] values) {

		RunComparison.Row toRecord() {
			List<String> list = java.util.Arrays.asList(this.values.clone());
			List<Double> numbers = new ArrayList<>();
			boolean differs = false;
			for (String value : this.values) {
				numbers.add(number(value));
				differs |= !Objects.equals(value, this.values[0]);
			}
			return new RunComparison.Row(this.key, list, numbers, differs);
		}

		private static Double number(String value) {
			if (value == null) {
				return null;
			}
			try {
				double parsed = Double.parseDouble(value.trim());
				return Double.isFinite(parsed) ? parsed : null;
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}

	}

}
