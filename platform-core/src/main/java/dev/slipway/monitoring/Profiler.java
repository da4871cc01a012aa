package dev.slipway.monitoring;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a batch into column profiles and performance states per window. Rows fall in the
 * window of their timestamp (or of {@code now} when they have none); an hourly monitor's
 * hours are also merged into their days, so day windows exist for every monitor.
 * Predictions that carry an id but no label yet are listed, so a label sent later finds
 * its window.
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

	/** One window's profiles and, when the schema has labels, its performance state. */
	record Window(Map<String, ColumnProfile> columns, PerformanceState performance) {

		void merge(Window other) {
			other.columns.forEach((name, profile) -> this.columns.get(name).merge(profile));
			if (this.performance != null && other.performance != null) {
				this.performance.merge(other.performance);
			}
		}

	}

	/**
	 * A prediction waiting for its label.
	 *
	 * @param id the prediction id
	 * @param start the start of its (finest) window
	 * @param predicted the predicted class, or the predicted value as text
	 * @param probability the predicted probability of the positive class, or NaN
	 */
	record Pending(String id, long start, String predicted, double probability) {
	}

	/** A profiled batch. */
	record Profiled(Map<WindowKey, Window> windows, List<Pending> pending) {
	}

	private Profiler() {
	}

	/**
	 * Profiles per window of the batch, hours first then days, and its pending labels.
	 */
	static Profiled profile(Batch batch, Layout layout, long now) {
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
		Map<WindowKey, Window> windows = new LinkedHashMap<>();
		String grain = layout.unit().grain();
		if (!mixed) {
			if (batch.rows() > 0) {
				windows.put(new WindowKey(grain, single), window(batch, layout, null));
			}
		}
		else {
			Map<Long, List<Integer>> rowsByWindow = new TreeMap<>();
			for (int row = 0; row < batch.rows(); row++) {
				rowsByWindow.computeIfAbsent(starts[row], (key) -> new ArrayList<>()).add(row);
			}
			rowsByWindow.forEach((start, rows) -> windows.put(new WindowKey(grain, start),
					window(batch, layout, rows.stream().mapToInt(Integer::intValue).toArray())));
		}
		if (layout.unit() == WindowUnit.HOUR) {
			Map<WindowKey, Window> days = new LinkedHashMap<>();
			windows
				.forEach(
						(key, window) -> days
							.computeIfAbsent(
									new WindowKey(WindowUnit.DAY.grain(),
											WindowUnit.DAY.start(key.start(), layout.zone())),
									(k) -> empty(batch.schema(), layout))
							.merge(window));
			windows.putAll(days);
		}
		return new Profiled(windows, pending(batch, starts));
	}

	/**
	 * Empty profiles for every column of the schema, counting over the reference bins.
	 */
	static Window empty(MonitorSchema schema, Layout layout) {
		Map<String, ColumnProfile> profiles = new LinkedHashMap<>();
		for (MonitorSchema.Column column : schema.columns()) {
			profiles.put(column.name(), ColumnProfile.empty(column.kind(), layout.kllK(),
					layout.bins().get(column.name()), layout.generation()));
		}
		return new Window(profiles, (schema.label() != null) ? new PerformanceState() : null);
	}

	/** Profiles of every row of the batch, whatever its time. */
	static Map<String, ColumnProfile> all(Batch batch, Layout layout) {
		return window(batch, layout, null).columns();
	}

	/** The window of the given rows (all rows when null). */
	private static Window window(Batch batch, Layout layout, int[] rows) {
		Window window = empty(batch.schema(), layout);
		int n = (rows != null) ? rows.length : batch.rows();
		for (MonitorSchema.Column column : batch.columns()) {
			ColumnProfile profile = window.columns().get(column.name());
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
		if (window.performance() != null) {
			String[] labels = batch.labels();
			for (int i = 0; i < n; i++) {
				int row = (rows != null) ? rows[i] : i;
				if (labels[row] != null) {
					Labels.add(window.performance(), batch, row, labels[row]);
				}
			}
		}
		return window;
	}

	private static List<Pending> pending(Batch batch, long[] starts) {
		MonitorSchema schema = batch.schema();
		if (schema.label() == null || batch.ids() == null) {
			return List.of();
		}
		List<Pending> pending = new ArrayList<>();
		String[] ids = batch.ids();
		String[] labels = batch.labels();
		double[] probabilities = batch.probabilities();
		for (int row = 0; row < batch.rows(); row++) {
			String predicted = Labels.predicted(batch, row);
			if (ids[row] != null && labels[row] == null && predicted != null) {
				pending.add(new Pending(ids[row], starts[row], predicted,
						(probabilities != null) ? probabilities[row] : Double.NaN));
			}
		}
		return pending;
	}

}
