package dev.slipway.pipelines.api;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.api.Refusal;
import dev.slipway.pipelines.ScheduleService;
import dev.slipway.pipelines.api.AutomationJson.NewScheduleJson;
import dev.slipway.pipelines.api.AutomationJson.ScheduleChangeJson;
import dev.slipway.pipelines.api.AutomationJson.ScheduleJson;
import dev.slipway.pipelines.api.AutomationJson.SchedulesJson;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Schedules of a pipeline over REST: cron or interval fire times at which runs start as
 * the account that made the schedule. Making and changing one needs MANAGE on the
 * pipeline, reading READ ({@link ScheduleService}).
 */
@Tag(name = "Pipeline schedules", description = "Cron and interval schedules that start pipeline runs")
@RestController
@RequestMapping("/api/v1/pipelines/{name}/schedules")
class PipelineSchedulesController {

	private final ScheduleService schedules;

	PipelineSchedulesController(ScheduleService schedules) {
		this.schedules = schedules;
	}

	@Operation(summary = "Make a schedule (cron or interval_seconds); its runs act as the caller")
	@Refusal(code = ErrorCode.ALREADY_EXISTS, when = "the pipeline has a schedule of that name")
	@Refusal(code = ErrorCode.INVALID_ARGUMENT, when = "a field is wrong; the message names it")
	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	ScheduleJson create(@PathVariable String name, @RequestBody NewScheduleJson body) {
		return ScheduleJson.of(this.schedules.create(name, body.toNewSchedule()));
	}

	@Operation(summary = "A pipeline's schedules, by name")
	@GetMapping
	SchedulesJson list(@PathVariable String name) {
		return new SchedulesJson(this.schedules.list(name).stream().map(ScheduleJson::of).toList());
	}

	@Operation(summary = "A schedule, with its last and next fire times")
	@GetMapping("/{schedule}")
	ScheduleJson get(@PathVariable String name, @PathVariable String schedule) {
		return ScheduleJson.of(this.schedules.get(name, schedule));
	}

	@Operation(summary = "Enable, disable or change a schedule; absent fields stay as they are")
	@Refusal(code = ErrorCode.INVALID_ARGUMENT, when = "a field is wrong; the message names it")
	@PatchMapping("/{schedule}")
	ScheduleJson update(@PathVariable String name, @PathVariable String schedule,
			@RequestBody ScheduleChangeJson body) {
		return ScheduleJson.of(this.schedules.update(name, schedule, body.toChange()));
	}

	@Operation(summary = "Delete a schedule; its runs stay")
	@DeleteMapping("/{schedule}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@PathVariable String name, @PathVariable String schedule) {
		this.schedules.delete(name, schedule);
	}

}
