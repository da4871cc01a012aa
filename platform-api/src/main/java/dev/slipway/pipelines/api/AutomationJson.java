package dev.slipway.pipelines.api;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import dev.slipway.error.SlipwayException;
import dev.slipway.pipelines.NewSchedule;
import dev.slipway.pipelines.NewTrigger;
import dev.slipway.pipelines.PipelineSchedule;
import dev.slipway.pipelines.PipelineTrigger;
import dev.slipway.pipelines.ScheduleChange;
import dev.slipway.pipelines.TriggerChange;
import dev.slipway.pipelines.TriggerFiring;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The JSON shapes of pipeline schedules and triggers. Instants are answered in epoch
 * milliseconds, as in the rest of the pipelines API, and read as ISO-8601
 * ({@code 2026-12-01T09:00:00Z}, an offset allowed) or epoch milliseconds.
 */
final class AutomationJson {

	private AutomationJson() {
	}

	/** A schedule. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record ScheduleJson(long id, String pipeline, String name, String cron, Long intervalSeconds, String zone,
			Long startAt, Long endAt, int maxConcurrent, int catchupLimit, Integer version,
			Map<String, Object> parameters, boolean enabled, String description, Long lastFiredAt, Long nextFireAt,
			long skippedCount, String message, String createdBy, long createdAt, long updatedAt) {

		static ScheduleJson of(PipelineSchedule s) {
			return new ScheduleJson(s.id(), s.pipeline(), s.name(), s.cron(), s.intervalSeconds(), s.zone(),
					s.startAt(), s.endAt(), s.maxConcurrent(), s.catchupLimit(), s.version(), s.parameters(),
					s.enabled(), s.description(), s.lastFiredAt(), s.nextFireAt(), s.skippedCount(), s.message(),
					s.createdBy(), s.createdAt(), s.updatedAt());
		}

	}

	/** A pipeline's schedules. */
	record SchedulesJson(List<ScheduleJson> schedules) {
	}

	/** What makes a schedule. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record NewScheduleJson(String name, String cron, Long intervalSeconds, String zone, String startAt, String endAt,
			Integer maxConcurrent, Integer catchupLimit, Integer version, Map<String, Object> parameters,
			Boolean enabled) {

		NewSchedule toNewSchedule() {
			return new NewSchedule(this.name, this.cron, this.intervalSeconds, this.zone,
					instant("start_at", this.startAt), instant("end_at", this.endAt), this.maxConcurrent,
					this.catchupLimit, this.version, this.parameters, this.enabled);
		}

	}

	/** A change of a schedule; absent fields stay as they are. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record ScheduleChangeJson(Boolean enabled, String cron, Long intervalSeconds, String zone, String startAt,
			String endAt, Integer maxConcurrent, Integer catchupLimit, Integer version,
			Map<String, Object> parameters) {

		ScheduleChange toChange() {
			return new ScheduleChange(this.enabled, this.cron, this.intervalSeconds, this.zone,
					instant("start_at", this.startAt), instant("end_at", this.endAt), this.maxConcurrent,
					this.catchupLimit, this.version, this.parameters);
		}

	}

	/** A trigger. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record TriggerJson(long id, String pipeline, String name, String kind, String sourceName,
			Map<String, Object> parameters, long cooldownSeconds, boolean enabled, Long lastFiredAt, String message,
			String createdBy, long createdAt, long updatedAt) {

		static TriggerJson of(PipelineTrigger t) {
			return new TriggerJson(t.id(), t.pipeline(), t.name(), t.kind().name(), t.sourceName(), t.parameters(),
					t.cooldownSeconds(), t.enabled(), t.lastFiredAt(), t.message(), t.createdBy(), t.createdAt(),
					t.updatedAt());
		}

	}

	/** A pipeline's triggers. */
	record TriggersJson(List<TriggerJson> triggers) {
	}

	/** What makes a trigger. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record NewTriggerJson(String name, String kind, String sourceName, Map<String, Object> parameters,
			Long cooldownSeconds, Boolean enabled) {

		NewTrigger toNewTrigger() {
			return new NewTrigger(this.name, this.kind, this.sourceName, this.parameters, this.cooldownSeconds,
					this.enabled);
		}

	}

	/** A change of a trigger; absent fields stay as they are. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record TriggerChangeJson(Boolean enabled, String sourceName, Map<String, Object> parameters, Long cooldownSeconds) {

		TriggerChange toChange() {
			return new TriggerChange(this.enabled, this.sourceName, this.parameters, this.cooldownSeconds);
		}

	}

	/** What a trigger did with one event. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record FiringJson(String dedupKey, String outcome, Long runId, long firedAt, String message) {

		static FiringJson of(TriggerFiring f) {
			return new FiringJson(f.dedupKey(), f.outcome(), f.runId(), f.firedAt(), f.message());
		}

	}

	/** A trigger's recent firings, newest first. */
	record FiringsJson(List<FiringJson> firings) {
	}

	/** An instant as ISO-8601 or epoch milliseconds; null when absent. */
	static Instant instant(String field, String text) {
		if (text == null || text.isBlank()) {
			return null;
		}
		String value = text.strip();
		try {
			if (value.matches("-?\\d{1,15}")) {
				return Instant.ofEpochMilli(Long.parseLong(value));
			}
			return OffsetDateTime.parse(value).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw SlipwayException.invalidArgument(field,
					"'" + value + "' is not an instant; use ISO-8601 (2026-12-01T09:00:00Z) or epoch milliseconds");
		}
	}

}
