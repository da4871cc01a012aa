package dev.slipway.pipelines;

import java.time.Instant;
import java.util.List;

/**
 * What one tick of a schedule must do now ({@link ScheduleTiming#due}): the fire times to
 * start a run for, how many missed ones are dropped, and when to look again.
 *
 * @param fireTimes the fire times to run, oldest first; the last is the most recent one
 * due; empty when nothing is due
 * @param skipped how many fire times in the same span are not run (missed beyond the
 * catch-up limit)
 * @param next the first fire time after this tick, or {@code null} when the schedule has
 * no fire time left (its end has passed)
 */
public record FirePlan(List<Instant> fireTimes, long skipped, Instant next) {

	public FirePlan {
		fireTimes = List.copyOf(fireTimes);
		if (skipped < 0) {
			throw new IllegalArgumentException("skipped must not be negative");
		}
	}

	/**
	 * The most recent fire time to run (the last of {@link #fireTimes}), which the caller
	 * records as the schedule's last fire time; {@code null} when nothing is due.
	 */
	public Instant latest() {
		return this.fireTimes.isEmpty() ? null : this.fireTimes.get(this.fireTimes.size() - 1);
	}

}
