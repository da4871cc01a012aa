package dev.slipway.registry.web;

import dev.slipway.registry.GovernanceService;
import dev.slipway.registry.RegistryAccess;
import dev.slipway.registry.TargetKind;
import dev.slipway.registry.TransitionRequest;
import dev.slipway.security.CurrentUser;
import dev.slipway.security.Role;
import dev.slipway.security.SlipwayPrincipal;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

/**
 * What the registry pages offer the caller, asked of the same access rules the services
 * enforce: pages hide what the caller cannot do, and refuse a confirmation for it.
 */
@Component
class RegistryPageRights {

	private final RegistryAccess access;

	private final GovernanceService governance;

	RegistryPageRights(RegistryAccess access, GovernanceService governance) {
		this.access = access;
		this.governance = governance;
	}

	/** Whether the caller may change the model and its versions. */
	boolean canEdit(String name) {
		return this.access.model(name, "EDIT");
	}

	/** Whether the caller may change the model's policy and webhooks. */
	boolean canManage(String name) {
		return this.access.model(name, "MANAGE");
	}

	/** Whether the caller may decide transition requests (MAINTAINER and up). */
	boolean canDecide() {
		return this.access.hasRole(Role.MAINTAINER);
	}

	/** Whether the caller may decide this request. */
	boolean canDecide(long requestId) {
		return this.access.canDecide(requestId);
	}

	/** Whether the caller may withdraw the request: its requester, or an admin. */
	boolean canCancel(TransitionRequest request) {
		return CurrentUser.find().map(request::cancellableBy).orElse(false);
	}

	/**
	 * Whether the caller may move versions of the model to the target without a request.
	 */
	boolean mayMoveDirectly(String name, TargetKind kind, String target) {
		return this.governance.mayTransitionDirectly(name, kind, target);
	}

	/**
	 * Whether the caller may roll the target back: MAINTAINERs, or who may move there
	 * directly.
	 */
	boolean canRollback(String name, TargetKind kind, String target) {
		return this.governance.mayRollback(name, kind, target);
	}

	/** The caller's user name. */
	String username() {
		return CurrentUser.find().map(SlipwayPrincipal::username).orElse(null);
	}

	/** Refuses the request (the 403 error page) unless {@code allowed}. */
	static void require(boolean allowed) {
		if (!allowed) {
			throw new AccessDeniedException("You may not do this");
		}
	}

}
