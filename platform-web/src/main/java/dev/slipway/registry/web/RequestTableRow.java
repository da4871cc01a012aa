package dev.slipway.registry.web;

import dev.slipway.registry.RequestStatus;
import dev.slipway.registry.TargetKind;
import dev.slipway.registry.TransitionRequest;

/**
 * A transition request as the registry pages list it.
 *
 * @param request the request
 * @param target what it asks for, as text ({@code stage Production},
 * {@code alias champion})
 * @param requested when it was made, as text
 * @param decided when it was decided, as text, empty while pending
 * @param versionHref the version's page
 * @param canDecide whether the caller may approve or reject it
 * @param canCancel whether the caller may withdraw it
 */
record RequestTableRow(TransitionRequest request, String target, String requested, String decided, String versionHref,
		boolean canDecide, boolean canCancel) {

	static RequestTableRow of(TransitionRequest request, boolean canDecide, boolean canCancel) {
		return new RequestTableRow(request, target(request.targetKind(), request.target()),
				RegistryPaths.time(request.requestedAt()), RegistryPaths.time(request.decidedAt()),
				RegistryPaths.version(request.modelName(), request.version()),
				canDecide && request.status() == RequestStatus.PENDING, canCancel);
	}

	/** A stage or alias as a sentence names it. */
	static String target(TargetKind kind, String target) {
		return ((kind == TargetKind.ALIAS) ? "alias " : "stage ") + target;
	}

	/** The CSS classes of the status badge. */
	public String statusClass() {
		return "badge request-" + this.request.status().name().toLowerCase(java.util.Locale.ROOT);
	}

}
