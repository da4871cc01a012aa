package dev.slipway.tracking;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
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
	 * The points in step order (then timestamp), each once: the union of several
	 * samplings of one series.
	 */
	static List<Metric> merge(List<Metric> points) {
		List<Metric> merged = new ArrayList<>(new LinkedHashSet<>(points));
		merged.sort(Comparator.comparingLong(Metric::step).thenComparingLong(Metric::timestamp));
		return merged;
	}

	/**
	 * MLflow's sampling of a series, fed in step order, with the extremes kept: the
	 * distinct steps are cut into {@code max} equal slices by position (slice {@code i}
	 * starts at {@code floor(i * n / max)}, as MLflow picks its steps), and each slice
	 * gives its first point, exactly MLflow's choice; each pair of slices adds its lowest
	 * and highest point, so spikes survive; the last step is always given. So a series
	 * longer than asked yields between {@code max + 1} and about {@code 2 * max + 1}
	 * points. Holds three points per distinct step, so only ranges short enough to stream
	 * are fed through it.
	 */
	static final class EvenSteps {

		private final int max;

		private final List<Metric> firsts = new ArrayList<>();

		private final List<Metric> lows = new ArrayList<>();

		private final List<Metric> highs = new ArrayList<>();

		EvenSteps(int max) {
			this.max = max;
		}

		void add(Metric point) {
			int last = this.firsts.size() - 1;
			if (last < 0 || this.firsts.get(last).step() != point.step()) {
				this.firsts.add(point);
				this.lows.add(point);
				this.highs.add(point);
				return;
			}
			this.lows.set(last, lower(this.lows.get(last), point));
			this.highs.set(last, higher(this.highs.get(last), point));
		}

		List<Metric> finish() {
			int count = this.firsts.size();
			double interval = Math.max(1.0, (double) count / this.max);
			List<Metric> chosen = new ArrayList<>();
			for (int pair = 0; pair * 2 < this.max; pair++) {
				int from = (int) (pair * 2 * interval);
				if (from >= count) {
					break;
				}
				int second = (int) ((pair * 2 + 1) * interval);
				int to = Math.min(count, (int) ((pair * 2 + 2) * interval));
				chosen.add(this.firsts.get(from));
				if (pair * 2 + 1 < this.max && second < count) {
					chosen.add(this.firsts.get(second));
				}
				Metric low = null;
				Metric high = null;
				for (int j = from; j < to; j++) {
					low = lower(low, this.lows.get(j));
					high = higher(high, this.highs.get(j));
				}
				chosen.add(low);
				chosen.add(high);
			}
			if (count > 0) {
				chosen.add(this.firsts.get(count - 1));
			}
			return merge(chosen);
		}

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
