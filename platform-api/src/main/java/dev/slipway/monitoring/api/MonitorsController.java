package dev.slipway.monitoring.api;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.error.api.Refusal;
import dev.slipway.error.api.TextValues;
import dev.slipway.monitoring.MonitorService;
import dev.slipway.monitoring.NewMonitor;
import dev.slipway.monitoring.UploadedSketch;
import dev.slipway.monitoring.WindowUnit;
import dev.slipway.monitoring.api.MonitoringJson.ColumnHistoryJson;
import dev.slipway.monitoring.api.MonitoringJson.DatasetJson;
import dev.slipway.monitoring.api.MonitoringJson.DriftWindowsJson;
import dev.slipway.monitoring.api.MonitoringJson.IngestedJson;
import dev.slipway.monitoring.api.MonitoringJson.LabelsJson;
import dev.slipway.monitoring.api.MonitoringJson.MonitorChangeJson;
import dev.slipway.monitoring.api.MonitoringJson.MonitorJson;
import dev.slipway.monitoring.api.MonitoringJson.MonitorsJson;
import dev.slipway.monitoring.api.MonitoringJson.NewMonitorJson;
import dev.slipway.monitoring.api.MonitoringJson.RangeJson;
import dev.slipway.monitoring.api.MonitoringJson.SketchesJson;
import dev.slipway.monitoring.api.MonitoringJson.WindowJson;
import dev.slipway.query.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Monitors over REST: create one on a registered model, give it a reference (a CSV or
 * JSON file, or a range of its own production days), send production batches (JSON
 * records, split orientation or CSV) and read drift per window. Who may do what is
 * decided by {@link MonitorService}: the model's READ to look, EDIT to change or send
 * data.
 */
@Tag(name = "Monitoring",
		description = "Monitors of registered models: reference, production batches, drift per window")
@RestController
@RequestMapping("/api/v1")
class MonitorsController {

	/** Monitors one page holds when the caller names no size. */
	static final int DEFAULT_MAX_RESULTS = 50;

	/** The largest sketches body read. */
	static final int MAX_SKETCH_BODY = 16 * 1024 * 1024;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Windows one drift read answers when the caller names no number. */
	static final int DEFAULT_MAX_WINDOWS = 90;

	private final MonitorService monitors;

	MonitorsController(MonitorService monitors) {
		this.monitors = monitors;
	}

	@Operation(summary = "Create a monitor on a registered model")
	@Refusal(code = ErrorCode.ALREADY_EXISTS, when = "the model has a monitor of this name")
	@Refusal(code = ErrorCode.INVALID_STATE, when = "the model has the most monitors allowed")
	@PostMapping("/models/{name}/monitors")
	@ResponseStatus(HttpStatus.CREATED)
	MonitorJson create(@PathVariable String name, @RequestBody NewMonitorJson request) {
		NewMonitor draft = new NewMonitor(request.name(), request.modelVersion(), request.description(),
				(request.schema() != null) ? request.schema().toSchema() : null,
				MonitoringJson.window("window", request.window()), request.timeZone(),
				(request.drift() != null) ? request.drift().toSettings() : null);
		return MonitorJson.of(this.monitors.create(name, draft));
	}

	@Operation(summary = "Monitors the caller may read, optionally of one model")
	@GetMapping("/monitors")
	MonitorsJson list(@RequestParam(name = "model_name", required = false) String modelName,
			@RequestParam(name = "page_token", required = false) String pageToken,
			@RequestParam(name = "max_results", required = false) String maxResults) {
		Page<dev.slipway.monitoring.Monitor> page = this.monitors.list(modelName, pageToken,
				integer("max_results", maxResults, DEFAULT_MAX_RESULTS));
		return new MonitorsJson(page.items().stream().map(MonitorJson::of).toList(), page.nextPageToken());
	}

	@Operation(summary = "One monitor")
	@GetMapping("/monitors/{id}")
	MonitorJson get(@PathVariable long id) {
		return MonitorJson.of(this.monitors.get(id));
	}

	@Operation(summary = "Change a monitor's description or drift settings")
	@Refusal(code = ErrorCode.INVALID_STATE, when = "expected_version is given and the monitor changed since")
	@PatchMapping("/monitors/{id}")
	MonitorJson update(@PathVariable long id, @RequestBody MonitorChangeJson change) {
		return MonitorJson.of(this.monitors.update(id, change.expectedVersion(), change.description(),
				(change.drift() != null) ? change.drift().toSettings() : null));
	}

	@Operation(summary = "Delete a monitor with its profiles")
	@DeleteMapping("/monitors/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@PathVariable long id) {
		this.monitors.delete(id);
	}

	@Operation(
			summary = "Set the reference from a file of rows (text/csv, application/json or application/vnd.apache.parquet)")
	@Refusal(code = ErrorCode.PAYLOAD_TOO_LARGE, when = "the file is larger than the configured limit")
	@Refusal(code = ErrorCode.UNSUPPORTED_MEDIA_TYPE, when = "the body is neither CSV nor JSON")
	@PutMapping("/monitors/{id}/reference")
	MonitorJson reference(@PathVariable long id, @RequestParam(name = "source", required = false) String source,
			HttpServletRequest request) throws IOException {
		try (InputStream body = request.getInputStream()) {
			return MonitorJson.of(this.monitors.setReference(id, format(request), body, source));
		}
	}

	@Operation(summary = "Set the reference from a dataset logged to a tracking run whose file Slipway stores")
	@PostMapping("/monitors/{id}/reference/dataset")
	MonitorJson referenceFromDataset(@PathVariable long id, @RequestBody DatasetJson dataset) {
		return MonitorJson.of(this.monitors.setReferenceFromDataset(id, dataset.runId(), dataset.name()));
	}

	@Operation(summary = "Set the reference from the monitor's own production days in [from, to)")
	@PostMapping("/monitors/{id}/reference/production")
	MonitorJson referenceFromProduction(@PathVariable long id, @RequestBody RangeJson range) {
		long from = time("from", range.from(), null);
		long to = time("to", range.to(), null);
		return MonitorJson.of(this.monitors.setReferenceFromRange(id, from, to));
	}

	@Operation(
			summary = "Send a batch of production rows (text/csv, application/json or application/vnd.apache.parquet)")
	@Refusal(code = ErrorCode.PAYLOAD_TOO_LARGE, when = "the batch has more rows or bytes than allowed")
	@Refusal(code = ErrorCode.UNSUPPORTED_MEDIA_TYPE, when = "the body is neither CSV nor JSON")
	@PostMapping("/monitors/{id}/data")
	IngestedJson data(@PathVariable long id, HttpServletRequest request) throws IOException {
		try (InputStream body = request.getInputStream()) {
			MonitorService.Ingested ingested = this.monitors.ingest(id, format(request), body);
			return new IngestedJson(ingested.rows(), ingested.windows());
		}
	}

	@Operation(summary = "Send one window's profiles computed elsewhere, as DataSketches bytes (base64)")
	@Refusal(code = ErrorCode.PAYLOAD_TOO_LARGE, when = "the body is larger than 16 MB")
	@PostMapping("/monitors/{id}/sketches")
	IngestedJson sketches(@PathVariable long id, HttpServletRequest request) throws IOException {
		SketchesJson sketches = readJson(request, SketchesJson.class);
		long time = time("time", sketches.time(), null);
		Map<String, UploadedSketch> columns = new LinkedHashMap<>();
		if (sketches.columns() != null) {
			sketches.columns()
				.forEach((name, sketch) -> columns.put(name, (sketch != null) ? sketch.toSketch(name) : null));
		}
		MonitorService.Ingested ingested = this.monitors.ingestSketches(id, time, columns);
		return new IngestedJson(ingested.rows(), ingested.windows());
	}

	@Operation(summary = "One column over time: the reference and each window's summary")
	@GetMapping("/monitors/{id}/columns/{column}")
	ColumnHistoryJson column(@PathVariable long id, @PathVariable String column,
			@RequestParam(name = "grain", required = false) String grain,
			@RequestParam(name = "from", required = false) String from,
			@RequestParam(name = "to", required = false) String to,
			@RequestParam(name = "max_windows", required = false) String maxWindows) {
		WindowUnit unit = (grain != null) ? MonitoringJson.window("grain", grain) : WindowUnit.DAY;
		return ColumnHistoryJson.of(this.monitors.columnHistory(id, column, unit, time("from", from, 0L),
				time("to", to, Long.MAX_VALUE), integer("max_windows", maxWindows, DEFAULT_MAX_WINDOWS)));
	}

	@Operation(summary = "Send labels for earlier predictions (rows of prediction id and label)")
	@Refusal(code = ErrorCode.INVALID_STATE, when = "the monitor's schema has no label and prediction id columns")
	@Refusal(code = ErrorCode.UNSUPPORTED_MEDIA_TYPE, when = "the body is neither CSV nor JSON")
	@PostMapping("/monitors/{id}/labels")
	LabelsJson labels(@PathVariable long id, HttpServletRequest request) throws IOException {
		try (InputStream body = request.getInputStream()) {
			MonitorService.LabelsApplied applied = this.monitors.labels(id, format(request), body);
			return new LabelsJson(applied.received(), applied.matched(), applied.unmatched());
		}
	}

	@Operation(summary = "Drift per window, oldest first: the dataset verdict, the prediction and every feature")
	@GetMapping("/monitors/{id}/drift")
	DriftWindowsJson drift(@PathVariable long id, @RequestParam(name = "grain", required = false) String grain,
			@RequestParam(name = "from", required = false) String from,
			@RequestParam(name = "to", required = false) String to,
			@RequestParam(name = "max_windows", required = false) String maxWindows) {
		WindowUnit unit = (grain != null) ? MonitoringJson.window("grain", grain) : WindowUnit.DAY;
		return new DriftWindowsJson(this.monitors
			.drift(id, unit, time("from", from, 0L), time("to", to, Long.MAX_VALUE),
					integer("max_windows", maxWindows, DEFAULT_MAX_WINDOWS))
			.stream()
			.map(WindowJson::of)
			.toList());
	}

	private static <T> T readJson(HttpServletRequest request, Class<T> type) throws IOException {
		if (request.getContentLengthLong() > MAX_SKETCH_BODY) {
			throw tooLarge();
		}
		byte[] body;
		try (InputStream in = request.getInputStream()) {
			body = in.readNBytes(MAX_SKETCH_BODY + 1);
		}
		if (body.length > MAX_SKETCH_BODY) {
			throw tooLarge();
		}
		try {
			T value = JSON.readValue(body, type);
			if (value == null) {
				throw new SlipwayException(ErrorCode.MALFORMED_REQUEST, "the body must be a JSON object");
			}
			return value;
		}
		catch (JacksonException ex) {
			// Jackson's own message names Java types: say which field instead.
			String field = TextValues.describe(ex);
			throw new SlipwayException(ErrorCode.MALFORMED_REQUEST,
					(field != null) ? field : "the body is not valid JSON for this operation");
		}
	}

	private static SlipwayException tooLarge() {
		return new SlipwayException(ErrorCode.PAYLOAD_TOO_LARGE, "the body exceeds the limit of 16 MB");
	}

	private static MonitorService.Format format(HttpServletRequest request) {
		String type = request.getContentType();
		if (type == null || type.isBlank()) {
			return MonitorService.Format.JSON;
		}
		String mime = type.toLowerCase(Locale.ROOT).split(";", 2)[0].strip();
		return switch (mime) {
			case "application/json" -> MonitorService.Format.JSON;
			case "text/csv", "application/csv", "text/plain" -> MonitorService.Format.CSV;
			case "application/vnd.apache.parquet", "application/x-parquet", "application/parquet" ->
				MonitorService.Format.PARQUET;
			default -> throw new SlipwayException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type " + mime
					+ " is not read here; send application/json, text/csv or application/vnd.apache.parquet");
		};
	}

	/** Epoch milliseconds, an ISO-8601 instant, or a date (midnight UTC). */
	static long time(String field, String value, Long fallback) {
		if (value == null || value.isBlank()) {
			if (fallback == null) {
				throw SlipwayException.invalidArgument(field, "is required");
			}
			return fallback;
		}
		String v = value.strip();
		try {
			if (v.chars().allMatch(Character::isDigit)) {
				return Long.parseLong(v);
			}
			if (v.length() == 10) {
				return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
			}
			return OffsetDateTime.parse(v).toInstant().toEpochMilli();
		}
		catch (NumberFormatException | DateTimeParseException ex) {
			try {
				return Instant.parse(v).toEpochMilli();
			}
			catch (DateTimeParseException again) {
				throw SlipwayException.invalidArgument(field,
						"'" + value + "' is not epoch milliseconds, a date or an ISO-8601 time");
			}
		}
	}

	private static int integer(String field, String value, int fallback) {
		if (value == null || value.isBlank()) {
			return fallback;
		}
		try {
			return Integer.parseInt(value.strip());
		}
		catch (NumberFormatException ex) {
			throw SlipwayException.invalidArgument(field, "'" + value + "' is not an integer");
		}
	}

}
