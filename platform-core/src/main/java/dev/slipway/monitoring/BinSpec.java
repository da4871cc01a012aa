package dev.slipway.monitoring;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A column's bins, frozen when its reference is set, so that every window counts its
 * values exactly over the same bins and PSI, JS, chi-square and Z are exact. Numbers with
 * many values get quantile edges of the reference (deciles by default); numbers with few
 * values, and categories, get one bin per reference value plus a last bin for anything
 * else.
 *
 * @param edges upper edges of the numeric bins, ascending: bin {@code i} holds values
 * {@code ≤ edges[i]} and above the previous edge, the last bin everything above; null for
 * value bins
 * @param numbers the reference's values, ascending, for a number column with few values;
 * null otherwise
 * @param categories the reference's categories, most frequent first; null for numbers
 */
record BinSpec(double[] edges, double[] numbers, List<String> categories) {

	/** Quantile-edge bins. */
	static BinSpec edges(double[] edges) {
		return new BinSpec(edges, null, null);
	}

	/** One bin per number, plus one for others. */
	static BinSpec numbers(double[] sortedDistinct) {
		return new BinSpec(null, sortedDistinct, null);
	}

	/** One bin per category, plus one for others. */
	static BinSpec categories(List<String> categories) {
		return new BinSpec(null, null, List.copyOf(categories));
	}

	/** How many bins there are. */
	int size() {
		if (this.edges != null) {
			return this.edges.length + 1;
		}
		return ((this.numbers != null) ? this.numbers.length : this.categories.size()) + 1;
	}

	/** Names for the bins, for charts and the API ({@code ≤ 1.5}, {@code red}, ...). */
	List<String> labels() {
		String[] labels = new String[size()];
		if (this.edges != null) {
			for (int i = 0; i < this.edges.length; i++) {
				labels[i] = "≤ " + format(this.edges[i]);
			}
			labels[this.edges.length] = (this.edges.length > 0) ? "> " + format(this.edges[this.edges.length - 1])
					: "all";
			return List.of(labels);
		}
		if (this.numbers != null) {
			for (int i = 0; i < this.numbers.length; i++) {
				labels[i] = format(this.numbers[i]);
			}
		}
		else {
			for (int i = 0; i < this.categories.size(); i++) {
				labels[i] = this.categories.get(i);
			}
		}
		labels[labels.length - 1] = "(other)";
		return List.of(labels);
	}

	/** A fast lookup of a value's bin. */
	Binner binner() {
		if (this.edges != null) {
			double[] e = this.edges;
			return new Binner() {
				@Override
				public int bin(double value) {
					int i = Arrays.binarySearch(e, value);
					if (i >= 0) {
						while (i > 0 && e[i - 1] == value) {
							i--;
						}
						return i;
					}
					return -i - 1;
				}

				@Override
				public int bin(String value) {
					return size() - 1;
				}
			};
		}
		if (this.numbers != null) {
			double[] v = this.numbers;
			return new Binner() {
				@Override
				public int bin(double value) {
					int i = Arrays.binarySearch(v, value);
					return (i >= 0) ? i : v.length;
				}

				@Override
				public int bin(String value) {
					return v.length;
				}
			};
		}
		Map<String, Integer> index = new HashMap<>();
		for (int i = 0; i < this.categories.size(); i++) {
			index.put(this.categories.get(i), i);
		}
		int other = this.categories.size();
		return new Binner() {
			@Override
			public int bin(double value) {
				return other;
			}

			@Override
			public int bin(String value) {
				return index.getOrDefault(value, other);
			}
		};
	}

	private static String format(double value) {
		if (value == Math.rint(value) && Math.abs(value) < 1e15) {
			return Long.toString((long) value);
		}
		String text = String.format(java.util.Locale.ROOT, "%.6g", value);
		return text.contains("e") ? text : text.replaceAll("0+$", "").replaceAll("\\.$", "");
	}

	/** Finds a value's bin. */
	interface Binner {

		/** The bin of a number. */
		int bin(double value);

		/** The bin of a category. */
		int bin(String value);

	}

}
