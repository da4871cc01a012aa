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
