package dev.slipway.registry;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.registry.RegistryRepository.ModelRow;
import dev.slipway.registry.RegistryRepository.VersionRow;
import dev.slipway.security.Permission;
import dev.slipway.security.PermissionService;
import dev.slipway.security.ResourceType;
import dev.slipway.storage.SourceUris;
import dev.slipway.tracking.LoggedModel;
import dev.slipway.tracking.LoggedModelService;
import dev.slipway.tracking.TrackingAccess;
import dev.slipway.tracking.TrackingLineage;

import org.springframework.stereotype.Component;

/**
 * What a new model version's {@code source} names, checked before anything is written:
 * <ul>
 * <li>{@code runs:/<run_id>/<path>}: files of a run;</li>
 * <li>{@code models:/<model_id>}: a logged model of this server, whose artifact location
 * the version keeps;</li>
 * <li>{@code models:/<name>/<version>}: a copy of another version the caller may
 * read;</li>
 * <li>any other artifact store URI ({@code s3://}, {@code mlflow-artifacts:/}, ...).</li>
 * </ul>
 * Local paths and {@code file:} URIs are refused, and so is any source that, fully
 * percent-decoded, holds a {@code ..} segment or a NUL ({@link SourceUris}). The run may
 * be one this server does not track (a registry is often fed from elsewhere): it is
 * recorded as given; a run that is here must be readable by the caller.
 */
@Component
class ModelSources {

	private final RegistryRepository registry;

	private final ModelLocks locks;

	private final PermissionService permissions;

	private final LoggedModelService loggedModels;

	private final TrackingAccess trackingAccess;

	private final TrackingLineage trackingLineage;

	ModelSources(RegistryRepository registry, ModelLocks locks, PermissionService permissions,
			LoggedModelService loggedModels, TrackingAccess trackingAccess, TrackingLineage trackingLineage) {
		this.registry = registry;
		this.locks = locks;
		this.permissions = permissions;
		this.loggedModels = loggedModels;
		this.trackingAccess = trackingAccess;
		this.trackingLineage = trackingLineage;
	}

	/**
	 * A source resolved.
	 *
	 * @param runId the version's run (the one given, else the source's), or null
	 * @param runHere whether that run is tracked on this server
	 * @param modelId the logged model behind the version, or null
	 * @param modelHere whether that logged model is on this server
	 * @param storageLocation where the files are when that is not the source itself, or
	 * null
	 */
	record Resolved(String runId, boolean runHere, String modelId, boolean modelHere, String storageLocation) {
	}

	/**
	 * Resolves and checks a source with the request's optional {@code run_id} and
	 * {@code model_id}.
	 */
	Resolved resolve(String source, String runId, String modelId) {
		if (source == null || source.isBlank()) {
			throw SlipwayException.invalidArgument("source", "a source URI is required");
		}
		if (source.length() > RegistryLimits.MAX_URI_LENGTH) {
			throw SlipwayException.invalidArgument("source",
					"is " + source.length() + " characters; the limit is " + RegistryLimits.MAX_URI_LENGTH);
		}
		SourceUris.problem(source).ifPresent((problem) -> {
			throw invalidSource(source, problem);
		});
		if (source.startsWith("models:/")) {
			return resolveModelsUri(source, runId, modelId);
		}
		if (source.startsWith("runs:/")) {
			String rest = source.substring("runs:/".length());
			int slash = rest.indexOf('/');
			String sourceRun = (slash < 0) ? rest : rest.substring(0, slash);
			if (sourceRun.isEmpty()) {
				throw invalidSource(source, "it names no run (runs:/<run_id>/<path>)");
			}
			return withRun((runId != null) ? runId : sourceRun, modelId, null);
		}
		String scheme;
		try {
			String parsed = new URI(source).getScheme();
			scheme = (parsed != null) ? parsed.toLowerCase(Locale.ROOT) : "";
		}
		catch (Exception ex) {
			throw invalidSource(source, "it is not a URI");
		}
		// A one-letter scheme is a Windows drive (C:\models\...).
		if (scheme.isEmpty() || scheme.equals("file") || scheme.length() == 1) {
			throw invalidSource(source, "it is a local path; register from runs:/, models:/ or an artifact store URI");
		}
		return withRun(runId, modelId, null);
	}

	private Resolved resolveModelsUri(String source, String runId, String modelId) {
		String rest = source.substring("models:/".length());
		if (!rest.contains("/") && this.trackingLineage.loggedModelExists(rest)) {
			if (modelId != null && !modelId.equals(rest)) {
				throw SlipwayException.invalidArgument("model_id",
						"'" + modelId + "' differs from the model of the source '" + source + "'");
			}
			LoggedModel logged = this.loggedModels.get(rest, false);
			return withRun((runId != null) ? runId : logged.sourceRunId(), rest, logged.artifactUri());
		}
		int slash = rest.lastIndexOf('/');
		if (slash > 0) {
			Optional<ModelRow> other = this.registry.findModel(rest.substring(0, slash));
			if (other.isPresent()
					&& this.permissions.allows(ResourceType.REGISTERED_MODEL, other.get().id(), Permission.READ)) {
				VersionRow copied = this.locks.version(other.get(), rest.substring(slash + 1));
				return withRun((runId != null) ? runId : copied.runUuid(),
						(modelId != null) ? modelId : copied.loggedModelUid(),
						(copied.storageLocation() != null) ? copied.storageLocation() : copied.source());
			}
		}
		throw invalidSource(source,
				"it names no logged model (models:/<model_id>) or model version (models:/<name>/<version>)");
	}

	/**
	 * The run and logged model as recorded: one that is here must be readable by the
	 * caller; one that is not is kept as a reference to elsewhere.
	 */
	private Resolved withRun(String runId, String modelId, String storageLocation) {
		boolean runHere = runId != null && this.trackingLineage.runExists(runId);
		if (runHere && !this.trackingAccess.run(runId, "READ")) {
			throw new SlipwayException(ErrorCode.PERMISSION_DENIED, "You may not read run '" + runId + "'");
		}
		boolean modelHere = modelId != null && this.trackingLineage.loggedModelExists(modelId);
		if (modelHere && !this.trackingAccess.loggedModel(modelId, "READ")) {
			throw new SlipwayException(ErrorCode.PERMISSION_DENIED, "You may not read logged model '" + modelId + "'");
		}
		return new Resolved(runId, runHere, modelId, modelHere, storageLocation);
	}

	/** MLflow's wording, with the reason. */
	private static SlipwayException invalidSource(String source, String reason) {
		String shown = (source.length() <= 200) ? source : source.substring(0, 197) + "...";
		return new SlipwayException(ErrorCode.INVALID_ARGUMENT,
				"Invalid model version source: '" + shown.replace('\0', '?') + "': " + reason + ".");
	}

}
