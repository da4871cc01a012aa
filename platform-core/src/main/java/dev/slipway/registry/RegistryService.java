package dev.slipway.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.query.KeyValue;
import dev.slipway.query.Page;
import dev.slipway.query.PageToken;
import dev.slipway.query.SqlQuery;
import dev.slipway.registry.RegistryRepository.ModelRow;
import dev.slipway.registry.RegistryRepository.VersionRow;
import dev.slipway.security.PermissionService;
import dev.slipway.security.ResourceType;
import dev.slipway.tracking.LoggedModel;
import dev.slipway.tracking.LoggedModelService;
import dev.slipway.tracking.Run;
import dev.slipway.tracking.RunService;
import dev.slipway.tracking.TrackingAccess;
import dev.slipway.tracking.TrackingLineage;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * MLflow's model registry: registered models, versions, tags, aliases and stages. Writes
 * that a model's policy puts under approval (a stage or a protected alias) are refused
 * here with PERMISSION_DENIED unless the caller may move versions there directly; see
 * {@link GovernanceService} for requests and approvals.
 */
@Service
@Transactional(readOnly = true)
public class RegistryService {

	/** The most registered models one search page returns (MLflow's limit). */
	public static final int MAX_MODELS_PAGE = 1000;

	/** The most model versions one search page returns. */
	public static final int MAX_VERSIONS_PAGE = 200_000;

	private static final String GIT_COMMIT_TAG = "mlflow.source.git.commit";

	private static final String SOURCE_NAME_TAG = "mlflow.source.name";

	/**
	 * The tags a pipeline step's tracking run carries
	 * (dev.slipway.pipelines.StepTracking).
	 */
	private static final String PIPELINE_RUN_TAG = "slipway.pipeline.run_id";

	private static final String PIPELINE_STEP_TAG = "slipway.pipeline.step";

	private final RegistryRepository registry;

	private final Promotions promotions;

	private final ModelLocks locks;

	private final RegistryPolicy policy;

	private final RegistryViews views;

	private final PermissionService permissions;

	private final RunService runs;

	private final LoggedModelService loggedModels;

	private final TrackingAccess trackingAccess;

	private final TrackingLineage trackingLineage;

	private final JdbcClient jdbc;

	private final ModelSources sources;

	RegistryService(RegistryRepository registry, Promotions promotions, ModelLocks locks, RegistryPolicy policy,
			RegistryViews views, PermissionService permissions, RunService runs, LoggedModelService loggedModels,
			TrackingAccess trackingAccess, TrackingLineage trackingLineage, JdbcClient jdbc, ModelSources sources) {
		this.registry = registry;
		this.promotions = promotions;
		this.locks = locks;
		this.policy = policy;
		this.views = views;
		this.permissions = permissions;
		this.runs = runs;
		this.loggedModels = loggedModels;
		this.trackingAccess = trackingAccess;
		this.trackingLineage = trackingLineage;
		this.jdbc = jdbc;
		this.sources = sources;
	}

	/** Creates a registered model; the creator gets MANAGE on it. */
	@Transactional
	@PreAuthorize("@registryAccess.canCreate()")
	public RegisteredModel createModel(String name, String description, List<KeyValue> tags) {
		RegistryLimits.requireName("name", name);
		RegistryLimits.requireDescription(description);
		List<KeyValue> given = (tags != null) ? tags : List.of();
		RegistryLimits.requireTags(given);
		if (this.registry.modelExists(name)) {
			throw alreadyExists(name);
		}
		long id;
		try {
			id = this.registry.insertModel(name, description, this.locks.actor(), this.locks.now());
		}
		catch (DuplicateKeyException ex) {
			throw alreadyExists(name);
		}
		for (KeyValue tag : given) {
			this.registry.setModelTag(id, tag.key(), tag.value());
		}
		this.policy.insertDefaultPolicy(id);
		this.permissions.grantCreator(ResourceType.REGISTERED_MODEL, id);
		ModelRow model = this.registry.findModel(id).orElseThrow();
		this.promotions.publish(RegistryEventType.MODEL_CREATED, model, null, Map.of(),
				Promotions.state("name", name, "description", description), null, null);
		return assemble(model);
	}

	/** The registered model with this name. */
	@PreAuthorize("@registryAccess.model(#name, 'READ')")
	public RegisteredModel getModel(String name) {
		return assemble(this.locks.model(name));
	}

	/** Renames a registered model (one row changes). */
	@Transactional
	@PreAuthorize("@registryAccess.model(#name, 'MANAGE')")
	public RegisteredModel renameModel(String name, String newName) {
		RegistryLimits.requireName("new_name", newName);
		ModelRow model = this.locks.lock(name);
		if (newName.equals(model.name())) {
			return assemble(model);
		}
		if (this.registry.modelExists(newName)) {
			throw alreadyExists(newName);
		}
		try {
			this.registry.rename(model.id(), newName, this.locks.now());
		}
		catch (DuplicateKeyException ex) {
			throw alreadyExists(newName);
		}
		ModelRow renamed = this.registry.findModel(model.id()).orElseThrow();
		this.promotions.publish(RegistryEventType.MODEL_RENAMED, renamed, null, Promotions.state("name", name),
				Promotions.state("name", newName), null, null);
		return assemble(renamed);
	}

	/** Sets a registered model's description. */
	@Transactional
	@PreAuthorize("@registryAccess.model(#name, 'EDIT')")
	public RegisteredModel updateModel(String name, String description) {
		RegistryLimits.requireDescription(description);
		ModelRow model = this.locks.lock(name);
		this.registry.setModelDescription(model.id(), description, this.locks.now());
		this.promotions.publish(RegistryEventType.MODEL_UPDATED, model, null,
				Promotions.state("description", model.description()), Promotions.state("description", description),
				null, null);
		return assemble(this.registry.findModel(model.id()).orElseThrow());
	}

	/** Deletes a registered model, its versions, aliases, requests and webhooks. */
	@Transactional
	@PreAuthorize("@registryAccess.model(#name, 'MANAGE')")
	public void deleteModel(String name) {
		ModelRow model = this.locks.lock(name);
		int versions = this.registry.countVersions(model.id());
		this.promotions.publish(RegistryEventType.MODEL_DELETED, model, null,
				Promotions.state("name", model.name(), "versions", versions), Map.of(), null, null);
		this.registry.deleteModel(model.id());
		this.permissions.revokeAll(ResourceType.REGISTERED_MODEL, model.id());
	}

	/**
	 * One page of the registered models the caller can read that match an MLflow
	 * registered-model filter ({@code name LIKE 'fraud%' AND tags.team = 'risk'}).
	 */
	@PreAuthorize("isAuthenticated()")
	public Page<RegisteredModel> searchModels(String filter, int maxResults, List<String> orderBy, String pageToken) {
		if (maxResults < 1 || maxResults > MAX_MODELS_PAGE) {
			throw SlipwayException.invalidArgument("max_results",
					"must be between 1 and " + MAX_MODELS_PAGE + ", got " + maxResults);
		}
		long offset = PageToken.decode(pageToken);
		SqlQuery query = RegistrySearch.models(filter, (orderBy != null) ? orderBy : List.of(), offset, maxResults + 1,
				readable());
		List<Long> ids = this.jdbc.sql(query.sql()).params(query.args()).query(Long.class).list();
		String next = null;
		if (ids.size() > maxResults) {
			ids = ids.subList(0, maxResults);
			next = PageToken.encode(offset + maxResults);
		}
		return new Page<>(this.views.toModels(this.registry.modelsByIds(ids)), next);
	}

	/** The newest version in each of the stages (every stage when empty). */
	@PreAuthorize("@registryAccess.model(#name, 'READ')")
	public List<ModelVersion> latestVersions(String name, List<String> stages) {
		ModelRow model = this.locks.model(name);
		List<Stage> wanted = new ArrayList<>();
		if (stages != null) {
			for (String stage : stages) {
				wanted.add(Stage.parse(stage));
			}
		}
		List<VersionRow> latest = this.registry.latestPerStage(List.of(model.id())).getOrDefault(model.id(), List.of());
		return this.views
			.toVersions(latest.stream().filter((row) -> wanted.isEmpty() || wanted.contains(row.stage())).toList());
	}

	/** Sets a tag of a registered model. */
	@Transactional
	@PreAuthorize("@registryAccess.model(#name, 'EDIT')")
	public void setModelTag(String name, String key, String value) {
		RegistryLimits.requireTag(key, value);
		ModelRow model = this.locks.lock(name);
		RegistryLimits.requireRoomForTag("a registered model", this.registry.countModelTags(model.id()),
				() -> this.registry.modelTags(List.of(model.id())).getOrDefault(model.id(), List.of()), key);
		String previous = this.registry.setModelTag(model.id(), key, value);
		this.registry.touchModel(model.id(), this.locks.now());
		this.promotions.publish(RegistryEventType.MODEL_TAG_SET, model, null, Promotions.state(key, previous),
				Promotions.state(key, value), null, null);
	}

	/** Deletes a tag of a registered model; a tag that is not there is no error. */
	@Transactional
	@PreAuthorize("@registryAccess.model(#name, 'EDIT')")
	public void deleteModelTag(String name, String key) {
		ModelRow model = this.locks.lock(name);
		// Deleting what is not there changes nothing, as in MLflow, so a resent request
		// is
		// harmless.
		Optional<String> previous = this.registry.deleteModelTag(model.id(), key);
		if (previous.isPresent()) {
			this.registry.touchModel(model.id(), this.locks.now());
			this.promotions.publish(RegistryEventType.MODEL_TAG_DELETED, model, null,
					Promotions.state(key, previous.get()), Map.of(), null, null);
		}
	}

	/** Points an alias at a version, moving it if it pointed elsewhere. */
	@Transactional
	@PreAuthorize("@registryAccess.model(#name, 'EDIT')")
	public void setAlias(String name, String alias, String version) {
		RegistryNames.validateAlias(alias);
		ModelRow model = this.locks.lock(name);
		VersionRow row = this.locks.version(model, version);
		this.policy.requireDirect(model, TargetKind.ALIAS, alias);
		this.promotions.applyAlias(model, alias, row, null, null, true);
	}

	/** Removes an alias; an alias that is not there is no error. */
	@Transactional
	@PreAuthorize("@registryAccess.model(#name, 'EDIT')")
	public void deleteAlias(String name, String alias) {
		ModelRow model = this.locks.lock(name);
		Optional<Long> versionId = this.registry.aliasTarget(model.id(), alias);
		if (versionId.isEmpty()) {
			return;
		}
		this.policy.requireDirect(model, TargetKind.ALIAS, alias);
		Integer version = this.registry.findVersion(versionId.get()).map(VersionRow::version).orElse(null);
		this.registry.deleteAlias(model.id(), alias);
		this.registry.touchModel(model.id(), this.locks.now());
		this.promotions.publish(RegistryEventType.ALIAS_REMOVED, model, version,
				Promotions.state("alias", alias, "version", version), Promotions.state("alias", alias, "version", null),
				null, null);
	}

	/** The version an alias points at. */
	@PreAuthorize("@registryAccess.model(#name, 'READ')")
	public ModelVersion getByAlias(String name, String alias) {
		ModelRow model = this.locks.model(name);
		Long versionId = this.registry.aliasTarget(model.id(), alias)
			.orElseThrow(() -> SlipwayException.notFound("Alias of registered model '" + name + "'", alias));
		return this.views.toVersion(this.registry.findVersion(versionId).orElseThrow());
	}

	/**
	 * Creates the next version of a model. {@code source} is {@code runs:/<run>/<path>},
	 * {@code models:/<model_id>} (stored with the logged model's artifact location),
	 * {@code models:/<name>/<version>} or an artifact URI; see {@link ModelSources}. The
	 * run may be one tracked elsewhere: it is recorded as the version's run all the same.
	 * A logged model of this server lists the new version in its
	 * {@code mlflow.modelVersions} tag.
	 */
	@Transactional
	@PreAuthorize("@registryAccess.model(#name, 'EDIT')")
	public ModelVersion createVersion(String name, String source, String runId, List<KeyValue> tags, String runLink,
			String description, String modelId) {
		RegistryLimits.requireDescription(description);
		List<KeyValue> given = (tags != null) ? tags : List.of();
		RegistryLimits.requireTags(given);
		RegistryLimits.limit("run_link", runLink, RegistryLimits.MAX_URI_LENGTH);
		ModelSources.Resolved resolved = this.sources.resolve(source, blankToNull(runId), blankToNull(modelId));
		// A run tracked elsewhere is not looked up, so its id is only bounded here.
		RegistryLimits.limit("run_id", resolved.runId(), RegistryLimits.MAX_RUN_ID_LENGTH);
		ModelRow model = this.locks.lock(name);
		long now = this.locks.now();
		int number = this.registry.nextVersion(model.id(), now);
		// The code version, from the run's tags at registration (none without a run).
		Map<String, String> code = resolved.runHere() ? this.trackingLineage.runTags(resolved.runId(),
				List.of(GIT_COMMIT_TAG, SOURCE_NAME_TAG, PIPELINE_RUN_TAG, PIPELINE_STEP_TAG)) : Map.of();
		String gitCommit = code.get(GIT_COMMIT_TAG);
		String codeSource = code.get(SOURCE_NAME_TAG);
		long versionId = this.registry.insertVersion(model.id(), number, source, resolved.storageLocation(),
				resolved.runId(), resolved.modelId(), blankToNull(runLink), description, this.locks.actor(),
				truncate(gitCommit, 256), truncate(codeSource, RegistryLimits.MAX_URI_LENGTH), now);
		Long pipelineRun = pipelineRunId(code.get(PIPELINE_RUN_TAG));
		if (pipelineRun != null) {
			this.registry.setVersionPipeline(versionId, pipelineRun, truncate(code.get(PIPELINE_STEP_TAG), 63));
		}
		if (resolved.runHere()) {
			this.registry.insertVersionDatasets(versionId, this.trackingLineage.runDatasets(resolved.runId()));
		}
		if (resolved.modelHere()) {
			this.trackingLineage.recordModelVersion(resolved.modelId(), model.name(), number);
		}
		for (KeyValue tag : given) {
			this.registry.setVersionTag(versionId, tag.key(), tag.value());
		}
		this.promotions
			.publish(
					RegistryEventType.VERSION_CREATED, model, number, Map.of(), Promotions.state("source", source,
							"run_id", resolved.runId(), "model_id", resolved.modelId(), "stage", Stage.NONE.wireName()),
					null, null);
		return this.views.toVersion(this.registry.findVersion(versionId).orElseThrow());
	}

	/** A model version by its number (a decimal string, as MLflow sends it). */
	@PreAuthorize("@registryAccess.model(#name, 'READ')")
	public ModelVersion getVersion(String name, String version) {
		ModelRow model = this.locks.model(name);
		return this.views.toVersion(this.locks.version(model, version));
	}

	/** Sets a version's description. */
	@Transactional
	@PreAuthorize("@registryAccess.model(#name, 'EDIT')")
	public ModelVersion updateVersion(String name, String version, String description) {
		RegistryLimits.requireDescription(description);
		ModelRow model = this.locks.lock(name);
		VersionRow row = this.locks.version(model, version);
		this.registry.setVersionDescription(row.id(), description, this.locks.now());
		this.promotions.publish(RegistryEventType.VERSION_UPDATED, model, row.version(),
				Promotions.state("description", row.description()), Promotions.state("description", description), null,
				null);
		return this.views.toVersion(this.registry.findVersion(row.id()).orElseThrow());
	}

	/** Deletes a version: it disappears, with its aliases; its number is never reused. */
	@Transactional
	@PreAuthorize("@registryAccess.model(#name, 'EDIT')")
	public void deleteVersion(String name, String version) {
		ModelRow model = this.locks.lock(name);
		VersionRow row = this.locks.version(model, version);
		List<String> aliases = this.registry.versionAliases(List.of(row.id())).getOrDefault(row.id(), List.of());
		for (String alias : aliases) {
			this.policy.requireDirect(model, TargetKind.ALIAS, alias);
		}
		if (row.stage() != Stage.NONE && row.stage() != Stage.ARCHIVED) {
			this.policy.requireDirect(model, TargetKind.STAGE, row.stage().wireName());
		}
		long now = this.locks.now();
		this.promotions.cancelPendingOf(row, "version " + row.version() + " was deleted");
		this.registry.deleteAliasesOf(row.id());
		this.registry.markDeleted(row.id(), now);
		this.registry.touchModel(model.id(), now);
		this.promotions.publish(RegistryEventType.VERSION_DELETED, model, row.version(),
				Promotions.state("stage", row.stage().wireName(), "aliases", aliases), Map.of(), null, null);
	}

	/**
	 * Moves a version to a stage. With {@code archiveExisting} (only for Staging and
	 * Production) the other versions in that stage move to Archived.
	 */
	@Transactional
	@PreAuthorize("@registryAccess.model(#name, 'EDIT')")
	public ModelVersion transitionStage(String name, String version, String stage, boolean archiveExisting) {
		Stage target = Stage.parse(stage);
		ModelRow model = this.locks.lock(name);
		VersionRow row = this.locks.version(model, version);
		this.policy.requireDirect(model, TargetKind.STAGE, target.wireName());
		this.promotions.applyStage(model, row, target, archiveExisting, null, null, true);
		return this.views.toVersion(this.registry.findVersion(row.id()).orElseThrow());
	}

	/**
	 * One page of the versions the caller can read that match an MLflow version filter.
	 */
	@PreAuthorize("isAuthenticated()")
	public Page<ModelVersion> searchVersions(String filter, int maxResults, List<String> orderBy, String pageToken) {
		if (maxResults < 1 || maxResults > MAX_VERSIONS_PAGE) {
			throw SlipwayException.invalidArgument("max_results",
					"must be between 1 and " + MAX_VERSIONS_PAGE + ", got " + maxResults);
		}
		long offset = PageToken.decode(pageToken);
		SqlQuery query = RegistrySearch.versions(filter, (orderBy != null) ? orderBy : List.of(), offset,
				maxResults + 1, readable());
		List<Long> ids = this.jdbc.sql(query.sql()).params(query.args()).query(Long.class).list();
		String next = null;
		if (ids.size() > maxResults) {
			ids = ids.subList(0, maxResults);
			next = PageToken.encode(offset + maxResults);
		}
		return new Page<>(this.views.toVersions(this.registry.versionsByIds(ids)), next);
	}

	/** Where a version's files download from. */
	@PreAuthorize("@registryAccess.model(#name, 'READ')")
	public String downloadUri(String name, String version) {
		ModelRow model = this.locks.model(name);
		VersionRow row = this.locks.version(model, version);
		return (row.storageLocation() != null) ? row.storageLocation() : row.source();
	}

	/** Sets a tag of a version. */
	@Transactional
	@PreAuthorize("@registryAccess.model(#name, 'EDIT')")
	public void setVersionTag(String name, String version, String key, String value) {
		RegistryLimits.requireTag(key, value);
		ModelRow model = this.locks.lock(name);
		VersionRow row = this.locks.version(model, version);
		RegistryLimits.requireRoomForTag("a model version", this.registry.countVersionTags(row.id()),
				() -> this.registry.versionTags(List.of(row.id())).getOrDefault(row.id(), List.of()), key);
		String previous = this.registry.setVersionTag(row.id(), key, value);
		this.registry.touchVersion(row.id(), this.locks.now());
		this.promotions.publish(RegistryEventType.VERSION_TAG_SET, model, row.version(),
				Promotions.state(key, previous), Promotions.state(key, value), null, null);
	}

	/** Deletes a tag of a version; a tag that is not there is no error. */
	@Transactional
	@PreAuthorize("@registryAccess.model(#name, 'EDIT')")
	public void deleteVersionTag(String name, String version, String key) {
		ModelRow model = this.locks.lock(name);
		VersionRow row = this.locks.version(model, version);
		Optional<String> previous = this.registry.deleteVersionTag(row.id(), key);
		if (previous.isPresent()) {
			this.registry.touchVersion(row.id(), this.locks.now());
			this.promotions.publish(RegistryEventType.VERSION_TAG_DELETED, model, row.version(),
					Promotions.state(key, previous.get()), Map.of(), null, null);
		}
	}

	/** Where a version came from: run, logged model, datasets, code, metrics. */
	@PreAuthorize("@registryAccess.model(#name, 'READ')")
	public VersionLineage lineage(String name, String version) {
		ModelRow model = this.locks.model(name);
		VersionRow row = this.locks.version(model, version);
		VersionLineage.SourceRun run = null;
		List<VersionLineage.LineageMetric> metrics = List.of();
		if (row.runUuid() != null && this.trackingLineage.runExists(row.runUuid())
				&& this.trackingAccess.run(row.runUuid(), "READ")) {
			Run source = this.runs.get(row.runUuid());
			run = new VersionLineage.SourceRun(source.info().experimentId(), source.info().runId(),
					source.info().runName(), source.info().status().name(), source.info().artifactUri());
			metrics = source.metrics()
				.stream()
				.map((metric) -> new VersionLineage.LineageMetric(metric.key(), metric.value()))
				.toList();
		}
		VersionLineage.SourceModel logged = null;
		if (row.loggedModelUid() != null && this.trackingLineage.loggedModelExists(row.loggedModelUid())
				&& this.trackingAccess.loggedModel(row.loggedModelUid(), "READ")) {
			LoggedModel model2 = this.loggedModels.get(row.loggedModelUid(), true);
			logged = new VersionLineage.SourceModel(model2.modelId(), model2.name(), model2.artifactUri());
		}
		return new VersionLineage(this.views.toVersion(row), run, logged, datasets(row.id()), row.gitCommit(),
				row.codeSource(), row.pipelineRunId(), row.pipelineStep(), metrics);
	}

	/** Every version of a model, newest first, at most {@code limit}. */
	@PreAuthorize("@registryAccess.model(#name, 'READ')")
	public List<ModelVersion> versions(String name, int limit) {
		if (limit < 1 || limit > MAX_MODELS_PAGE) {
			throw SlipwayException.invalidArgument("limit", "must be between 1 and " + MAX_MODELS_PAGE);
		}
		ModelRow model = this.locks.model(name);
		return this.views.toVersions(this.registry.versionsOf(model.id(), limit));
	}

	/** The version's datasets, each with its experiment while the dataset exists. */
	private List<VersionLineage.LineageDataset> datasets(long versionId) {
		List<RegistryRepository.VersionDatasetRow> rows = this.registry.versionDatasets(versionId);
		Map<Long, Long> experiments = this.trackingLineage.datasetExperiments(
				rows.stream().map(RegistryRepository.VersionDatasetRow::datasetId).filter((id) -> id != null).toList());
		return rows.stream().map((row) -> {
			Long experimentId = (row.datasetId() != null) ? experiments.get(row.datasetId()) : null;
			return new VersionLineage.LineageDataset(row.name(), row.digest(), row.context(),
					(experimentId != null) ? experimentId.toString() : null);
		}).toList();
	}

	// helpers

	private RegisteredModel assemble(ModelRow model) {
		return this.views.toModels(List.of(model)).get(0);
	}

	private String readable() {
		return this.permissions.visibility().readableSql(ResourceType.REGISTERED_MODEL, "rm.id");
	}

	private static SlipwayException alreadyExists(String name) {
		return new SlipwayException(ErrorCode.ALREADY_EXISTS, "Registered Model (name=" + name + ") already exists.");
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

	private static String truncate(String value, int max) {
		return (value == null || value.length() <= max) ? value : value.substring(0, max);
	}

	private static Long pipelineRunId(String tag) {
		if (tag == null) {
			return null;
		}
		try {
			return Long.valueOf(tag.strip());
		}
		catch (NumberFormatException ex) {
			// A tag set by hand to something else is no lineage.
			return null;
		}
	}

}
