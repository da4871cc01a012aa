package dev.slipway.pipelines.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.error.api.Refusal;
import dev.slipway.pipelines.LogStream;
import dev.slipway.pipelines.PipelineDefinitions;
import dev.slipway.pipelines.PipelineService;
import dev.slipway.pipelines.PipelineVersion;
import dev.slipway.pipelines.RunCause;
import dev.slipway.pipelines.RunState;
import dev.slipway.pipelines.StartRun;
import dev.slipway.pipelines.UploadedVersion;
import dev.slipway.pipelines.api.PipelinesJson.ChangeJson;
import dev.slipway.pipelines.api.PipelinesJson.HistoryJson;
import dev.slipway.pipelines.api.PipelinesJson.LogJson;
import dev.slipway.pipelines.api.PipelinesJson.PipelineJson;
import dev.slipway.pipelines.api.PipelinesJson.PipelinesPage;
import dev.slipway.pipelines.api.PipelinesJson.RunJson;
import dev.slipway.pipelines.api.PipelinesJson.RunsPage;
import dev.slipway.pipelines.api.PipelinesJson.StartRunJson;
import dev.slipway.pipelines.api.PipelinesJson.UploadJson;
import dev.slipway.pipelines.api.PipelinesJson.VersionJson;
import dev.slipway.pipelines.api.PipelinesJson.VersionsPage;
import dev.slipway.query.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Pipelines over REST: upload a definition (a new version, or the existing one with the
 * same content), start, list, cancel and retry runs, read their history and step logs.
 * Who may do what is decided by {@link PipelineService}.
 */
@Tag(name = "Pipelines", description = "Pipeline definitions, versions, runs, history and logs")
@RestController
@RequestMapping("/api/v1")
class PipelinesController {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final PipelineService pipelines;

	PipelinesController(PipelineService pipelines) {
		this.pipelines = pipelines;
	}

	@Operation(summary = "Upload a definition (YAML or JSON body): a new version of the pipeline it names, "
			+ "or the existing version with the same content (200)")
	@Refusal(code = ErrorCode.PAYLOAD_TOO_LARGE, when = "the definition is larger than 256 KiB")
	@PostMapping("/pipelines")
	ResponseEntity<UploadJson> upload(@RequestParam(name = "experiment_name", required = false) String experimentName,
			HttpServletRequest request) throws IOException {
		UploadedVersion uploaded = this.pipelines.upload(definitionText(request), experimentName);
		UploadJson body = new UploadJson(PipelineJson.of(uploaded.pipeline()),
				version(uploaded.pipeline().name(), uploaded.version()), uploaded.created());
		return ResponseEntity.status(uploaded.created() ? HttpStatus.CREATED : HttpStatus.OK).body(body);
	}

	@Operation(summary = "Pipelines the caller may read, by name")
	@GetMapping("/pipelines")
	PipelinesPage list(@RequestParam(name = "name_contains", required = false) String nameContains,
			@RequestParam(name = "page_size", required = false) Integer pageSize,
			@RequestParam(name = "page_token", required = false) String pageToken) {
		Page<dev.slipway.pipelines.Pipeline> page = this.pipelines.list(nameContains, pageSize, pageToken);
		return new PipelinesPage(page.items().stream().map(PipelineJson::of).toList(), page.nextPageToken());
	}

	@Operation(summary = "A pipeline")
	@GetMapping("/pipelines/{name}")
	PipelineJson get(@PathVariable String name) {
		return PipelineJson.of(this.pipelines.get(name));
	}

	@Operation(summary = "A pipeline's versions, newest first")
	@GetMapping("/pipelines/{name}/versions")
	VersionsPage versions(@PathVariable String name,
			@RequestParam(name = "page_size", required = false) Integer pageSize,
			@RequestParam(name = "page_token", required = false) String pageToken) {
		Page<PipelineVersion> page = this.pipelines.versions(name, pageSize, pageToken);
		return new VersionsPage(page.items().stream().map((v) -> version(name, v)).toList(), page.nextPageToken());
	}

	@Operation(summary = "One version of a pipeline, with the document as uploaded and its canonical form")
	@GetMapping("/pipelines/{name}/versions/{version}")
	VersionJson version(@PathVariable String name, @PathVariable int version) {
		return version(name, this.pipelines.version(name, version));
	}

	@Operation(summary = "Start a run with parameter values")
	@PostMapping("/pipelines/{name}/runs")
	@ResponseStatus(HttpStatus.CREATED)
	RunJson start(@PathVariable String name, @RequestBody(required = false) StartRunJson body) {
		StartRunJson given = (body != null) ? body : new StartRunJson(null, null, null, null, null);
		return RunJson.of(this.pipelines.start(name, new StartRun(given.version(), given.parameters(),
				given.cacheEnabled(), given.executor(), given.codeVersion()), RunCause.API, null));
	}

	@Operation(summary = "A pipeline's runs, newest first, optionally in one state")
	@GetMapping("/pipelines/{name}/runs")
	RunsPage runs(@PathVariable String name, @RequestParam(name = "state", required = false) String state,
			@RequestParam(name = "page_size", required = false) Integer pageSize,
			@RequestParam(name = "page_token", required = false) String pageToken) {
		Page<dev.slipway.pipelines.PipelineRun> page = this.pipelines.runs(name, state(state), pageSize, pageToken);
		return new RunsPage(page.items().stream().map(RunJson::of).toList(), page.nextPageToken());
	}

	@Operation(summary = "A run with its steps, attempts and outputs")
	@GetMapping("/pipeline-runs/{id}")
	RunJson run(@PathVariable long id) {
		return RunJson.of(this.pipelines.get(id));
	}

	@Operation(summary = "Every state change of a run and its steps, with time and reason")
	@GetMapping("/pipeline-runs/{id}/history")
	HistoryJson history(@PathVariable long id) {
		return new HistoryJson(this.pipelines.history(id).stream().map(ChangeJson::of).toList());
	}

	@Operation(summary = "Cancel a run: queued steps are cancelled, running ones stopped")
	@Refusal(code = ErrorCode.INVALID_STATE, when = "the run has ended")
	@PostMapping("/pipeline-runs/{id}/cancel")
	RunJson cancel(@PathVariable long id) {
		return RunJson.of(this.pipelines.cancel(id));
	}

	@Operation(summary = "Retry a failed or cancelled run from its failed steps")
	@Refusal(code = ErrorCode.INVALID_STATE, when = "the run is not FAILED or CANCELED")
	@PostMapping("/pipeline-runs/{id}/retry")
	RunJson retry(@PathVariable long id) {
		return RunJson.of(this.pipelines.retry(id));
	}

	@Operation(summary = "A piece of a step attempt's log, from a byte offset (poll with next_offset to follow)")
	@GetMapping("/pipeline-runs/{id}/steps/{step}/attempts/{attempt}/logs")
	LogJson log(@PathVariable long id, @PathVariable String step, @PathVariable int attempt,
			@RequestParam(name = "stream", required = false) String stream,
			@RequestParam(name = "offset", required = false) Long offset,
			@RequestParam(name = "max_bytes", required = false) Integer maxBytes) {
		var text = this.pipelines.log(id, step, attempt, stream(stream), (offset != null) ? offset : 0, maxBytes);
		return new LogJson(text.text(), text.nextOffset(), text.complete());
	}

	private static VersionJson version(String name, PipelineVersion version) {
		return VersionJson.of(name, version, JSON.readValue(version.canonicalJson(), Object.class));
	}

	static RunState state(String state) {
		if (state == null || state.isBlank()) {
			return null;
		}
		try {
			return RunState.valueOf(state.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw SlipwayException.invalidArgument("state",
					"'" + state + "' is not PENDING, RUNNING, SUCCEEDED, FAILED, CANCELING or CANCELED");
		}
	}

	static LogStream stream(String stream) {
		if (stream == null || stream.isBlank() || stream.equalsIgnoreCase("stdout")) {
			return LogStream.STDOUT;
		}
		if (stream.equalsIgnoreCase("stderr")) {
			return LogStream.STDERR;
		}
		throw SlipwayException.invalidArgument("stream", "must be stdout or stderr");
	}

	private static String definitionText(HttpServletRequest request) throws IOException {
		if (request.getContentLengthLong() > PipelineDefinitions.MAX_BYTES) {
			throw tooLarge();
		}
		byte[] body;
		try (InputStream in = request.getInputStream()) {
			body = in.readNBytes(PipelineDefinitions.MAX_BYTES + 1);
		}
		if (body.length > PipelineDefinitions.MAX_BYTES) {
			throw tooLarge();
		}
		if (body.length == 0) {
			throw SlipwayException.invalidArgument("body", "is empty; send the pipeline definition (YAML or JSON)");
		}
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(java.nio.ByteBuffer.wrap(body))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw SlipwayException.invalidArgument("body", "is not UTF-8 text");
		}
	}

	private static SlipwayException tooLarge() {
		return new SlipwayException(ErrorCode.PAYLOAD_TOO_LARGE,
				"the definition exceeds the limit of " + PipelineDefinitions.MAX_BYTES + " bytes");
	}

}
