package dev.slipway.monitoring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * Decides each column's reference bins from a first look at the reference: numbers with
 * at most {@link #FEW_VALUES} distinct values get one bin per value (as Evidently counts
 * such columns per value), other numbers get quantile edges (deciles by default),
 * categories get their most frequent values.
 */
final class BinPlanner {

	/** Numbers with this many distinct values or fewer are binned per value. */
	static final int FEW_VALUES = 20;

	private final MonitorSchema schema;

	private final int bins;

	private final int maxCategories;

	private final Map<String, KllDoublesSketch> quantiles = new LinkedHashMap<>();

	private final Map<String, Set<Double>> distinct = new LinkedHashMap<>();

	private final Map<String, ItemsSketch<String>> categories = new LinkedHashMap<>();

	BinPlanner(MonitorSchema schema, int bins, int maxCategories, int kllK) {
		this.schema = schema;
		this.bins = bins;
		this.maxCategories = maxCategories;
		for (MonitorSchema.Column column : schema.columns()) {
			if (column.kind().categorical()) {
				this.categories.put(column.name(), new ItemsSketch<>(Math.max(ColumnProfile.ITEMS_MAP_SIZE,
						Integer.highestOneBit(Math.max(1, maxCategories * 4 - 1)) << 1)));
			}
			else {
				this.quantiles.put(column.name(), KllDoublesSketch.newHeapInstance(Math.max(kllK, 1024)));
				this.distinct.put(column.name(), new HashSet<>());
			}
		}
	}

	/** Looks at one batch of the reference. */
	void add(Batch batch) {
		for (MonitorSchema.Column column : this.schema.columns()) {
			if (column.kind().categorical()) {
				ItemsSketch<String> items = this.categories.get(column.name());
				String[] values = batch.texts(column.name());
				for (int i = 0; i < batch.rows(); i++) {
					if (values[i] != null) {
						items.update(values[i]);
					}
				}
			}
			else {
				add(this.quantiles.get(column.name()), this.distinct.get(column.name()), batch.numbers(column.name()),
						batch.rows());
			}
		}
	}

	private static void add(KllDoublesSketch sketch, Set<Double> distinct, double[] values, int rows) {
		for (int i = 0; i < rows; i++) {
			double value = values[i];
			if (!Double.isNaN(value)) {
				sketch.update(value);
				if (distinct.size() <= FEW_VALUES) {
					distinct.add(value);
				}
			}
		}
	}

	/** The bins of every column. */
	Map<String, BinSpec> plan() {
		Map<String, BinSpec> specs = new LinkedHashMap<>();
		this.quantiles.forEach((name, sketch) -> specs.put(name, numeric(sketch, this.distinct.get(name), this.bins)));
		this.categories.forEach((name, items) -> specs.put(name, categorical(items, this.maxCategories)));
		return specs;
	}

	/** Bins from a numeric column's sketch (and its distinct values, when few). */
	static BinSpec numeric(KllDoublesSketch sketch, Set<Double> distinct, int bins) {
		if (distinct != null && distinct.size() <= FEW_VALUES) {
			return BinSpec.numbers(distinct.stream().mapToDouble(Double::doubleValue).sorted().toArray());
		}
		if (sketch.isEmpty()) {
			return BinSpec.edges(new double[0]);
		}
		double[] ranks = new double[bins - 1];
		for (int i = 1; i < bins; i++) {
			ranks[i - 1] = (double) i / bins;
		}
		double[] edges = Arrays.stream(sketch.getQuantiles(ranks, QuantileSearchCriteria.INCLUSIVE))
			.distinct()
			.toArray();
		if (edges.length > 0 && edges[edges.length - 1] >= sketch.getMaxItem()) {
			edges = Arrays.copyOf(edges, edges.length - 1);
		}
		return BinSpec.edges(edges);
	}

	/** Bins from a categorical column's frequent items, most frequent first. */
	static BinSpec categorical(ItemsSketch<String> items, int maxCategories) {
		List<ItemsSketch.Row<String>> rows = new ArrayList<>(
				Arrays.asList(items.getFrequentItems(ErrorType.NO_FALSE_NEGATIVES)));
		rows.sort(Comparator.<ItemsSketch.Row<String>>comparingLong(ItemsSketch.Row::getEstimate)
			.reversed()
			.thenComparing(ItemsSketch.Row::getItem));
		List<String> categories = new ArrayList<>();
		for (int i = 0; i < rows.size() && categories.size() < maxCategories; i++) {
			categories.add(rows.get(i).getItem());
		}
		return BinSpec.categories(categories);
	}

}
