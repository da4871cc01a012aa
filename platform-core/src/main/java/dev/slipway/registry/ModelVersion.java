package dev.slipway.registry;

import java.util.List;

import dev.slipway.query.KeyValue;

/**
 * A model version as MLflow shows it, plus who last changed its stage.
 *
 * @param id the surrogate key
 * @param name the registered model's name
 * @param version the version number, from 1
 * @param creationTime epoch milliseconds
 * @param lastUpdatedTime epoch milliseconds
 * @param userId who registered it
 * @param stage the current stage
 * @param description the description, or null
 * @param source the source URI as given
 * @param storageLocation where the files are when it differs from the source, or null
 * @param runId the source run's id, or null
 * @param modelId the logged model's id, or null
 * @param runLink the run link as given, or null
 * @param status {@code READY}, {@code PENDING_REGISTRATION} or
 * {@code FAILED_REGISTRATION}
 * @param statusMessage the status message, or null
 * @param tags the tags, by key
 * @param aliases the aliases pointing at this version
 * @param stageChangedBy who moved it into its current stage, or null
 * @param stageChangedAt when, or null
 */
public record ModelVersion(long id, String name, int version, long creationTime, long lastUpdatedTime, String userId,
		Stage stage, String description, String source, String storageLocation, String runId, String modelId,
		String runLink, String status, String statusMessage, List<KeyValue> tags, List<String> aliases,
		String stageChangedBy, Long stageChangedAt) {

	/** The URI the files download from: the storage location, else the source. */
	public String downloadUri() {
		return (this.storageLocation != null) ? this.storageLocation : this.source;
	}

}
