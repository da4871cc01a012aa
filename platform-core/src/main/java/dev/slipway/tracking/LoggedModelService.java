package dev.slipway.tracking;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.query.KeyValue;
import dev.slipway.query.Page;
import dev.slipway.query.PageToken;
import dev.slipway.query.SqlQuery;
import dev.slipway.tracking.ExperimentRepository.ExperimentRow;
import dev.slipway.tracking.LoggedModelRepository.LoggedModelRow;
import dev.slipway.tracking.RunRepository.RunRow;
import dev.slipway.tracking.search.LoggedModelSearch;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** MLflow 3 logged models: create, finalize, tag, search. */
@Service
@Transactional(readOnly = true)
public class LoggedModelService {

	/** Statuses a logged model can be given. */
	static final List<String> STATUSES = List.of("LOGGED_MODEL_PENDING", "LOGGED_MODEL_READY",
			"LOGGED_MODEL_UPLOAD_FAILED");

	private final ExperimentService experiments;

	private final RunService runs;

	private final LoggedModelRepository models;

	private final JdbcClient jdbc;

	private final Clock clock;

	LoggedModelService(ExperimentService experiments, RunService runs, LoggedModelRepository models, JdbcClient jdbc,
			Clock clock) {
		this.experiments = experiments;
		this.runs = runs;
		this.models = models;
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Creates a pending logged model in an experiment, optionally produced by a run (one
	 * of this server, which the caller must be able to read, or one tracked elsewhere);
	 * without a name it gets a generated one.
	 */
	@Transactional
	@PreAuthorize("@trackingAccess.experiment(#experimentId, 'EDIT') and @trackingAccess.run(#sourceRunId, 'READ')")
	public LoggedModel create(String experimentId, String name, String modelType, String sourceRunId,
			List<KeyValue> params, List<KeyValue> tags) {
		ExperimentRow experiment = this.experiments.requireActive(experimentId);
		if (params.size() > 100) {
			throw SlipwayException.invalidArgument("params",
					"at most 100 params at creation; log the rest with logged-models/{id}/params");
		}
		params.forEach(LoggedModelService::validateParam);
		tags.forEach(LoggedModelService::validateTag);
		// MLflow names an unnamed model as it names a run: randomly, so two do not
		// collide.
		String modelName = (name == null || name.isEmpty()) ? RunNames.generate() : name;
		TrackingLimits.requireValue("name", modelName, 500);
		// A run tracked elsewhere is kept by its id, as MLflow stores it; a local one is
		// also linked.
		Long runId = null;
		String runUuid = null;
		if (sourceRunId != null && !sourceRunId.isEmpty()) {
			runUuid = TrackingLimits.requireRunId("source_run_id", sourceRunId);
			runId = this.runs.find(runUuid).map(RunRow::id).orElse(null);
		}
		String modelUid = "m-" + UUID.randomUUID().toString().replace("-", "");
		String location = ArtifactUris.child(experiment.artifactLocation(), "models/" + modelUid + "/artifacts");
		long id = this.models.insert(modelUid, experiment.id(), modelName, location, modelType, runId, runUuid,
				this.clock.millis());
		for (KeyValue param : params) {
			this.models.insertParam(id, param);
		}
		for (KeyValue tag : tags) {
			this.models.setTag(id, tag.key(), tag.value());
		}
		return get(modelUid, false);
	}

	/** The logged model with this id; deleted ones only when {@code allowDeleted}. */
	@PreAuthorize("@trackingAccess.loggedModel(#modelId, 'READ')")
	public LoggedModel get(String modelId, boolean allowDeleted) {
		LoggedModelRow row = require(modelId);
		if (!row.isActive() && !allowDeleted) {
			throw notFound(modelId);
		}
		return assemble(List.of(row)).get(0);
	}

	/** Sets the status, e.g. READY once the artifacts are uploaded. */
	@Transactional
	@PreAuthorize("@trackingAccess.loggedModel(#modelId, 'EDIT')")
	public LoggedModel finalizeModel(String modelId, String status) {
		String normalized = (status == null) ? "" : status.trim().toUpperCase(Locale.ROOT);
		if (!STATUSES.contains(normalized)) {
			throw SlipwayException.invalidArgument("status", "'" + status + "' is not one of " + STATUSES);
		}
		LoggedModelRow row = requireActive(modelId);
		this.models.setStatus(row.id(), normalized, null, this.clock.millis());
		return get(modelId, false);
	}

	/** Sets (or replaces) tags. */
	@Transactional
	@PreAuthorize("@trackingAccess.loggedModel(#modelId, 'EDIT')")
	public void setTags(String modelId, List<KeyValue> tags) {
		tags.forEach(LoggedModelService::validateTag);
		LoggedModelRow row = requireActive(modelId);
		for (KeyValue tag : tags) {
			this.models.setTag(row.id(), tag.key(), tag.value());
		}
		this.models.touch(row.id(), this.clock.millis());
	}

	/** Removes one tag. */
	@Transactional
	@PreAuthorize("@trackingAccess.loggedModel(#modelId, 'EDIT')")
	public void deleteTag(String modelId, String key) {
		LoggedModelRow row = requireActive(modelId);
		if (this.models.deleteTag(row.id(), key) == 0) {
			throw new SlipwayException(ErrorCode.NOT_FOUND,
					"No tag with key '" + key + "' found for logged model '" + modelId + "'");
		}
	}

	/** Logs params; the same value again is fine, a different one is refused. */
	@Transactional
	@PreAuthorize("@trackingAccess.loggedModel(#modelId, 'EDIT')")
	public void logParams(String modelId, List<KeyValue> params) {
		params.forEach(LoggedModelService::validateParam);
		LoggedModelRow row = requireActive(modelId);
		Map<String, String> existing = this.models.params(row.id(), params.stream().map(KeyValue::key).toList());
		for (KeyValue param : params) {
			String logged = existing.get(param.key());
			if (logged != null && !logged.equals(param.value())) {
				throw SlipwayException.invalidArgument("params", "param '" + param.key() + "' of logged model "
						+ modelId + " was already logged with a different value");
			}
			if (logged == null) {
				this.models.insertParam(row.id(), param);
			}
		}
	}

	/** Marks a logged model deleted. */
	@Transactional
	@PreAuthorize("@trackingAccess.loggedModel(#modelId, 'MANAGE')")
	public void delete(String modelId) {
		LoggedModelRow row = requireActive(modelId);
		this.models.markDeleted(row.id(), this.clock.millis());
	}

	/** One page of logged models matching an MLflow filter. */
	@PreAuthorize("@trackingAccess.experiments(#experimentIds, 'READ')")
	public Page<LoggedModel> search(List<String> experimentIds, String filter,
			List<dev.slipway.tracking.search.LoggedModelOrder> orderBy,
			List<dev.slipway.tracking.search.DatasetFilter> datasets, Long maxResults, String pageToken) {
		int size = TrackingLimits.pageSize("max_results", maxResults, 100, 1000);
		long offset = PageToken.decode(pageToken);
		List<Long> ids = new ArrayList<>();
		for (String experimentId : experimentIds) {
			ids.add(ExperimentService.parseId(experimentId));
		}
		if (ids.isEmpty()) {
			throw SlipwayException.invalidArgument("experiment_ids", "at least one experiment id is required");
		}
		SqlQuery query = LoggedModelSearch.sql(ids, filter, orderBy, datasets, offset, size + 1);
		List<Long> modelIds = this.jdbc.sql(query.sql()).params(query.args()).query(Long.class).list();
		boolean more = modelIds.size() > size;
		List<LoggedModelRow> rows = this.models.findAll(more ? modelIds.subList(0, size) : modelIds);
		return new Page<>(assemble(rows), more ? PageToken.encode(offset + size) : null);
	}

	/** The artifact location of a logged model, for the registry's download URI. */
	@PreAuthorize("@trackingAccess.loggedModel(#modelId, 'READ')")
	public String artifactLocation(String modelId) {
		return require(modelId).artifactLocation();
	}

	LoggedModelRow require(String modelId) {
		if (modelId == null || modelId.isEmpty()) {
			throw SlipwayException.invalidArgument("model_id", "is required");
		}
		return this.models.findByUid(modelId).orElseThrow(() -> notFound(modelId));
	}

	private LoggedModelRow requireActive(String modelId) {
		LoggedModelRow row = require(modelId);
		if (!row.isActive()) {
			throw notFound(modelId);
		}
		return row;
	}

	private List<LoggedModel> assemble(List<LoggedModelRow> rows) {
		List<Long> ids = rows.stream().map(LoggedModelRow::id).toList();
		Map<Long, List<KeyValue>> tags = this.models.tags(ids);
		Map<Long, List<KeyValue>> params = this.models.params(ids);
		Map<Long, List<LoggedModel.ModelMetric>> metrics = this.models.metrics(ids);
		return rows.stream()
			.map((row) -> new LoggedModel(row.modelUid(), String.valueOf(row.experimentId()), row.name(),
					row.artifactLocation(), row.creationTime(), row.lastUpdatedTime(), row.status(),
					row.statusMessage(), row.modelType(), row.sourceRunUuid(), tags.getOrDefault(row.id(), List.of()),
					params.getOrDefault(row.id(), List.of()), metrics.getOrDefault(row.id(), List.of())))
			.toList();
	}

	private static SlipwayException notFound(String modelId) {
		return new SlipwayException(ErrorCode.NOT_FOUND, "Logged model with ID '" + modelId + "' not found");
	}

	private static void validateParam(KeyValue param) {
		TrackingLimits.requireKey("params.key", param.key());
		TrackingLimits.requireValue("params.value", param.value(), TrackingLimits.MAX_PARAM_VALUE_LENGTH);
	}

	private static void validateTag(KeyValue tag) {
		TrackingLimits.requireKey("tags.key", tag.key());
		TrackingLimits.requireValue("tags.value", tag.value(), TrackingLimits.MAX_TAG_VALUE_LENGTH);
	}

}
