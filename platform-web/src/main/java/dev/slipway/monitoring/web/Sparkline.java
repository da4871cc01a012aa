package dev.slipway.monitoring.web;

import java.util.List;
import java.util.Locale;

/**
 * The points of an inline SVG polyline for a small series, drawn on the server so the
 * home page needs no script. Missing values break nothing: they are skipped.
 */
final class Sparkline {

	static final int WIDTH = 120;

	static final int HEIGHT = 28;

	private Sparkline() {
	}

	/**
	 * {@code x,y} pairs for the values scaled into the box; {@code min} and {@code max}
	 * fix the scale when not null (drift shares run 0 to 1).
	 */
	static String points(List<Double> values, Double min, Double max) {
		double lo = (min != null) ? min
				: values.stream().filter((v) -> v != null).mapToDouble(Double::doubleValue).min().orElse(0);
		double hi = (max != null) ? max
				: values.stream().filter((v) -> v != null).mapToDouble(Double::doubleValue).max().orElse(1);
		if (hi <= lo) {
			hi = lo + 1;
		}
		StringBuilder points = new StringBuilder();
		int n = values.size();
		for (int i = 0; i < n; i++) {
			Double v = values.get(i);
			if (v == null || !Double.isFinite(v)) {
				continue;
			}
			double x = (n == 1) ? WIDTH / 2.0 : (double) i * (WIDTH - 2) / (n - 1) + 1;
			double y = HEIGHT - 2 - (Math.min(Math.max(v, lo), hi) - lo) / (hi - lo) * (HEIGHT - 4);
			if (points.length() > 0) {
				points.append(' ');
			}
			points.append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
		}
		return points.toString();
	}

}
