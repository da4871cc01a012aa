package dev.slipway.tracking;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.query.KeyValue;
import dev.slipway.query.Page;
import dev.slipway.query.PageToken;
import dev.slipway.query.SqlQuery;
import dev.slipway.security.PermissionService;
import dev.slipway.security.ResourceType;
import dev.slipway.storage.SourceUris;
import dev.slipway.tracking.ExperimentRepository.ExperimentRow;
import dev.slipway.tracking.search.ExperimentSearch;
import dev.slipway.tracking.search.ViewType;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PostAuthorize;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Experiments: create, find, rename, delete and restore, tag, search. */
@Service
@Transactional(readOnly = true)
public class ExperimentService {

	private final ExperimentRepository experiments;

	private final JdbcClient jdbc;

	private final Clock clock;

	private final PermissionService permissions;

	ExperimentService(ExperimentRepository experiments, JdbcClient jdbc, Clock clock, PermissionService permissions) {
		this.experiments = experiments;
		this.jdbc = jdbc;
		this.clock = clock;
		this.permissions = permissions;
	}

	/** Creates an experiment; the name must be new (deleted experiments keep theirs). */
	@Transactional
	@PreAuthorize("@trackingAccess.canCreateExperiment()")
	public String create(String name, String artifactLocation, List<KeyValue> tags) {
		requireName("name", name);
		for (KeyValue tag : tags) {
			validateTag(tag);
		}
		if (artifactLocation != null) {
			// Checked as the store will read it: fully decoded.
			SourceUris.problem(artifactLocation).ifPresent((problem) -> {
				throw SlipwayException.invalidArgument("artifact_location", problem);
			});
		}
		this.experiments.findByName(name).ifPresent((existing) -> {
			throw alreadyExists(existing);
		});
		long id;
		try {
			id = this.experiments.insert(name, blankToNull(artifactLocation), this.clock.millis());
		}
		catch (DuplicateKeyException ex) {
			throw new SlipwayException(ErrorCode.ALREADY_EXISTS, "Experiment '" + name + "' already exists");
		}
		for (KeyValue tag : tags) {
			this.experiments.setTag(id, tag.key(), tag.value());
		}
		this.permissions.grantCreator(ResourceType.EXPERIMENT, id);
		return String.valueOf(id);
	}

	/** The experiment with this public id, deleted or not. */
	@PreAuthorize("@trackingAccess.experiment(#experimentId, 'READ')")
	public Experiment get(String experimentId) {
		ExperimentRow row = require(experimentId);
		return row.toDomain(this.experiments.tags(List.of(row.id())).getOrDefault(row.id(), List.of()));
	}

	/** The experiment with this name, deleted or not. */
	@PostAuthorize("@trackingAccess.experiment(returnObject.experimentId(), 'READ')")
	public Experiment getByName(String name) {
		if (name == null || name.isEmpty()) {
			throw SlipwayException.invalidArgument("experiment_name", "is required");
		}
		ExperimentRow row = this.experiments.findByName(name)
			.orElseThrow(() -> new SlipwayException(ErrorCode.NOT_FOUND,
					"Could not find experiment with name '" + name + "'"));
		return row.toDomain(this.experiments.tags(List.of(row.id())).getOrDefault(row.id(), List.of()));
	}

	/**
	 * The id of the experiment with this name, if there is one (deleted or not), for a
	 * caller that goes on to check its permission itself (a new pipeline's experiment).
	 */
	public java.util.Optional<Long> idByName(String name) {
		return this.experiments.findByName(name).map(ExperimentRow::id);
	}

	/**
	 * The name of the experiment with this id, if it exists, for a feature whose
	 * permissions are the experiment's (a pipeline shows its experiment's name).
	 */
	public java.util.Optional<String> nameOf(long id) {
		return this.experiments.findById(id).map(ExperimentRow::name);
	}

	/** Renames an experiment. */
	@Transactional
	@PreAuthorize("@trackingAccess.experiment(#experimentId, 'EDIT')")
	public void rename(String experimentId, String newName) {
		requireName("new_name", newName);
		ExperimentRow row = require(experimentId);
		if (!row.isActive()) {
			throw new SlipwayException(ErrorCode.INVALID_STATE,
					"Cannot rename a non-active experiment " + experimentId + "; restore it first");
		}
		if (newName.equals(row.name())) {
			return;
		}
		this.experiments.findByName(newName).ifPresent((existing) -> {
			throw alreadyExists(existing);
		});
		this.experiments.rename(row.id(), newName, this.clock.millis());
	}

	/** Marks an experiment and its runs deleted; restorable. */
	@Transactional
	@PreAuthorize("@trackingAccess.experiment(#experimentId, 'MANAGE')")
	public void delete(String experimentId) {
		ExperimentRow row = require(experimentId);
		if (row.id() == 0) {
			throw SlipwayException.invalidArgument("experiment_id", "the Default experiment cannot be deleted");
		}
		long now = this.clock.millis();
		this.experiments.setLifecycleStage(row.id(), "deleted", now);
		this.jdbc.sql(
				"UPDATE runs SET lifecycle_stage = 'deleted', deleted_time = ? WHERE experiment_id = ? AND lifecycle_stage = 'active'")
			.params(now, row.id())
			.update();
	}

	/** Restores a deleted experiment and the runs deleted with it. */
	@Transactional
	@PreAuthorize("@trackingAccess.experiment(#experimentId, 'MANAGE')")
	public void restore(String experimentId) {
		ExperimentRow row = require(experimentId);
		if (row.isActive()) {
			throw new SlipwayException(ErrorCode.INVALID_STATE,
					"Cannot restore experiment " + experimentId + ": it is not deleted");
		}
		this.experiments.setLifecycleStage(row.id(), "active", this.clock.millis());
		this.jdbc.sql(
				"UPDATE runs SET lifecycle_stage = 'active', deleted_time = NULL WHERE experiment_id = ? AND lifecycle_stage = 'deleted'")
			.param(row.id())
			.update();
	}

	/** Sets (or replaces) one experiment tag. */
	@Transactional
	@PreAuthorize("@trackingAccess.experiment(#experimentId, 'EDIT')")
	public void setTag(String experimentId, KeyValue tag) {
		validateTag(tag);
		ExperimentRow row = requireActive(experimentId);
		this.experiments.setTag(row.id(), tag.key(), tag.value());
	}

	/** Removes one experiment tag. */
	@Transactional
	@PreAuthorize("@trackingAccess.experiment(#experimentId, 'EDIT')")
	public void deleteTag(String experimentId, String key) {
		TrackingLimits.requireKey("key", key);
		ExperimentRow row = requireActive(experimentId);
		if (this.experiments.deleteTag(row.id(), key) == 0) {
			throw new SlipwayException(ErrorCode.NOT_FOUND,
					"No tag with name: " + key + " in experiment with id " + experimentId);
		}
	}

	/**
	 * One page of experiments matching an MLflow filter. A refused filter leaves a
	 * caller's read-only transaction usable (a page shows the refusal).
	 */
	@Transactional(readOnly = true, noRollbackFor = SlipwayException.class)
	@PreAuthorize("isAuthenticated()")
	public Page<Experiment> search(ViewType viewType, String filter, List<String> orderBy, Long maxResults,
			String pageToken) {
		int size = TrackingLimits.pageSize("max_results", maxResults, 1000, TrackingLimits.MAX_EXPERIMENTS_PAGE);
		long offset = PageToken.decode(pageToken);
		String readable = this.permissions.visibility().readableSql(ResourceType.EXPERIMENT, "e.id");
		SqlQuery query = ExperimentSearch.sql(viewType, filter, orderBy, offset, size + 1, readable);
		List<Long> ids = this.jdbc.sql(query.sql()).params(query.args()).query(Long.class).list();
		boolean more = ids.size() > size;
		List<Long> pageIds = more ? ids.subList(0, size) : ids;
		List<ExperimentRow> rows = this.experiments.findAll(pageIds);
		Map<Long, List<KeyValue>> tags = this.experiments.tags(pageIds);
		List<Experiment> items = rows.stream()
			.map((row) -> row.toDomain(tags.getOrDefault(row.id(), List.of())))
			.toList();
		return new Page<>(items, more ? PageToken.encode(offset + size) : null);
	}

	/** Resolves a public experiment id to its row; unknown ids are NOT_FOUND. */
	ExperimentRow require(String experimentId) {
		return this.experiments.findById(parseId(experimentId)).orElseThrow(() -> notFound(experimentId));
	}

	static SlipwayException notFound(String experimentId) {
		return new SlipwayException(ErrorCode.NOT_FOUND, "No Experiment with id=" + experimentId + " exists");
	}

	ExperimentRow requireActive(String experimentId) {
		ExperimentRow row = require(experimentId);
		if (!row.isActive()) {
			throw new SlipwayException(ErrorCode.INVALID_STATE,
					"The experiment " + experimentId + " must be in the 'active' state. Current state is deleted.");
		}
		return row;
	}

	/** The surrogate key behind a public experiment id. */
	static long parseId(String experimentId) {
		if (experimentId == null || experimentId.isEmpty()) {
			throw SlipwayException.invalidArgument("experiment_id", "is required");
		}
		try {
			long id = Long.parseLong(experimentId.trim());
			if (id < 0) {
				throw new NumberFormatException();
			}
			return id;
		}
		catch (NumberFormatException ex) {
			throw new SlipwayException(ErrorCode.NOT_FOUND,
					"No Experiment with id=" + TrackingLimits.abbreviate(experimentId) + " exists");
		}
	}

	private static void requireName(String field, String name) {
		if (name == null || name.isBlank()) {
			throw SlipwayException.invalidArgument(field, "experiment name must not be empty");
		}
		TrackingLimits.requireValue(field, name, TrackingLimits.MAX_EXPERIMENT_NAME_LENGTH);
	}

	private static void validateTag(KeyValue tag) {
		TrackingLimits.requireKey("key", tag.key());
		TrackingLimits.requireValue("value", tag.value(), TrackingLimits.MAX_EXPERIMENT_TAG_VALUE_LENGTH);
	}

	private static SlipwayException alreadyExists(ExperimentRow existing) {
		String state = existing.isActive() ? "" : " in deleted state";
		return new SlipwayException(ErrorCode.ALREADY_EXISTS,
				"Experiment '" + existing.name() + "' already exists" + state + ".");
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

}
