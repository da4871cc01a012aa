package dev.slipway.registry;

import java.util.List;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Governance around promotions: each model's policy, transition requests and their
 * approval or rejection, and rollback. Every path into a stage or an alias (direct,
 * approved, rolled back) goes through the same code in {@link RegistryService} and leaves
 * the same audit record.
 */
@Service
@Transactional(readOnly = true)
public class GovernanceService {

	/** The most requests one listing returns. */
	public static final int MAX_REQUESTS = 500;

	/**
	 * Asks for a version to be moved to a stage or set under an alias, with a comment.
	 * Refused (INVALID_STATE) when an identical request is already pending.
	 */
	@Transactional
	@PreAuthorize("@registryAccess.model(#name, 'EDIT')")
	public TransitionRequest request(String name, String version, TargetKind kind, String target,
			boolean archiveExisting, String comment) {
		throw pending();
	}

	/** Approves a pending request and applies it, in one transaction. */
	@Transactional
	@PreAuthorize("@registryAccess.canDecide(#requestId)")
	public TransitionRequest approve(long requestId, String comment) {
		throw pending();
	}

	/** Rejects a pending request; nothing else changes. */
	@Transactional
	@PreAuthorize("@registryAccess.canDecide(#requestId)")
	public TransitionRequest reject(long requestId, String comment) {
		throw pending();
	}

	/** Withdraws a pending request; only its requester (or an admin) may. */
	@Transactional
	@PreAuthorize("@registryAccess.request(#requestId, 'READ')")
	public TransitionRequest cancel(long requestId, String comment) {
		throw pending();
	}

	/** One request. */
	@PreAuthorize("@registryAccess.request(#requestId, 'READ')")
	public TransitionRequest getRequest(long requestId) {
		throw pending();
	}

	/** A model's requests, newest first; {@code status} null for all. */
	@PreAuthorize("@registryAccess.model(#name, 'READ')")
	public List<TransitionRequest> requests(String name, RequestStatus status, int limit) {
		throw pending();
	}

	/** A model's policy rules. */
	@PreAuthorize("@registryAccess.model(#name, 'READ')")
	public List<PolicyRule> policy(String name) {
		throw pending();
	}

	/** Adds or replaces the rule for the rule's target. */
	@Transactional
	@PreAuthorize("@registryAccess.model(#name, 'MANAGE')")
	public List<PolicyRule> setPolicyRule(String name, PolicyRule rule) {
		throw pending();
	}

	/** Removes the rule for a target: it is then open to EDIT like any other. */
	@Transactional
	@PreAuthorize("@registryAccess.model(#name, 'MANAGE')")
	public List<PolicyRule> deletePolicyRule(String name, TargetKind kind, String target) {
		throw pending();
	}

	/** What a rollback of the stage or alias would do, without doing it. */
	@PreAuthorize("@registryAccess.model(#name, 'READ')")
	public RollbackPlan rollbackPlan(String name, TargetKind kind, String target) {
		throw pending();
	}

	/**
	 * Puts the previously promoted version back into the stage (archiving the current
	 * one) or back under the alias, with a reason. MAINTAINERs with READ, and whoever may
	 * move versions there directly, may roll back.
	 */
	@Transactional
	@PreAuthorize("@registryAccess.model(#name, 'READ')")
	public ModelVersion rollback(String name, TargetKind kind, String target, String reason) {
		throw pending();
	}

	/**
	 * Whether the caller may move a version of the model to the target without a request.
	 */
	@PreAuthorize("@registryAccess.model(#name, 'READ')")
	public boolean mayTransitionDirectly(String name, TargetKind kind, String target) {
		throw pending();
	}

	private static UnsupportedOperationException pending() {
		return new UnsupportedOperationException("being written");
	}

}
