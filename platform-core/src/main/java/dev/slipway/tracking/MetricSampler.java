package dev.slipway.tracking;

import java.util.ArrayList;
import java.util.List;

import dev.slipway.tracking.MetricRollupRepository.Bucket;

/**
 * Downsamples a metric series for charts: the steps are cut into equal ranges and each
 * range keeps its lowest and highest point, so spikes survive (unlike picking every n-th
 * point).
 */
final class MetricSampler {

	/** Most summary rows one chart read may touch. */
	static final long MAX_ROWS_READ = 20_000;

	private MetricSampler() {
	}

	/**
	 * The finest resolution whose buckets over the range number at most
	 * {@link #MAX_ROWS_READ}.
	 */
	static long widthFor(long startStep, long endStep) {
		for (long width : MetricRollupRepository.WIDTHS) {
			long buckets = Math.floorDiv(endStep, width) - Math.floorDiv(startStep, width) + 1;
			if (buckets <= MAX_ROWS_READ) {
				return width;
			}
		}
		return MetricRollupRepository.WIDTHS[MetricRollupRepository.WIDTHS.length - 1];
	}

	/**
	 * At most {@code 2 * groups} points: the minimum and maximum of each of
	 * {@code groups} equal step ranges between the two steps, in step order. Extremes
	 * that fall outside the range (in the partial buckets at its edges) are left out.
	 */
	static List<Metric> downsample(List<Bucket> buckets, int groups, long startStep, long endStep) {
		Downsampler downsampler = new Downsampler(groups, startStep, endStep);
		for (Bucket bucket : buckets) {
			downsampler.add(bucket.bucket() * bucket.width(), bucket.min(), bucket.max());
		}
		return downsampler.finish();
	}

	/**
	 * Folds points or summaries, arriving in step order, into equal step ranges; holds
	 * one range at a time, so memory stays bounded whatever is streamed through it.
	 */
	static final class Downsampler {

		private final int groups;

		private final long startStep;

		private final long endStep;

		private final double span;

		private final List<Metric> points = new ArrayList<>();

		private int current = -1;

		private Metric min;

		private Metric max;

		Downsampler(int groups, long startStep, long endStep) {
			this.groups = groups;
			this.startStep = startStep;
			this.endStep = endStep;
			this.span = (double) endStep - startStep + 1;
		}

		/**
		 * Adds a summary of the steps from {@code fromStep} on (a raw point is its own
		 * summary).
		 */
		void add(long fromStep, Metric lowest, Metric highest) {
			long from = Math.max(this.startStep, fromStep);
			int group = (int) Math.min(this.groups - 1,
					Math.floor((from - this.startStep) * (double) this.groups / this.span));
			if (group != this.current) {
				emit();
				this.current = group;
			}
			this.min = lower(this.min, inRange(lowest));
			this.max = higher(this.max, inRange(highest));
		}

		List<Metric> finish() {
			emit();
			return this.points;
		}

		private Metric inRange(Metric point) {
			return (point.step() >= this.startStep && point.step() <= this.endStep) ? point : null;
		}

		private void emit() {
			Metric lowest = this.min;
			Metric highest = this.max;
			this.min = null;
			this.max = null;
			if (lowest == null && highest == null) {
				return;
			}
			if (lowest == null || highest == null || lowest.equals(highest)) {
				this.points.add((lowest != null) ? lowest : highest);
				return;
			}
			boolean lowFirst = (lowest.step() != highest.step()) ? lowest.step() < highest.step()
					: lowest.timestamp() <= highest.timestamp();
			this.points.add(lowFirst ? lowest : highest);
			this.points.add(lowFirst ? highest : lowest);
		}

		private static Metric lower(Metric a, Metric b) {
			if (a == null) {
				return b;
			}
			return (b != null && Double.compare(b.value(), a.value()) < 0) ? b : a;
		}

		private static Metric higher(Metric a, Metric b) {
			if (a == null) {
				return b;
			}
			return (b != null && Double.compare(b.value(), a.value()) > 0) ? b : a;
		}

	}

}
