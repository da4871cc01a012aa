package dev.slipway.monitoring;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a batch into column profiles per window. Rows fall in the window of their
 * timestamp (or of {@code now} when they have none); an hourly monitor's hours are also
 * merged into their days, so day windows exist for every monitor.
 */
final class Profiler {

	/**
	 * Where a window's profiles are filed: its grain ({@code H}, {@code D}) and start.
	 */
	record WindowKey(String grain, long start) {
	}

	/**
	 * What profiling needs from a monitor.
	 *
	 * @param unit the window length
	 * @param zone the time zone windows start in
	 * @param kllK the KLL sketch size
	 * @param bins the reference bins per column (absent before a reference is set)
	 * @param generation the reference generation those bins belong to
	 */
	record Layout(WindowUnit unit, ZoneId zone, int kllK, Map<String, BinSpec> bins, long generation) {
	}

	private Profiler() {
	}

	/** Profiles of every column of the batch, per window, hours first then days. */
	static Map<WindowKey, Map<String, ColumnProfile>> profile(Batch batch, Layout layout, long now) {
		Map<Long, List<Integer>> rowsByWindow = new TreeMap<>();
		long[] times = batch.times();
		long single = Long.MIN_VALUE;
		boolean mixed = false;
		long[] starts = new long[batch.rows()];
		for (int row = 0; row < batch.rows(); row++) {
			long time = (times[row] == Long.MIN_VALUE) ? now : times[row];
			long start = layout.unit().start(time, layout.zone());
			starts[row] = start;
			if (row == 0) {
				single = start;
			}
			else if (start != single) {
				mixed = true;
			}
		}
		Map<WindowKey, Map<String, ColumnProfile>> windows = new LinkedHashMap<>();
		String grain = layout.unit().grain();
		if (!mixed) {
			if (batch.rows() > 0) {
				windows.put(new WindowKey(grain, single), columns(batch, layout, null));
			}
		}
		else {
			for (int row = 0; row < batch.rows(); row++) {
				rowsByWindow.computeIfAbsent(starts[row], (key) -> new ArrayList<>()).add(row);
			}
			rowsByWindow.forEach((start, rows) -> windows.put(new WindowKey(grain, start),
					columns(batch, layout, rows.stream().mapToInt(Integer::intValue).toArray())));
		}
		if (layout.unit() == WindowUnit.HOUR) {
			Map<WindowKey, Map<String, ColumnProfile>> days = new LinkedHashMap<>();
			windows.forEach((key, profiles) -> {
				WindowKey day = new WindowKey(WindowUnit.DAY.grain(), WindowUnit.DAY.start(key.start(), layout.zone()));
				Map<String, ColumnProfile> merged = days.computeIfAbsent(day, (k) -> empty(batch, layout));
				profiles.forEach((name, profile) -> merged.get(name).merge(profile));
			});
			windows.putAll(days);
		}
		return windows;
	}

	/**
	 * Empty profiles for every column of the schema, counting over the reference bins.
	 */
	static Map<String, ColumnProfile> empty(Batch batch, Layout layout) {
		Map<String, ColumnProfile> profiles = new LinkedHashMap<>();
		for (MonitorSchema.Column column : batch.columns()) {
			profiles.put(column.name(), ColumnProfile.empty(column.kind(), layout.kllK(),
					layout.bins().get(column.name()), layout.generation()));
		}
		return profiles;
	}

	/** Profiles of every row of the batch, whatever its time. */
	static Map<String, ColumnProfile> all(Batch batch, Layout layout) {
		return columns(batch, layout, null);
	}

	/** Profiles of the given rows (all rows when null). */
	private static Map<String, ColumnProfile> columns(Batch batch, Layout layout, int[] rows) {
		Map<String, ColumnProfile> profiles = empty(batch, layout);
		int n = (rows != null) ? rows.length : batch.rows();
		for (MonitorSchema.Column column : batch.columns()) {
			ColumnProfile profile = profiles.get(column.name());
			BinSpec spec = layout.bins().get(column.name());
			BinSpec.Binner binner = (spec != null) ? spec.binner() : null;
			if (column.kind().categorical()) {
				String[] values = batch.texts(column.name());
				for (int i = 0; i < n; i++) {
					String value = values[(rows != null) ? rows[i] : i];
					if (value == null) {
						profile.addNull();
					}
					else {
						profile.add(value, (binner != null) ? binner.bin(value) : -1);
					}
				}
			}
			else {
				double[] values = batch.numbers(column.name());
				for (int i = 0; i < n; i++) {
					double value = values[(rows != null) ? rows[i] : i];
					if (Double.isNaN(value)) {
						profile.addNull();
					}
					else {
						profile.add(value, (binner != null) ? binner.bin(value) : -1);
					}
				}
			}
		}
		return profiles;
	}

}
