package dev.slipway.monitoring;

import java.nio.ByteBuffer;

import org.apache.datasketches.common.ArrayOfStringsSerDe;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;

/**
 * The mergeable profile of one column in one window (or in the reference): count, nulls,
 * min, max, mean and the sum of squared deviations (merged as Chan et al.), a KLL sketch
 * of the numbers, exact counts over the reference's bins, and for categories a frequent
 * items sketch and an HLL distinct count. Merging two profiles gives the profile of both
 * windows' rows; no row is kept.
 */
final class ColumnProfile {

	/** HLL precision: about 1.6% relative error on distinct counts. */
	static final int HLL_LG_K = 12;

	/** Frequent items map size: exact below about 768 distinct categories. */
	static final int ITEMS_MAP_SIZE = 1024;

	private static final ArrayOfStringsSerDe STRINGS = new ArrayOfStringsSerDe();

	private final ColumnKind kind;

	private long count;

	private long nulls;

	private double min = Double.POSITIVE_INFINITY;

	private double max = Double.NEGATIVE_INFINITY;

	private double mean;

	private double m2;

	private KllDoublesSketch kll;

	private ItemsSketch<String> items;

	private HllSketch hll;

	private long[] bins;

	/** The reference generation the bins were counted for; 0 when there are no bins. */
	private long binsGeneration;

	private ColumnProfile(ColumnKind kind) {
		this.kind = kind;
	}

	/** An empty profile; {@code bins} may be null when no reference bins exist yet. */
	static ColumnProfile empty(ColumnKind kind, int kllK, BinSpec bins, long generation) {
		ColumnProfile profile = new ColumnProfile(kind);
		if (kind.categorical()) {
			profile.items = new ItemsSketch<>(ITEMS_MAP_SIZE);
			profile.hll = new HllSketch(HLL_LG_K, TgtHllType.HLL_4);
		}
		else {
			profile.kll = KllDoublesSketch.newHeapInstance(kllK);
		}
		if (bins != null) {
			profile.bins = new long[bins.size()];
			profile.binsGeneration = generation;
		}
		return profile;
	}

	/** A profile as stored. */
	static ColumnProfile of(ColumnKind kind, Stored stored) {
		ColumnProfile profile = new ColumnProfile(kind);
		profile.count = stored.count();
		profile.nulls = stored.nulls();
		profile.min = (stored.min() != null) ? stored.min() : Double.POSITIVE_INFINITY;
		profile.max = (stored.max() != null) ? stored.max() : Double.NEGATIVE_INFINITY;
		profile.mean = (stored.mean() != null) ? stored.mean() : 0;
		profile.m2 = (stored.m2() != null) ? stored.m2() : 0;
		if (stored.kll() != null) {
			profile.kll = KllDoublesSketch.heapify(Memory.wrap(stored.kll()));
		}
		if (stored.items() != null) {
			profile.items = ItemsSketch.getInstance(Memory.wrap(stored.items()), STRINGS);
		}
		if (stored.hll() != null) {
			profile.hll = HllSketch.heapify(stored.hll());
		}
		if (stored.bins() != null) {
			profile.bins = decodeCounts(stored.bins());
			profile.binsGeneration = stored.binsGeneration();
		}
		return profile;
	}

	/**
	 * A profile from uploaded sketch bytes, checked: the kind's sketch must be there and
	 * read as what it claims to be. It has no bin counts, so drift over its window is
	 * estimated from the sketches (and says so).
	 */
	static ColumnProfile uploaded(ColumnKind kind, UploadedSketch sketch, String column) {
		ColumnProfile profile = new ColumnProfile(kind);
		try {
			if (kind.categorical()) {
				if (sketch.frequentItems() == null) {
					throw invalid(column, "a " + kind + " column needs frequent_items (a frequent strings sketch)");
				}
				profile.items = ItemsSketch.getInstance(Memory.wrap(sketch.frequentItems()), STRINGS);
				profile.count = profile.items.getStreamLength();
				profile.hll = (sketch.hll() != null) ? HllSketch.heapify(sketch.hll())
						: new HllSketch(HLL_LG_K, TgtHllType.HLL_4);
				if (sketch.hll() == null) {
					for (ItemsSketch.Row<String> row : profile.items
						.getFrequentItems(org.apache.datasketches.frequencies.ErrorType.NO_FALSE_NEGATIVES)) {
						profile.hll.update(row.getItem());
					}
				}
			}
			else {
				if (sketch.kll() == null) {
					throw invalid(column, "a NUMERICAL column needs kll (a KLL doubles sketch)");
				}
				profile.kll = KllDoublesSketch.heapify(Memory.wrap(sketch.kll()));
				profile.count = profile.kll.getN();
				if (profile.count > 0) {
					profile.min = profile.kll.getMinItem();
					profile.max = profile.kll.getMaxItem();
					double[] moments = moments(profile.kll);
					profile.mean = (sketch.mean() != null) ? sketch.mean() : moments[0];
					double variance = (sketch.variance() != null) ? sketch.variance() : moments[1];
					profile.m2 = variance * profile.count;
				}
			}
		}
		catch (dev.slipway.error.SlipwayException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			throw invalid(column, "the sketch bytes are not a DataSketches "
					+ (kind.categorical() ? "frequent strings or HLL" : "KLL doubles") + " sketch");
		}
		if (sketch.nulls() != null) {
			if (sketch.nulls() < 0) {
				throw invalid(column, "nulls must not be negative");
			}
			profile.nulls = sketch.nulls();
		}
		if (sketch.variance() != null && !(sketch.variance() >= 0)) {
			throw invalid(column, "variance must be a number, at least 0");
		}
		if (sketch.mean() != null && !Double.isFinite(sketch.mean())) {
			throw invalid(column, "mean must be a finite number");
		}
		return profile;
	}

	/**
	 * The summary of this profile; {@code bins} and {@code generation} name the
	 * reference's bins.
	 */
	ColumnSummary summary(long start, BinSpec bins, long generation) {
		boolean any = this.count > 0;
		java.util.Map<String, Double> quantiles = new java.util.LinkedHashMap<>();
		double rankError = 0;
		if (this.kll != null && !this.kll.isEmpty()) {
			double[] ranks = { 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99 };
			double[] values = this.kll.getQuantiles(ranks,
					org.apache.datasketches.quantilescommon.QuantileSearchCriteria.INCLUSIVE);
			String[] names = { "p1", "p5", "p25", "p50", "p75", "p95", "p99" };
			for (int i = 0; i < names.length; i++) {
				quantiles.put(names[i], values[i]);
			}
			rankError = DriftStatistics.rankError(this.kll);
		}
		java.util.List<Double> shares = null;
		boolean exact = false;
		if (bins != null && any) {
			long[] counts = bins(generation);
			exact = counts != null;
			if (counts == null) {
				counts = DriftCalculator.estimateBins(this, bins);
			}
			shares = java.util.Arrays.stream(DriftStatistics.shares(counts)).boxed().toList();
		}
		java.util.List<ColumnSummary.ItemCount> top = null;
		Double distinct = null;
		if (this.items != null) {
			top = java.util.Arrays
				.stream(this.items.getFrequentItems(org.apache.datasketches.frequencies.ErrorType.NO_FALSE_NEGATIVES))
				.sorted(java.util.Comparator.comparingLong(ItemsSketch.Row<String>::getEstimate).reversed())
				.limit(20)
				.map((row) -> new ColumnSummary.ItemCount(row.getItem(), row.getEstimate()))
				.toList();
			distinct = (this.hll != null) ? this.hll.getEstimate() : null;
		}
		boolean numeric = any && !this.kind.categorical();
		return new ColumnSummary(start, this.count, this.nulls, numeric ? this.min : null, numeric ? this.max : null,
				numeric ? this.mean : null, numeric ? Math.sqrt(variance()) : null, quantiles, shares, exact, distinct,
				top, rankError);
	}

	/** Mean and population variance of a sketch's retained values, by their weights. */
	private static double[] moments(KllDoublesSketch sketch) {
		double n = 0;
		double mean = 0;
		double m2 = 0;
		org.apache.datasketches.quantilescommon.DoublesSortedViewIterator it = sketch.getSortedView().iterator();
		while (it.next()) {
			double w = it.getWeight();
			double x = it.getQuantile();
			n += w;
			double delta = x - mean;
			mean += delta * w / n;
			m2 += w * delta * (x - mean);
		}
		return new double[] { mean, (n > 0) ? m2 / n : 0 };
	}

	private static dev.slipway.error.SlipwayException invalid(String column, String message) {
		return new dev.slipway.error.SlipwayException(dev.slipway.error.ErrorCode.INVALID_ARGUMENT,
				"columns." + column + ": " + message);
	}

	/** The stored form; the sketches as their DataSketches bytes. */
	Stored stored() {
		boolean any = this.count > 0;
		return new Stored(this.count, this.nulls, any && !this.kind.categorical() ? this.min : null,
				any && !this.kind.categorical() ? this.max : null, any ? this.mean : null, any ? this.m2 : null,
				(this.kll != null) ? this.kll.toByteArray() : null,
				(this.items != null) ? this.items.toByteArray(STRINGS) : null,
				(this.hll != null) ? this.hll.toCompactByteArray() : null,
				(this.bins != null) ? encodeCounts(this.bins) : null, (this.bins != null) ? this.binsGeneration : 0);
	}

	/**
	 * A profile's stored form: scalar columns plus sketch bytes (null where the kind has
	 * no such sketch).
	 */
	record Stored(long count, long nulls, Double min, Double max, Double mean, Double m2, byte[] kll, byte[] items,
			byte[] hll, byte[] bins, long binsGeneration) {
	}

	/** Adds a missing value. */
	void addNull() {
		this.nulls++;
	}

	/** Adds a number ({@code bin} is its reference bin, or −1 when there are no bins). */
	void add(double value, int bin) {
		this.count++;
		double delta = value - this.mean;
		this.mean += delta / this.count;
		this.m2 += delta * (value - this.mean);
		if (value < this.min) {
			this.min = value;
		}
		if (value > this.max) {
			this.max = value;
		}
		this.kll.update(value);
		if (bin >= 0 && this.bins != null) {
			this.bins[bin]++;
		}
	}

	/**
	 * Adds a category ({@code bin} is its reference bin, or −1 when there are no bins).
	 */
	void add(String value, int bin) {
		this.count++;
		this.items.update(value);
		this.hll.update(value);
		if (bin >= 0 && this.bins != null) {
			this.bins[bin]++;
		}
	}

	/**
	 * Merges another profile of the same column into this one. Bin counts add up when
	 * both were counted over the same reference bins; otherwise the merge has none and
	 * drift falls back to the sketches.
	 */
	void merge(ColumnProfile other) {
		boolean wasEmpty = this.count == 0 && this.nulls == 0;
		mergeBins(other, wasEmpty);
		if (other.count > 0) {
			long n = this.count + other.count;
			double delta = other.mean - this.mean;
			this.mean += delta * other.count / n;
			this.m2 += other.m2 + delta * delta * ((double) this.count * other.count / n);
			this.count = n;
			this.min = Math.min(this.min, other.min);
			this.max = Math.max(this.max, other.max);
		}
		this.nulls += other.nulls;
		if (other.kll != null) {
			if (this.kll == null) {
				this.kll = KllDoublesSketch.newHeapInstance(other.kll.getK());
			}
			this.kll.merge(other.kll);
		}
		if (other.items != null) {
			this.items = (this.items == null) ? other.items : this.items.merge(other.items);
		}
		if (other.hll != null) {
			Union union = new Union(HLL_LG_K);
			if (this.hll != null) {
				union.update(this.hll);
			}
			union.update(other.hll);
			this.hll = union.getResult(TgtHllType.HLL_4);
		}
	}

	private void mergeBins(ColumnProfile other, boolean wasEmpty) {
		if (other.count == 0 && other.nulls == 0) {
			return;
		}
		if (wasEmpty) {
			this.bins = (other.bins != null) ? other.bins.clone() : null;
			this.binsGeneration = other.binsGeneration;
		}
		else if (this.bins != null && other.bins != null && this.binsGeneration == other.binsGeneration
				&& this.bins.length == other.bins.length) {
			for (int i = 0; i < this.bins.length; i++) {
				this.bins[i] += other.bins[i];
			}
		}
		else {
			this.bins = null;
		}
	}

	/** Forgets the bin counts (they were not counted exactly). */
	void dropBins() {
		this.bins = null;
		this.binsGeneration = 0;
	}

	/** Files the bin counts under a reference generation. */
	void rebin(long generation) {
		if (this.bins != null) {
			this.binsGeneration = generation;
		}
	}

	ColumnKind kind() {
		return this.kind;
	}

	long count() {
		return this.count;
	}

	long nulls() {
		return this.nulls;
	}

	double min() {
		return (this.count > 0) ? this.min : Double.NaN;
	}

	double max() {
		return (this.count > 0) ? this.max : Double.NaN;
	}

	double mean() {
		return (this.count > 0) ? this.mean : Double.NaN;
	}

	/** Population variance ({@code ddof=0}, as NumPy's default). */
	double variance() {
		return (this.count > 0) ? this.m2 / this.count : Double.NaN;
	}

	KllDoublesSketch kll() {
		return this.kll;
	}

	ItemsSketch<String> items() {
		return this.items;
	}

	HllSketch hll() {
		return this.hll;
	}

	/** Exact counts over the bins of this reference generation, or null. */
	long[] bins(long generation) {
		return (this.bins != null && this.binsGeneration == generation) ? this.bins : null;
	}

	private static byte[] encodeCounts(long[] counts) {
		ByteBuffer buffer = ByteBuffer.allocate(counts.length * Long.BYTES);
		for (long count : counts) {
			buffer.putLong(count);
		}
		return buffer.array();
	}

	private static long[] decodeCounts(byte[] bytes) {
		ByteBuffer buffer = ByteBuffer.wrap(bytes);
		long[] counts = new long[bytes.length / Long.BYTES];
		for (int i = 0; i < counts.length; i++) {
			counts[i] = buffer.getLong();
		}
		return counts;
	}

}
