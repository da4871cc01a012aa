package dev.slipway.pipelines;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.pipelines.PipelineRepository.PipelineRow;
import dev.slipway.pipelines.ScheduleRepository.Fields;
import dev.slipway.pipelines.ScheduleRepository.ScheduleRow;
import dev.slipway.security.CurrentUser;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Schedules of pipelines: cron or interval fire times ({@link ScheduleTiming}) at which
 * {@link ScheduleTicker} starts runs as the account that made the schedule. Making and
 * changing one needs MANAGE on the pipeline, reading it READ.
 */
@Service
@Transactional(readOnly = true)
public class ScheduleService {

	/** The most schedules one pipeline has. */
	public static final int MAX_SCHEDULES = 100;

	/** The highest {@code maxConcurrent}. */
	public static final int MAX_CONCURRENT = 100;

	private final ScheduleRepository schedules;

	private final AutomatedStarts starts;

	private final Clock clock;

	ScheduleService(ScheduleRepository schedules, AutomatedStarts starts, Clock clock) {
		this.schedules = schedules;
		this.starts = starts;
		this.clock = clock;
	}

	/**
	 * Makes a schedule of the pipeline; its runs act as the caller.
	 * @throws SlipwayException INVALID_ARGUMENT naming the field, ALREADY_EXISTS for a
	 * name the pipeline's schedules already use, NOT_FOUND for an unknown pipeline
	 */
	@Transactional
	@PreAuthorize("@pipelineAccess.pipeline(#name, 'MANAGE')")
	public PipelineSchedule create(String name, NewSchedule request) {
		String creator = CurrentUser.require().username();
		PipelineRow pipeline = this.starts.requirePipeline(name);
		if (request == null) {
			throw SlipwayException.invalidArgument("name", "is required");
		}
		String scheduleName = AutomatedStarts.requireName(request.name());
		int catchup = (request.catchupLimit() != null) ? request.catchupLimit() : 0;
		ScheduleTiming timing = timing(request.cron(), request.intervalSeconds(), request.zone(), request.startAt(),
				request.endAt(), catchup);
		int maxConcurrent = maxConcurrent((request.maxConcurrent() != null) ? request.maxConcurrent() : 1);
		Integer version = version(request.version());
		this.starts.validate(pipeline, version, request.parameters());
		if (this.schedules.find(pipeline.id(), scheduleName).isPresent()) {
			throw alreadyExists(name, scheduleName);
		}
		if (this.schedules.count(pipeline.id()) >= MAX_SCHEDULES) {
			throw new SlipwayException(ErrorCode.INVALID_STATE,
					"Pipeline " + name + " has " + MAX_SCHEDULES + " schedules, the most it may have");
		}
		long now = this.clock.millis();
		Instant anchor = Instant.ofEpochMilli(now);
		// A new schedule's first fire time may be its creation instant itself.
		Instant next = timing.next(anchor.minusNanos(1), anchor);
		Fields fields = fields(timing, maxConcurrent, version, request.parameters(),
				!Boolean.FALSE.equals(request.enabled()));
		try {
			this.schedules.insert(pipeline.id(), scheduleName, fields, now, millis(next), creator, now);
		}
		catch (DuplicateKeyException ex) {
			throw alreadyExists(name, scheduleName);
		}
		return toSchedule(this.schedules.find(pipeline.id(), scheduleName).orElseThrow(), pipeline.name());
	}

	/** The pipeline's schedules by name (at most {@link #MAX_SCHEDULES}). */
	@PreAuthorize("@pipelineAccess.pipeline(#name, 'READ')")
	public List<PipelineSchedule> list(String name) {
		PipelineRow pipeline = this.starts.requirePipeline(name);
		return this.schedules.list(pipeline.id(), MAX_SCHEDULES)
			.stream()
			.map((row) -> toSchedule(row, pipeline.name()))
			.toList();
	}

	/** One schedule of the pipeline. */
	@PreAuthorize("@pipelineAccess.pipeline(#name, 'READ')")
	public PipelineSchedule get(String name, String schedule) {
		PipelineRow pipeline = this.starts.requirePipeline(name);
		return toSchedule(require(pipeline, schedule), pipeline.name());
	}

	/**
	 * Changes a schedule: enables or disables it, or changes its timing, limits, pinned
	 * version or parameters. Enabling it, or changing its timing, counts from now: fire
	 * times that passed while it was disabled, or before the change, do not run. Its runs
	 * keep acting as the account that made it.
	 * @throws SlipwayException INVALID_ARGUMENT naming the field, NOT_FOUND
	 */
	@Transactional
	@PreAuthorize("@pipelineAccess.pipeline(#name, 'MANAGE')")
	public PipelineSchedule update(String name, String schedule, ScheduleChange change) {
		PipelineRow pipeline = this.starts.requirePipeline(name);
		ScheduleRow row = this.schedules.lock(require(pipeline, schedule).id()).orElseThrow();
		ScheduleChange given = (change != null) ? change
				: new ScheduleChange(null, null, null, null, null, null, null, null, null, null);
		String cron = row.cron();
		Long interval = row.intervalSeconds();
		if (given.cron() != null || given.intervalSeconds() != null) {
			cron = given.cron();
			interval = given.intervalSeconds();
		}
		boolean timingChanged = given.cron() != null || given.intervalSeconds() != null || given.zone() != null
				|| given.startAt() != null || given.endAt() != null || given.catchupLimit() != null;
		ScheduleTiming timing = timing(cron, interval, (given.zone() != null) ? given.zone() : row.timeZone(),
				(given.startAt() != null) ? given.startAt() : instant(row.startAt()),
				(given.endAt() != null) ? given.endAt() : instant(row.endAt()),
				(given.catchupLimit() != null) ? given.catchupLimit() : row.catchupLimit());
		int maxConcurrent = maxConcurrent(
				(given.maxConcurrent() != null) ? given.maxConcurrent() : row.maxConcurrent());
		Integer version = (given.version() != null) ? version(given.version()) : row.pinnedVersion();
		Map<String, Object> parameters = (given.parameters() != null) ? given.parameters()
				: AutomatedStarts.fromJson(row.parametersJson());
		if (given.version() != null || given.parameters() != null) {
			this.starts.validate(pipeline, version, parameters);
		}
		boolean enabled = (given.enabled() != null) ? given.enabled() : row.enabled();
		long now = this.clock.millis();
		Long lastFired = row.lastFiredAt();
		Long next = row.nextFireAt();
		String message = row.message();
		boolean resumed = enabled && !row.enabled();
		if (resumed || timingChanged) {
			// Fire times up to now count as handled: none of those passed while disabled,
			// or before the change, runs.
			lastFired = (row.lastFiredAt() != null) ? Math.max(row.lastFiredAt(), now) : now;
			next = millis(timing.next(Instant.ofEpochMilli(lastFired), Instant.ofEpochMilli(row.anchorAt())));
		}
		if (resumed) {
			message = null;
		}
		this.schedules.update(row.id(), fields(timing, maxConcurrent, version, parameters, enabled), lastFired, next,
				message, now);
		return toSchedule(this.schedules.lock(row.id()).orElseThrow(), pipeline.name());
	}

	/** Deletes a schedule; its runs stay, without it. */
	@Transactional
	@PreAuthorize("@pipelineAccess.pipeline(#name, 'MANAGE')")
	public void delete(String name, String schedule) {
		PipelineRow pipeline = this.starts.requirePipeline(name);
		this.schedules.delete(require(pipeline, schedule).id());
	}

	private ScheduleRow require(PipelineRow pipeline, String schedule) {
		return this.schedules.find(pipeline.id(), schedule)
			.orElseThrow(() -> SlipwayException.notFound("Schedule of pipeline " + pipeline.name(), schedule));
	}

	/** The timing of a stored schedule. */
	static ScheduleTiming timingOf(ScheduleRow row) {
		return ScheduleTiming.of(row.cron(),
				(row.intervalSeconds() != null) ? Duration.ofSeconds(row.intervalSeconds()) : null, row.timeZone(),
				instant(row.startAt()), instant(row.endAt()), row.catchupLimit());
	}

	/**
	 * A timing from a request, its refusals naming the REST API's fields ({@code end_at},
	 * not {@code endAt}).
	 */
	private static ScheduleTiming timing(String cron, Long intervalSeconds, String zone, Instant startAt, Instant endAt,
			int catchupLimit) {
		if (intervalSeconds != null
				&& (intervalSeconds < 1 || intervalSeconds > ScheduleTiming.MAX_INTERVAL.getSeconds())) {
			throw SlipwayException.invalidArgument("interval_seconds", "must be from "
					+ ScheduleTiming.MIN_INTERVAL.getSeconds() + " to " + ScheduleTiming.MAX_INTERVAL.getSeconds());
		}
		try {
			return ScheduleTiming.of(cron, (intervalSeconds != null) ? Duration.ofSeconds(intervalSeconds) : null, zone,
					startAt, endAt, catchupLimit);
		}
		catch (SlipwayException ex) {
			String message = ex.getMessage();
			message = message.replaceFirst("^endAt: ", "end_at: ")
				.replaceFirst("^catchupLimit: ", "catchup_limit: ")
				.replaceFirst("^interval: ", "interval_seconds: ")
				.replace("startAt", "start_at");
			throw new SlipwayException(ex.code(), message);
		}
	}

	private static int maxConcurrent(int value) {
		if (value < 1 || value > MAX_CONCURRENT) {
			throw SlipwayException.invalidArgument("max_concurrent", "must be from 1 to " + MAX_CONCURRENT);
		}
		return value;
	}

	private static Integer version(Integer version) {
		if (version != null && version < 1) {
			throw SlipwayException.invalidArgument("version", "must be 1 or more");
		}
		return version;
	}

	private static Fields fields(ScheduleTiming timing, int maxConcurrent, Integer version,
			Map<String, Object> parameters, boolean enabled) {
		return new Fields(timing.cron(), (timing.interval() != null) ? timing.interval().getSeconds() : null,
				timing.zone().getId(), millis(timing.startAt()), millis(timing.endAt()), maxConcurrent,
				timing.catchupLimit(), version, AutomatedStarts.toJson(parameters), enabled);
	}

	private static SlipwayException alreadyExists(String pipeline, String schedule) {
		return new SlipwayException(ErrorCode.ALREADY_EXISTS,
				"Pipeline " + pipeline + " already has a schedule named '" + schedule + "'");
	}

	static Instant instant(Long millis) {
		return (millis != null) ? Instant.ofEpochMilli(millis) : null;
	}

	static Long millis(Instant instant) {
		return (instant != null) ? instant.toEpochMilli() : null;
	}

	private static PipelineSchedule toSchedule(ScheduleRow row, String pipeline) {
		return new PipelineSchedule(row.id(), pipeline, row.name(), row.cron(), row.intervalSeconds(), row.timeZone(),
				row.startAt(), row.endAt(), row.maxConcurrent(), row.catchupLimit(), row.pinnedVersion(),
				AutomatedStarts.fromJson(row.parametersJson()), row.enabled(), timingOf(row).describe(),
				row.lastFiredAt(), row.nextFireAt(), row.skippedCount(), row.message(), row.createdBy(),
				row.createdAt(), row.updatedAt());
	}

}
