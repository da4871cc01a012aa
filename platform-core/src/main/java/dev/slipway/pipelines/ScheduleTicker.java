package dev.slipway.pipelines;

import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.pipelines.PipelineRepository.PipelineRow;
import dev.slipway.pipelines.ScheduleRepository.ScheduleRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts the runs schedules are due for. Called by a db-scheduler recurring task
 * ({@link ScheduleTasks}), so one replica ticks at a time; each schedule is handled in
 * its own transaction under its row lock, so one that fails holds up no other, and a tick
 * that overlaps a change of the schedule waits for it.
 */
@Component
class ScheduleTicker {

	/** The most schedules one tick handles; the rest wait for the next tick. */
	static final int MAX_PER_TICK = 200;

	private static final Logger log = LoggerFactory.getLogger(ScheduleTicker.class);

	private final ScheduleRepository schedules;

	private final PipelineRunRepository runs;

	private final AutomatedStarts starts;

	private final TransactionTemplate transaction;

	private final Clock clock;

	ScheduleTicker(ScheduleRepository schedules, PipelineRunRepository runs, AutomatedStarts starts,
			PlatformTransactionManager transactions, Clock clock) {
		this.schedules = schedules;
		this.runs = runs;
		this.starts = starts;
		this.transaction = new TransactionTemplate(transactions);
		this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.clock = clock;
	}

	/** Starts what is due at {@code now}; returns how many schedules were looked at. */
	int tick(Instant now) {
		List<Long> due = this.schedules.due(now.toEpochMilli(), MAX_PER_TICK);
		for (long id : due) {
			tick(id, now);
		}
		return due.size();
	}

	private void tick(long id, Instant now) {
		try {
			this.transaction.executeWithoutResult((status) -> fire(id, now));
		}
		catch (SlipwayException ex) {
			if (ex.code() == ErrorCode.SERVICE_UNAVAILABLE || ex.code() == ErrorCode.INTERNAL_ERROR) {
				log.warn("Schedule {} not ticked, trying again on the next tick: {}", id, ex.getMessage());
				return;
			}
			// A start was refused (the pinned version is gone, the parameters no longer
			// fit the latest version): every run of this tick was rolled back, and the
			// schedule would fail the same way on every tick.
			String reason = "disabled: could not start a run: " + ex.getMessage();
			log.warn("Schedule {} {}", id, reason);
			this.transaction.executeWithoutResult((status) -> this.schedules.disable(id, reason, this.clock.millis()));
		}
		catch (RuntimeException ex) {
			// A database outage, say: the schedule stays due and the next tick tries
			// again.
			log.warn("Schedule {} not ticked, trying again on the next tick: {}", id, ex.toString());
		}
	}

	private void fire(long id, Instant now) {
		ScheduleRow row = this.schedules.lock(id).orElse(null);
		if (row == null || !row.enabled() || row.nextFireAt() == null || row.nextFireAt() > now.toEpochMilli()) {
			return;
		}
		PipelineRow pipeline = this.starts.pipeline(row.pipelineId()).orElse(null);
		if (pipeline == null) {
			return;
		}
		Optional<String> refusal = this.starts.refusal(row.createdBy(), pipeline);
		if (refusal.isPresent()) {
			log.warn("Schedule {} of pipeline {} disabled: {}", row.name(), pipeline.name(), refusal.get());
			this.schedules.disable(id, "disabled: " + refusal.get(), this.clock.millis());
			return;
		}
		ScheduleTiming timing = ScheduleService.timingOf(row);
		FirePlan plan = timing.due(ScheduleService.instant(row.lastFiredAt()), now,
				Instant.ofEpochMilli(row.anchorAt()));
		// Over the limit, the most recent fire times run and the older ones are skipped.
		int slots = Math.max(0, row.maxConcurrent() - this.runs.activeRunsOfSchedule(id));
		List<Instant> fireTimes = plan.fireTimes();
		List<Instant> toRun = fireTimes.subList(Math.max(0, fireTimes.size() - slots), fireTimes.size());
		int overLimit = fireTimes.size() - toRun.size();
		StartRun request = new StartRun(row.pinnedVersion(), AutomatedStarts.fromJson(row.parametersJson()), null, null,
				null);
		List<Long> started = new ArrayList<>();
		for (Instant fireTime : toRun) {
			started.add(this.starts.start(row.createdBy(), pipeline.name(), request, RunCause.SCHEDULE,
					detail(row.name(), fireTime, timing), id, null, fireTime.toEpochMilli()));
		}
		String message = message(now, started, plan.skipped(), overLimit, row, plan.next() == null);
		if (plan.skipped() > 0 || overLimit > 0) {
			log.info("Schedule {} of pipeline {}: {}", row.name(), pipeline.name(), message);
		}
		Long lastFired = (plan.latest() != null) ? (Long) plan.latest().toEpochMilli() : row.lastFiredAt();
		this.schedules.ticked(id, lastFired, ScheduleService.millis(plan.next()), plan.skipped() + overLimit, message);
	}

	/** "schedule nightly: 2026-12-05T09:00+01:00[Europe/Paris]". */
	static String detail(String schedule, Instant fireTime, ScheduleTiming timing) {
		return "schedule " + schedule + ": " + ZonedDateTime.ofInstant(fireTime, timing.zone());
	}

	private static String message(Instant now, List<Long> started, long missed, int overLimit, ScheduleRow row,
			boolean ended) {
		StringBuilder text = new StringBuilder("tick at ").append(now).append(": ");
		text.append(started.isEmpty() ? "no run started"
				: "started run" + ((started.size() == 1) ? " " : "s ") + started.toString().replaceAll("[\\[\\]]", ""));
		if (missed > 0) {
			text.append("; skipped ")
				.append(missed)
				.append(" missed fire time")
				.append((missed == 1) ? "" : "s")
				.append(" beyond the catch-up limit (")
				.append(row.catchupLimit())
				.append(")");
		}
		if (overLimit > 0) {
			text.append("; skipped ")
				.append(overLimit)
				.append(" fire time")
				.append((overLimit == 1) ? "" : "s")
				.append(": max_concurrent (")
				.append(row.maxConcurrent())
				.append(") runs still active");
		}
		if (ended) {
			text.append("; no fire time left (end_at has passed)");
		}
		return text.toString();
	}

}
