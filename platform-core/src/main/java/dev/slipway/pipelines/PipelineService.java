package dev.slipway.pipelines;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.pipelines.PipelineRepository.PipelineRow;
import dev.slipway.pipelines.PipelineRepository.VersionRow;
import dev.slipway.pipelines.PipelineRunRepository.AttemptRow;
import dev.slipway.pipelines.PipelineRunRepository.RunRow;
import dev.slipway.pipelines.PipelineRunRepository.StepRow;
import dev.slipway.query.Page;
import dev.slipway.query.PageToken;
import dev.slipway.security.CurrentUser;
import dev.slipway.security.SlipwayPrincipal;
import dev.slipway.tracking.ArtifactUris;
import dev.slipway.tracking.ExperimentService;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Pipelines, their versions and runs: upload a definition, start, cancel and retry runs,
 * read a run with its steps, history and logs. Permissions come from each pipeline's
 * tracking experiment ({@link PipelineAccess}).
 */
@Service
@Transactional(readOnly = true)
public class PipelineService {

	/** The most items one page of a listing holds. */
	public static final int MAX_PAGE_SIZE = 200;

	/** The most state changes one run's history shows. */
	public static final int MAX_HISTORY = 5000;

	/** The most bytes one log read returns. */
	public static final int MAX_LOG_READ = 1024 * 1024;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final PipelineRepository pipelines;

	private final PipelineRunRepository runs;

	private final PipelineEngine engine;

	private final PipelineAccess access;

	private final ExperimentService experiments;

	private final StepArtifacts artifacts;

	private final StepExecutors executors;

	private final StepTracking tracking;

	private final PipelineSettings settings;

	private final Clock clock;

	PipelineService(PipelineRepository pipelines, PipelineRunRepository runs, PipelineEngine engine,
			PipelineAccess access, ExperimentService experiments, StepArtifacts artifacts, StepExecutors executors,
			StepTracking tracking, PipelineSettings settings, Clock clock) {
		this.pipelines = pipelines;
		this.runs = runs;
		this.engine = engine;
		this.access = access;
		this.experiments = experiments;
		this.artifacts = artifacts;
		this.executors = executors;
		this.tracking = tracking;
		this.settings = settings;
		this.clock = clock;
	}

	/**
	 * Uploads a definition: a new version of the pipeline its {@code name} names, or the
	 * existing version with the same content. A new pipeline's runs go to
	 * {@code experimentName} (created if needed; the pipeline's name when null).
	 * @throws SlipwayException INVALID_ARGUMENT naming the line, PERMISSION_DENIED
	 */
	@Transactional
	public UploadedVersion upload(String text, String experimentName) {
		SlipwayPrincipal caller = CurrentUser.require();
		ParsedPipeline parsed = PipelineDefinitions.parse(text);
		String name = parsed.definition().name();
		long now = this.clock.millis();
		PipelineRow pipeline = this.pipelines.findByName(name).orElse(null);
		if (pipeline == null) {
			long experimentId = experimentFor(
					(experimentName != null && !experimentName.isBlank()) ? experimentName.strip() : name);
			requireAllowed(experimentId, "EDIT");
			long id = this.pipelines.insert(name, parsed.definition().description(), experimentId, caller.username(),
					now);
			pipeline = this.pipelines.find(id).orElseThrow();
		}
		else {
			requireAllowed(pipeline.experimentId(), "EDIT");
		}
		pipeline = this.pipelines.lock(pipeline.id()).orElseThrow();
		Optional<VersionRow> existing = this.pipelines.findVersionByDigest(pipeline.id(), parsed.digest());
		if (existing.isPresent()) {
			return new UploadedVersion(toPipeline(pipeline), toVersion(existing.get()), false);
		}
		int number = pipeline.latestVersion() + 1;
		long versionId = this.pipelines.insertVersion(pipeline.id(), number, parsed.digest(), parsed.canonicalJson(),
				text, caller.username(), now);
		if (parsed.definition().description() != null) {
			this.pipelines.updateDescription(pipeline.id(), parsed.definition().description(), now);
		}
		PipelineRow updated = this.pipelines.find(pipeline.id()).orElseThrow();
		return new UploadedVersion(toPipeline(updated),
				toVersion(this.pipelines.findVersionById(versionId).orElseThrow()), true);
	}

	private long experimentFor(String experimentName) {
		Optional<Long> existing = this.experiments.idByName(experimentName);
		if (existing.isPresent()) {
			return existing.get();
		}
		return Long.parseLong(this.experiments.create(experimentName, null, List.of()));
	}

	private void requireAllowed(long experimentId, String needed) {
		if (!this.access.allows(experimentId, needed)) {
			throw new SlipwayException(ErrorCode.PERMISSION_DENIED,
					"You need " + needed + " on the pipeline's experiment");
		}
	}

	/** A pipeline by name. */
	@PreAuthorize("@pipelineAccess.pipeline(#name, 'READ')")
	public Pipeline get(String name) {
		return toPipeline(require(name));
	}

	/** Pipelines by name, those the caller may read, at most {@code pageSize}. */
	public Page<Pipeline> list(String nameContains, Integer pageSize, String pageToken) {
		CurrentUser.require();
		int size = pageSize(pageSize);
		String after = (pageToken == null || pageToken.isBlank()) ? null : decodeName(pageToken);
		List<Long> readable = new ArrayList<>();
		for (Long experimentId : this.pipelines.experimentIds()) {
			if (this.access.allows(experimentId, "READ")) {
				readable.add(experimentId);
			}
		}
		List<PipelineRow> rows = this.pipelines.list(after, nameContains, readable, size + 1);
		List<Pipeline> items = rows.stream().limit(size).map(this::toPipeline).toList();
		String next = (rows.size() > size) ? encodeName(items.get(items.size() - 1).name()) : null;
		return new Page<>(items, next);
	}

	/** One version of a pipeline; {@code version} null for the latest. */
	@PreAuthorize("@pipelineAccess.pipeline(#name, 'READ')")
	public PipelineVersion version(String name, Integer version) {
		PipelineRow pipeline = require(name);
		int number = (version != null) ? version : pipeline.latestVersion();
		return toVersion(this.pipelines.findVersion(pipeline.id(), number)
			.orElseThrow(() -> SlipwayException.notFound("Version of pipeline " + name, number)));
	}

	/** Versions of a pipeline, newest first. */
	@PreAuthorize("@pipelineAccess.pipeline(#name, 'READ')")
	public Page<PipelineVersion> versions(String name, Integer pageSize, String pageToken) {
		PipelineRow pipeline = require(name);
		int size = pageSize(pageSize);
		long before = (pageToken == null || pageToken.isBlank()) ? Integer.MAX_VALUE : PageToken.decode(pageToken);
		List<VersionRow> rows = this.pipelines.versions(pipeline.id(), (int) Math.min(before, Integer.MAX_VALUE),
				size + 1);
		List<PipelineVersion> items = rows.stream().limit(size).map(this::toVersion).toList();
		String next = (rows.size() > size) ? PageToken.encode(items.get(items.size() - 1).version()) : null;
		return new Page<>(items, next);
	}

	/**
	 * Starts a run of the pipeline.
	 * @throws SlipwayException INVALID_ARGUMENT for a parameter that is unknown, missing
	 * or of the wrong type, NOT_FOUND for an unknown pipeline or version
	 */
	@Transactional
	@PreAuthorize("@pipelineAccess.pipeline(#name, 'EDIT')")
	public PipelineRun start(String name, StartRun request, RunCause cause, String causeDetail) {
		return get(startInternal(name, request, cause, causeDetail, null, null, null));
	}

	/**
	 * Starts a run for a schedule or trigger (no permission check: they were checked when
	 * made).
	 */
	@Transactional
	long startInternal(String name, StartRun request, RunCause cause, String causeDetail, Long scheduleId,
			Long triggerId, Long scheduledFor) {
		String actor = CurrentUser.require().username();
		PipelineRow pipeline = require(name);
		int number = (request.version() != null) ? request.version() : pipeline.latestVersion();
		VersionRow version = this.pipelines.findVersion(pipeline.id(), number)
			.orElseThrow(() -> SlipwayException.notFound("Version of pipeline " + name, number));
		PipelineDefinition definition = this.engine.definition(version.id());
		Map<String, Object> parameters = Parameters.bind(definition, request.parameters());
		String executor = (request.executor() != null && !request.executor().isBlank())
				? request.executor().strip().toLowerCase(Locale.ROOT) : this.settings.executor();
		if (!executor.equals("local") && !executor.equals("kubernetes")) {
			throw SlipwayException.invalidArgument("executor", "must be local or kubernetes");
		}
		String codeVersion = request.codeVersion();
		if (codeVersion != null && codeVersion.length() > 256) {
			throw SlipwayException.invalidArgument("code_version", "must be at most 256 characters");
		}
		long now = this.clock.millis();
		long runId = this.runs.insertRun(new PipelineRunRepository.NewRunRow(pipeline.id(), version.id(),
				JSON.writeValueAsString(parameters), !Boolean.FALSE.equals(request.cacheEnabled()), executor, cause,
				PipelineRunRepository.truncate(causeDetail, 2000), scheduleId, triggerId, scheduledFor, codeVersion,
				actor), now);
		for (StepSpec step : definition.topologicalOrder()) {
			this.runs.insertStep(runId, step.name());
		}
		String reason = "started by " + actor + " (" + cause.name().toLowerCase(Locale.ROOT) + ")"
				+ ((causeDetail != null) ? ": " + causeDetail : "");
		this.runs.insertChange(runId, null, null, null, "PENDING", reason, actor, now);
		RunRow run = this.runs.find(runId).orElseThrow();
		this.engine.publish("pipeline.run.created", run, pipeline, RunState.PENDING, reason, now);
		this.engine.advance(runId);
		return runId;
	}

	/** A run with its steps and attempts. */
	@PreAuthorize("@pipelineAccess.run(#runId, 'READ')")
	public PipelineRun get(long runId) {
		RunRow run = this.engine.requireRun(runId);
		return toRun(run, this.runs.steps(runId), this.runs.attemptsOfRun(runId));
	}

	/** Runs of a pipeline, newest first, optionally in one state. */
	@PreAuthorize("@pipelineAccess.pipeline(#name, 'READ')")
	public Page<PipelineRun> runs(String name, RunState state, Integer pageSize, String pageToken) {
		PipelineRow pipeline = require(name);
		int size = pageSize(pageSize);
		long before = (pageToken == null || pageToken.isBlank()) ? Long.MAX_VALUE : PageToken.decode(pageToken);
		List<RunRow> rows = this.runs.runs(pipeline.id(), before, state, size + 1);
		List<RunRow> page = rows.stream().limit(size).toList();
		Map<Long, List<StepRow>> steps = new LinkedHashMap<>();
		this.runs.stepsOf(page.stream().map(RunRow::id).toList())
			.forEach((step) -> steps.computeIfAbsent(step.runId(), (id) -> new ArrayList<>()).add(step));
		List<PipelineRun> items = page.stream()
			.map((run) -> toRun(run, steps.getOrDefault(run.id(), List.of()), List.of()))
			.toList();
		String next = (rows.size() > size) ? PageToken.encode(page.get(page.size() - 1).id()) : null;
		return new Page<>(items, next);
	}

	/** Every state change of the run and its steps, oldest first. */
	@PreAuthorize("@pipelineAccess.run(#runId, 'READ')")
	public List<StateChange> history(long runId) {
		this.engine.requireRun(runId);
		return this.runs.changes(runId, MAX_HISTORY);
	}

	/**
	 * Asks a run to stop: steps not started are cancelled, running ones are stopped
	 * (graceful, then forced), then the run is CANCELED.
	 * @throws SlipwayException INVALID_STATE for a run that has ended
	 */
	@Transactional
	@PreAuthorize("@pipelineAccess.run(#runId, 'EDIT')")
	public PipelineRun cancel(long runId) {
		RunRow run = this.runs.lock(runId).orElseThrow(() -> SlipwayException.notFound("Pipeline run", runId));
		if (run.state().ended()) {
			throw PipelineEngine.invalidState("Pipeline run " + runId + " has ended (" + run.state() + ")");
		}
		long now = this.clock.millis();
		this.runs.requestCancel(runId, now);
		String actor = CurrentUser.require().username();
		this.runs.insertChange(runId, null, null, run.state().name(), run.state().name(),
				"cancel requested by " + actor, actor, now);
		PipelineRow pipeline = this.pipelines.find(run.pipelineId()).orElseThrow();
		this.engine.publish("pipeline.run.cancel_requested", run, pipeline, RunState.CANCELING,
				"cancel requested by " + actor, now);
		this.engine.advance(runId);
		return get(runId);
	}

	/**
	 * Runs a failed or cancelled run again from where it stopped: its failed, cancelled
	 * and skipped steps go back to PENDING (succeeded and cached steps keep their
	 * outputs).
	 * @throws SlipwayException INVALID_STATE for a run that has not failed or been
	 * cancelled
	 */
	@Transactional
	@PreAuthorize("@pipelineAccess.run(#runId, 'EDIT')")
	public PipelineRun retry(long runId) {
		RunRow run = this.runs.lock(runId).orElseThrow(() -> SlipwayException.notFound("Pipeline run", runId));
		if (run.state() != RunState.FAILED && run.state() != RunState.CANCELED) {
			throw PipelineEngine
				.invalidState("Only a FAILED or CANCELED run can be retried; run " + runId + " is " + run.state());
		}
		long now = this.clock.millis();
		String actor = CurrentUser.require().username();
		List<String> again = new ArrayList<>();
		for (StepRow step : this.runs.steps(runId)) {
			if (!step.state().produced()) {
				this.runs.resetStep(step.id());
				this.runs.insertChange(runId, step.stepName(), null, step.state().name(), "PENDING",
						"retry requested by " + actor, actor, now);
				again.add(step.stepName());
			}
		}
		this.runs.clearCancel(runId);
		this.runs.setRunState(runId, run.state(), RunState.RUNNING, null, null, null);
		String reason = "retry of " + String.join(", ", again) + " requested by " + actor;
		this.runs.insertChange(runId, null, null, run.state().name(), "RUNNING", reason, actor, now);
		if (run.trackingRunId() != null) {
			this.tracking.setStatus(run.trackingRunId(), dev.slipway.tracking.RunStatus.RUNNING, null);
		}
		PipelineRow pipeline = this.pipelines.find(run.pipelineId()).orElseThrow();
		this.engine.publish("pipeline.run.retried", run, pipeline, RunState.RUNNING, reason, now);
		this.engine.advance(runId);
		return get(runId);
	}

	/**
	 * Reads an attempt's log from a byte offset: live from the process's file on the
	 * replica that runs it, else from the copy stored with the step's tracking run
	 * (refreshed every few seconds while it runs).
	 */
	@PreAuthorize("@pipelineAccess.run(#runId, 'READ')")
	public LogText log(long runId, String stepName, int attempt, LogStream stream, long offset, Integer maxBytes) {
		RunRow run = this.engine.requireRun(runId);
		StepRow step = this.runs.steps(runId)
			.stream()
			.filter((candidate) -> candidate.stepName().equals(stepName))
			.findFirst()
			.orElseThrow(() -> SlipwayException.notFound("Step of run " + runId, stepName));
		AttemptRow row = this.runs.attempts(step.id())
			.stream()
			.filter((candidate) -> candidate.attempt() == attempt)
			.findFirst()
			.orElseThrow(() -> SlipwayException.notFound("Attempt of step " + stepName, attempt));
		if (offset < 0) {
			throw SlipwayException.invalidArgument("offset", "must be 0 or more");
		}
		int max = (maxBytes == null) ? 64 * 1024 : Math.max(1, Math.min(maxBytes, MAX_LOG_READ));
		if ("local".equals(row.executor()) && "RUNNING".equals(row.state())
				&& this.executors.hostName().equals(row.host())) {
			java.nio.file.Path workDir = this.executors.workRoot()
				.resolve(Long.toString(run.id()))
				.resolve(stepName)
				.resolve("attempt-" + attempt);
			AttemptLaunch launch = new AttemptLaunch(AttemptLaunch.idOf(run.id(), stepName, attempt), run.id(),
					step.id(), stepName, attempt, List.of("-"), Map.of(), null, Resources.NONE,
					java.time.Duration.ofSeconds(1), workDir);
			LogChunk chunk = this.executors.get("local").readLog(launch, stream, offset, max);
			return new LogText(chunk.text(), chunk.nextOffset(), false);
		}
		if (step.trackingRunId() == null) {
			return new LogText("", offset, row.ended());
		}
		String root = ArtifactUris.keyOf(this.tracking.artifacts(step.trackingRunId()).uri());
		Optional<byte[]> bytes = this.artifacts.readLog(root + "/" + AttemptRunner.logPath(attempt, stream), offset,
				max);
		byte[] read = bytes.orElse(new byte[0]);
		int usable = Utf8.completePrefix(read);
		return new LogText(new String(read, 0, usable, StandardCharsets.UTF_8), offset + usable,
				row.ended() && read.length < max);
	}

	private PipelineRow require(String name) {
		return this.pipelines.findByName(name).orElseThrow(() -> SlipwayException.notFound("Pipeline", name));
	}

	private Pipeline toPipeline(PipelineRow row) {
		String experimentName = this.experiments.nameOf(row.experimentId()).orElse(null);
		return new Pipeline(row.id(), row.name(), row.description(), row.experimentId(), experimentName,
				row.latestVersion(), row.createdBy(), row.createdAt(), row.updatedAt());
	}

	private PipelineVersion toVersion(VersionRow row) {
		return new PipelineVersion(row.id(), row.pipelineId(), row.version(), row.digest(),
				this.engine.definition(row.id()), row.definitionJson(), row.sourceText(), row.createdBy(),
				row.createdAt());
	}

	private PipelineRun toRun(RunRow run, List<StepRow> steps, List<AttemptRow> attempts) {
		PipelineRow pipeline = this.pipelines.find(run.pipelineId()).orElseThrow();
		PipelineDefinition definition = this.engine.definition(run.versionId());
		Map<String, StepRow> byName = new LinkedHashMap<>();
		steps.forEach((step) -> byName.put(step.stepName(), step));
		Map<Long, List<Attempt>> attemptsByStep = new LinkedHashMap<>();
		attempts.forEach((attempt) -> attemptsByStep.computeIfAbsent(attempt.stepRunId(), (id) -> new ArrayList<>())
			.add(new Attempt(attempt.attempt(), attempt.state(), attempt.executor(), attempt.notBefore(),
					attempt.owner(), attempt.externalId(), attempt.exitCode(), attempt.startedAt(), attempt.endedAt(),
					attempt.message())));
		Map<Long, Long> runOfStep = new LinkedHashMap<>();
		List<StepRun> stepRuns = new ArrayList<>();
		for (StepSpec spec : definition.topologicalOrder()) {
			StepRow step = byName.get(spec.name());
			if (step == null) {
				continue;
			}
			StepRun.CacheSource source = null;
			if (step.cachedFrom() != null) {
				Long sourceRun = runOfStep.computeIfAbsent(step.cachedFrom(),
						(id) -> this.runs.findStep(id).map(StepRow::runId).orElse(null));
				source = (sourceRun != null) ? new StepRun.CacheSource(step.cachedFrom(), sourceRun) : null;
			}
			stepRuns.add(new StepRun(step.id(), step.stepName(), step.state(), step.attempts(),
					spec.retry().maxAttempts(), step.cacheKey(), source, step.trackingRunId(),
					PipelineEngine.outputs(step.outputsJson()), step.startedAt(), step.endedAt(), step.message(),
					attemptsByStep.getOrDefault(step.id(), List.of())));
		}
		int version = this.pipelines.findVersionById(run.versionId()).map(VersionRow::version).orElse(0);
		return new PipelineRun(run.id(), pipeline.id(), pipeline.name(), version, run.state(),
				StepInputs.parameters(run.parametersJson()), run.cacheEnabled(), run.executor(), run.cause(),
				run.causeDetail(), run.scheduleId(), run.triggerId(), run.trackingRunId(), pipeline.experimentId(),
				run.createdBy(), run.createdAt(), run.startedAt(), run.endedAt(), run.message(), stepRuns);
	}

	private static int pageSize(Integer pageSize) {
		if (pageSize == null) {
			return 50;
		}
		if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
			throw SlipwayException.invalidArgument("page_size", "must be from 1 to " + MAX_PAGE_SIZE);
		}
		return pageSize;
	}

	private static String encodeName(String name) {
		return java.util.Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(("n:" + name).getBytes(StandardCharsets.UTF_8));
	}

	private static String decodeName(String token) {
		try {
			String text = new String(java.util.Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
			if (text.startsWith("n:")) {
				return text.substring(2);
			}
		}
		catch (IllegalArgumentException ex) {
			// Refused below.
		}
		throw SlipwayException.invalidArgument("page_token", "invalid page token");
	}

}
