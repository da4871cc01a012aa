package dev.slipway.registry;

import java.util.List;

import dev.slipway.tracking.KeyValue;
import dev.slipway.tracking.Page;

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

	/** Creates a registered model; the creator gets MANAGE on it. */
	@Transactional
	@PreAuthorize("@registryAccess.canCreate()")
	public RegisteredModel createModel(String name, String description, List<KeyValue> tags) {
		throw pending();
	}

	/** The registered model with this name. */
	@PreAuthorize("@registryAccess.model(#name, 'READ')")
	public RegisteredModel getModel(String name) {
		throw pending();
	}

	/** Renames a registered model (one row changes). */
	@Transactional
	@PreAuthorize("@registryAccess.model(#name, 'MANAGE')")
	public RegisteredModel renameModel(String name, String newName) {
		throw pending();
	}

	/** Sets a registered model's description. */
	@Transactional
	@PreAuthorize("@registryAccess.model(#name, 'EDIT')")
	public RegisteredModel updateModel(String name, String description) {
		throw pending();
	}

	/** Deletes a registered model, its versions, aliases, requests and webhooks. */
	@Transactional
	@PreAuthorize("@registryAccess.model(#name, 'MANAGE')")
	public void deleteModel(String name) {
		throw pending();
	}

	/**
	 * One page of the registered models the caller can read that match an MLflow
	 * registered-model filter ({@code name LIKE 'fraud%' AND tags.team = 'risk'}).
	 */
	@PreAuthorize("isAuthenticated()")
	public Page<RegisteredModel> searchModels(String filter, int maxResults, List<String> orderBy, String pageToken) {
		throw pending();
	}

	/** The newest version in each of the stages (every stage when empty). */
	@PreAuthorize("@registryAccess.model(#name, 'READ')")
	public List<ModelVersion> latestVersions(String name, List<String> stages) {
		throw pending();
	}

	/** Sets a tag of a registered model. */
	@Transactional
	@PreAuthorize("@registryAccess.model(#name, 'EDIT')")
	public void setModelTag(String name, String key, String value) {
		throw pending();
	}

	/** Deletes a tag of a registered model. */
	@Transactional
	@PreAuthorize("@registryAccess.model(#name, 'EDIT')")
	public void deleteModelTag(String name, String key) {
		throw pending();
	}

	/** Points an alias at a version, moving it if it pointed elsewhere. */
	@Transactional
	@PreAuthorize("@registryAccess.model(#name, 'EDIT')")
	public void setAlias(String name, String alias, String version) {
		throw pending();
	}

	/** Removes an alias. */
	@Transactional
	@PreAuthorize("@registryAccess.model(#name, 'EDIT')")
	public void deleteAlias(String name, String alias) {
		throw pending();
	}

	/** The version an alias points at. */
	@PreAuthorize("@registryAccess.model(#name, 'READ')")
	public ModelVersion getByAlias(String name, String alias) {
		throw pending();
	}

	/**
	 * Creates the next version of a model. {@code source} is {@code runs:/<run>/<path>},
	 * {@code models:/<model_id>} (stored with the logged model's artifact location) or an
	 * artifact URI.
	 */
	@Transactional
	@PreAuthorize("@registryAccess.model(#name, 'EDIT')")
	public ModelVersion createVersion(String name, String source, String runId, List<KeyValue> tags, String runLink,
			String description, String modelId) {
		throw pending();
	}

	/** A model version by its number (a decimal string, as MLflow sends it). */
	@PreAuthorize("@registryAccess.model(#name, 'READ')")
	public ModelVersion getVersion(String name, String version) {
		throw pending();
	}

	/** Sets a version's description. */
	@Transactional
	@PreAuthorize("@registryAccess.model(#name, 'EDIT')")
	public ModelVersion updateVersion(String name, String version, String description) {
		throw pending();
	}

	/** Deletes a version: it disappears, with its aliases; its number is never reused. */
	@Transactional
	@PreAuthorize("@registryAccess.model(#name, 'EDIT')")
	public void deleteVersion(String name, String version) {
		throw pending();
	}

	/**
	 * Moves a version to a stage. With {@code archiveExisting} (only for Staging and
	 * Production) the other versions in that stage move to Archived.
	 */
	@Transactional
	@PreAuthorize("@registryAccess.model(#name, 'EDIT')")
	public ModelVersion transitionStage(String name, String version, String stage, boolean archiveExisting) {
		throw pending();
	}

	/**
	 * One page of the versions the caller can read that match an MLflow version filter.
	 */
	@PreAuthorize("isAuthenticated()")
	public Page<ModelVersion> searchVersions(String filter, int maxResults, List<String> orderBy, String pageToken) {
		throw pending();
	}

	/** Where a version's files download from. */
	@PreAuthorize("@registryAccess.model(#name, 'READ')")
	public String downloadUri(String name, String version) {
		throw pending();
	}

	/** Sets a tag of a version. */
	@Transactional
	@PreAuthorize("@registryAccess.model(#name, 'EDIT')")
	public void setVersionTag(String name, String version, String key, String value) {
		throw pending();
	}

	/** Deletes a tag of a version. */
	@Transactional
	@PreAuthorize("@registryAccess.model(#name, 'EDIT')")
	public void deleteVersionTag(String name, String version, String key) {
		throw pending();
	}

	/** Where a version came from: run, logged model, datasets, code, metrics. */
	@PreAuthorize("@registryAccess.model(#name, 'READ')")
	public VersionLineage lineage(String name, String version) {
		throw pending();
	}

	/** Every version of a model, newest first, at most {@code limit}. */
	@PreAuthorize("@registryAccess.model(#name, 'READ')")
	public List<ModelVersion> versions(String name, int limit) {
		throw pending();
	}

	private static UnsupportedOperationException pending() {
		return new UnsupportedOperationException("being written");
	}

}
