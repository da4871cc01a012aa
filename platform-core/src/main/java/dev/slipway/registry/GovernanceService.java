package dev.slipway.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.registry.GovernanceRepository.RequestRow;
import dev.slipway.registry.RegistryRepository.ModelRow;
import dev.slipway.registry.RegistryRepository.PromotionRow;
import dev.slipway.registry.RegistryRepository.VersionRow;
import dev.slipway.security.CurrentUser;
import dev.slipway.security.Role;
import dev.slipway.security.SlipwayPrincipal;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Governance around promotions: each model's policy, transition requests and their
 * approval or rejection, and rollback. Every path into a stage or an alias (direct,
 * approved, rolled back) goes through the same code as {@link RegistryService} and leaves
 * the same audit record.
 */
@Service
@Transactional(readOnly = true)
public class GovernanceService {

	/** The most requests one listing returns. */
	public static final int MAX_REQUESTS = 500;

	/** The most pending requests a model may have at once. */
	static final int MAX_PENDING = 100;

	/** The most policy rules a model may have. */
	static final int MAX_RULES = 50;

	/** The longest comment or reason. */
	static final int MAX_COMMENT_LENGTH = 5000;

	private final RegistryRepository registry;

	private final GovernanceRepository governance;

	private final Promotions promotions;

	private final ModelLocks locks;

	private final RegistryPolicy policy;

	private final RegistryViews views;

	private final RegistryAccess access;

	GovernanceService(RegistryRepository registry, GovernanceRepository governance, Promotions promotions,
			ModelLocks locks, RegistryPolicy policy, RegistryViews views, RegistryAccess access) {
		this.registry = registry;
		this.governance = governance;
		this.promotions = promotions;
		this.locks = locks;
		this.policy = policy;
		this.views = views;
		this.access = access;
	}

	/**
	 * Asks for a version to be moved to a stage or set under an alias, with a comment.
	 * Refused (INVALID_STATE) when an identical request is already pending or the version
	 * is already there.
	 */
	@Transactional
	@PreAuthorize("@registryAccess.model(#name, 'EDIT')")
	public TransitionRequest request(String name, String version, TargetKind kind, String target,
			boolean archiveExisting, String comment) {
		String canonical = RegistryNames.canonicalTarget(kind, target);
		checkComment("comment", comment);
		ModelRow model = this.locks.lock(name);
		VersionRow row = this.locks.version(model, version);
		if (archiveExisting && (kind != TargetKind.STAGE
				|| !(canonical.equals(Stage.STAGING.wireName()) || canonical.equals(Stage.PRODUCTION.wireName())))) {
			throw SlipwayException.invalidArgument("archive_existing_versions",
					"may only be true when the target is the stage Staging or Production");
		}
		if (isAlreadyThere(model, row, kind, canonical)) {
			throw new SlipwayException(ErrorCode.INVALID_STATE,
					"Version " + row.version() + " of '" + model.name() + "' is already " + describe(kind, canonical));
		}
		if (this.governance.pendingExists(row.id(), kind, canonical)) {
			throw new SlipwayException(ErrorCode.INVALID_STATE, "A request to move version " + row.version() + " of '"
					+ model.name() + "' " + describeTarget(kind, canonical) + " is already pending");
		}
		if (this.governance.countPending(model.id()) >= MAX_PENDING) {
			throw new SlipwayException(ErrorCode.INVALID_STATE,
					"'" + model.name() + "' already has " + MAX_PENDING + " pending requests; decide some first");
		}
		long id = this.governance.insertRequest(model.id(), row.id(), kind, canonical, archiveExisting,
				blankToNull(comment), this.locks.actor(), this.locks.now());
		this.promotions.publish(RegistryEventType.TRANSITION_REQUESTED, model, row.version(),
				current(model, row, kind, canonical), Promotions.state("target_kind", kind.name(), "target", canonical,
						"archive_existing_versions", archiveExisting, "status", RequestStatus.PENDING.name()),
				id, blankToNull(comment));
		return requireRequest(id).toRequest();
	}

	/** Approves a pending request and applies it, in one transaction. */
	@Transactional
	@PreAuthorize("@registryAccess.canDecide(#requestId)")
	public TransitionRequest approve(long requestId, String comment) {
		checkComment("comment", comment);
		RequestRow request = lockPending(requestId);
		ModelRow model = this.registry.findModel(request.modelId()).orElseThrow();
		SlipwayPrincipal caller = CurrentUser.require();
		boolean separate = this.policy.rule(model.id(), request.kind(), request.target())
			.map(PolicyRule::separateApprover)
			.orElse(false);
		if (separate && caller.username().equals(request.requestedBy())) {
			throw new SlipwayException(ErrorCode.PERMISSION_DENIED,
					"The policy of '" + model.name() + "' needs someone other than the requester to approve "
							+ describeTarget(request.kind(), request.target()));
		}
		VersionRow version = this.registry.findVersion(request.versionId())
			.orElseThrow(() -> new SlipwayException(ErrorCode.INVALID_STATE,
					"Version " + request.version() + " of '" + model.name() + "' no longer exists"));
		this.governance.decide(requestId, RequestStatus.APPROVED, caller.username(), blankToNull(comment),
				this.locks.now());
		this.promotions.publish(RegistryEventType.TRANSITION_APPROVED, model, version.version(),
				Promotions.state("status", RequestStatus.PENDING.name()),
				Promotions.state("status", RequestStatus.APPROVED.name(), "target_kind", request.kind().name(),
						"target", request.target(), "requested_by", request.requestedBy()),
				requestId, blankToNull(comment));
		if (request.kind() == TargetKind.STAGE) {
			this.promotions.applyStage(model, version, Stage.parse(request.target()), request.archiveExisting(),
					requestId, blankToNull(comment), true);
		}
		else {
			this.promotions.applyAlias(model, request.target(), version, requestId, blankToNull(comment), true);
		}
		return requireRequest(requestId).toRequest();
	}

	/** Rejects a pending request; nothing else changes. */
	@Transactional
	@PreAuthorize("@registryAccess.canDecide(#requestId)")
	public TransitionRequest reject(long requestId, String comment) {
		checkComment("comment", comment);
		RequestRow request = lockPending(requestId);
		ModelRow model = this.registry.findModel(request.modelId()).orElseThrow();
		this.governance.decide(requestId, RequestStatus.REJECTED, this.locks.actor(), blankToNull(comment),
				this.locks.now());
		this.promotions.publish(RegistryEventType.TRANSITION_REJECTED, model, request.version(),
				Promotions.state("status", RequestStatus.PENDING.name()),
				Promotions.state("status", RequestStatus.REJECTED.name(), "target_kind", request.kind().name(),
						"target", request.target(), "requested_by", request.requestedBy()),
				requestId, blankToNull(comment));
		return requireRequest(requestId).toRequest();
	}

	/** Withdraws a pending request; only its requester (or an admin) may. */
	@Transactional
	@PreAuthorize("@registryAccess.request(#requestId, 'READ')")
	public TransitionRequest cancel(long requestId, String comment) {
		checkComment("comment", comment);
		RequestRow request = lockPending(requestId);
		SlipwayPrincipal caller = CurrentUser.require();
		if (!request.toRequest().cancellableBy(caller)) {
			throw new SlipwayException(ErrorCode.PERMISSION_DENIED,
					"Only the requester or an admin may cancel request " + requestId);
		}
		ModelRow model = this.registry.findModel(request.modelId()).orElseThrow();
		this.governance.decide(requestId, RequestStatus.CANCELLED, caller.username(), blankToNull(comment),
				this.locks.now());
		this.promotions.publish(RegistryEventType.TRANSITION_CANCELLED, model, request.version(),
				Promotions.state("status", RequestStatus.PENDING.name()),
				Promotions.state("status", RequestStatus.CANCELLED.name(), "target_kind", request.kind().name(),
						"target", request.target()),
				requestId, blankToNull(comment));
		return requireRequest(requestId).toRequest();
	}

	/** One request. */
	@PreAuthorize("@registryAccess.request(#requestId, 'READ')")
	public TransitionRequest getRequest(long requestId) {
		return requireRequest(requestId).toRequest();
	}

	/** A model's requests, newest first; {@code status} null for all. */
	@PreAuthorize("@registryAccess.model(#name, 'READ')")
	public List<TransitionRequest> requests(String name, RequestStatus status, int limit) {
		if (limit < 1 || limit > MAX_REQUESTS) {
			throw SlipwayException.invalidArgument("max_results", "must be between 1 and " + MAX_REQUESTS);
		}
		ModelRow model = this.locks.model(name);
		return this.governance.requests(model.id(), status, limit).stream().map(RequestRow::toRequest).toList();
	}

	/** A model's policy rules. */
	@PreAuthorize("@registryAccess.model(#name, 'READ')")
	public List<PolicyRule> policy(String name) {
		return this.governance.rules(this.locks.model(name).id());
	}

	/** Adds or replaces the rule for the rule's target. */
	@Transactional
	@PreAuthorize("@registryAccess.model(#name, 'MANAGE')")
	public List<PolicyRule> setPolicyRule(String name, PolicyRule rule) {
		if (rule == null) {
			throw SlipwayException.invalidArgument("rule", "a rule is required");
		}
		String target = RegistryNames.canonicalTarget(rule.targetKind(), rule.target());
		if (rule.targetKind() == TargetKind.STAGE && target.equals(Stage.NONE.wireName())) {
			throw SlipwayException.invalidArgument("target", "the stage None cannot be put under a rule");
		}
		PolicyRule canonical = new PolicyRule(rule.targetKind(), target, rule.approvalRequired(),
				rule.separateApprover(), rule.directRole());
		ModelRow model = this.locks.lock(name);
		PolicyRule before = this.governance.rule(model.id(), rule.targetKind(), target).orElse(null);
		if (before == null && this.governance.countRules(model.id()) >= MAX_RULES) {
			throw SlipwayException.invalidArgument("rule", "a model has at most " + MAX_RULES + " rules");
		}
		this.governance.putRule(model.id(), canonical);
		this.promotions.publish(RegistryEventType.POLICY_CHANGED, model, null, ruleState(before), ruleState(canonical),
				null, null);
		return this.governance.rules(model.id());
	}

	/** Removes the rule for a target: it is then open to EDIT like any other. */
	@Transactional
	@PreAuthorize("@registryAccess.model(#name, 'MANAGE')")
	public List<PolicyRule> deletePolicyRule(String name, TargetKind kind, String target) {
		String canonical = RegistryNames.canonicalTarget(kind, target);
		ModelRow model = this.locks.lock(name);
		PolicyRule before = this.governance.rule(model.id(), kind, canonical)
			.orElseThrow(() -> SlipwayException.notFound("Policy rule of '" + name + "'", kind + " " + canonical));
		this.governance.deleteRule(model.id(), kind, canonical);
		this.promotions.publish(RegistryEventType.POLICY_CHANGED, model, null, ruleState(before),
				Promotions.state("target_kind", kind.name(), "target", canonical, "rule", null), null, null);
		return this.governance.rules(model.id());
	}

	/**
	 * The rollbacks a model offers: of Production and of each of {@code aliases}, where
	 * an earlier version was there to go back to (the others are left out).
	 */
	@PreAuthorize("@registryAccess.model(#name, 'READ')")
	public List<RollbackPlan> rollbackPlans(String name, List<String> aliases) {
		ModelRow model = this.locks.model(name);
		List<RollbackPlan> plans = new ArrayList<>();
		List<Map.Entry<TargetKind, String>> targets = new ArrayList<>();
		targets.add(Map.entry(TargetKind.STAGE, Stage.PRODUCTION.wireName()));
		aliases.forEach((alias) -> targets.add(Map.entry(TargetKind.ALIAS, alias)));
		for (Map.Entry<TargetKind, String> target : targets) {
			try {
				String canonical = RegistryNames.canonicalTarget(target.getKey(), target.getValue());
				Plan plan = plan(model, target.getKey(), canonical);
				plans.add(new RollbackPlan(model.name(), target.getKey(), canonical, plan.current(),
						plan.restored().version()));
			}
			catch (SlipwayException ex) {
				// Nothing promoted there before: nothing to roll back to. Caught inside
				// the
				// bean, so the caller's transaction is not marked for rollback.
			}
		}
		return plans;
	}

	/** What a rollback of the stage or alias would do, without doing it. */
	@PreAuthorize("@registryAccess.model(#name, 'READ')")
	public RollbackPlan rollbackPlan(String name, TargetKind kind, String target) {
		String canonical = RegistryNames.canonicalTarget(kind, target);
		ModelRow model = this.locks.model(name);
		Plan plan = plan(model, kind, canonical);
		return new RollbackPlan(model.name(), kind, canonical, plan.current(), plan.restored().version());
	}

	/**
	 * Puts the previously promoted version back into the stage (archiving the current
	 * one) or back under the alias, with a reason. MAINTAINERs with READ, and whoever may
	 * move versions there directly, may roll back.
	 */
	@Transactional
	@PreAuthorize("@registryAccess.model(#name, 'READ')")
	public ModelVersion rollback(String name, TargetKind kind, String target, String reason) {
		String canonical = RegistryNames.canonicalTarget(kind, target);
		if (reason == null || reason.isBlank()) {
			throw SlipwayException.invalidArgument("reason", "a rollback needs a reason");
		}
		checkComment("reason", reason);
		ModelRow model = this.locks.lock(name);
		if (!mayRollback(model, kind, canonical)) {
			throw new SlipwayException(ErrorCode.PERMISSION_DENIED,
					"Rolling back " + describe(kind, canonical) + " of '" + model.name()
							+ "' needs the MAINTAINER role or the right to move versions there directly");
		}
		Plan plan = plan(model, kind, canonical);
		this.registry.markRolledBack(plan.rolledBack());
		VersionRow restored = plan.restored();
		if (kind == TargetKind.STAGE) {
			this.promotions.applyStage(model, restored, Stage.parse(canonical), true, null, reason, false);
		}
		else {
			this.promotions.applyAlias(model, canonical, restored, null, reason, false);
		}
		this.promotions.publish(RegistryEventType.ROLLED_BACK, model, restored.version(),
				Promotions.state("target_kind", kind.name(), "target", canonical, "version", plan.current()),
				Promotions.state("target_kind", kind.name(), "target", canonical, "version", restored.version()), null,
				reason);
		return this.views.toVersion(this.registry.findVersion(restored.id()).orElseThrow());
	}

	/**
	 * Whether the caller may roll the target back: MAINTAINERs and up, and whoever may
	 * move versions there directly.
	 */
	@PreAuthorize("@registryAccess.model(#name, 'READ')")
	public boolean mayRollback(String name, TargetKind kind, String target) {
		return mayRollback(this.locks.model(name), kind, RegistryNames.canonicalTarget(kind, target));
	}

	private boolean mayRollback(ModelRow model, TargetKind kind, String target) {
		return CurrentUser.require().role().includes(Role.MAINTAINER) || mayDirect(model, kind, target);
	}

	private boolean mayDirect(ModelRow model, TargetKind kind, String target) {
		return this.access.modelById(model.id(), "EDIT") && this.policy.mayDirect(model.id(), kind, target);
	}

	/**
	 * Whether the caller may move a version of the model to the target without a request.
	 */
	@PreAuthorize("@registryAccess.model(#name, 'READ')")
	public boolean mayTransitionDirectly(String name, TargetKind kind, String target) {
		return mayDirect(this.locks.model(name), kind, RegistryNames.canonicalTarget(kind, target));
	}

	// rollback planning

	private record Plan(Integer current, VersionRow restored, List<Long> rolledBack) {
	}

	/**
	 * Walks the target's promotions back from the newest: the ones of the version there
	 * now are rolled back, and the first one of another version is restored.
	 */
	private Plan plan(ModelRow model, TargetKind kind, String target) {
		Integer current = currentVersion(model, kind, target);
		List<Long> rolledBack = new ArrayList<>();
		for (PromotionRow promotion : this.registry.promotions(model.id(), kind, target)) {
			if (current != null && promotion.version() == current) {
				rolledBack.add(promotion.id());
				continue;
			}
			VersionRow restored = this.registry.findVersion(promotion.versionId()).orElse(null);
			if (restored != null) {
				return new Plan(current, restored, rolledBack);
			}
		}
		throw new SlipwayException(ErrorCode.INVALID_STATE, "'" + model.name() + "' has no earlier version "
				+ describeTarget(kind, target).replace("to ", "in ") + " to roll back to");
	}

	private Integer currentVersion(ModelRow model, TargetKind kind, String target) {
		if (kind == TargetKind.ALIAS) {
			return this.registry.aliasTarget(model.id(), target)
				.flatMap(this.registry::findVersion)
				.map(VersionRow::version)
				.orElse(null);
		}
		List<VersionRow> inStage = this.registry.versionsInStage(model.id(), Stage.parse(target));
		return inStage.isEmpty() ? null : inStage.get(inStage.size() - 1).version();
	}

	// helpers

	private RequestRow lockPending(long requestId) {
		RequestRow unlocked = requireRequest(requestId);
		// Lock order: the model first, as every other registry write does.
		this.registry.lockModel(unlocked.modelId());
		RequestRow request = requireRequest(requestId);
		if (request.status() != RequestStatus.PENDING) {
			throw new SlipwayException(ErrorCode.INVALID_STATE,
					"Request " + requestId + " is already " + request.status().name().toLowerCase());
		}
		return request;
	}

	private RequestRow requireRequest(long requestId) {
		return this.governance.findRequest(requestId)
			.orElseThrow(() -> SlipwayException.notFound("Transition request", requestId));
	}

	private boolean isAlreadyThere(ModelRow model, VersionRow version, TargetKind kind, String target) {
		if (kind == TargetKind.STAGE) {
			return version.stage().wireName().equals(target);
		}
		return this.registry.aliasTarget(model.id(), target).map((id) -> id == version.id()).orElse(false);
	}

	private java.util.Map<String, Object> current(ModelRow model, VersionRow version, TargetKind kind, String target) {
		if (kind == TargetKind.STAGE) {
			return Promotions.state("stage", version.stage().wireName());
		}
		return Promotions.state("alias", target, "version",
				this.registry.aliasTarget(model.id(), target)
					.flatMap(this.registry::findVersion)
					.map(VersionRow::version)
					.orElse(null));
	}

	private static java.util.Map<String, Object> ruleState(PolicyRule rule) {
		if (rule == null) {
			return Promotions.state();
		}
		return Promotions.state("target_kind", rule.targetKind().name(), "target", rule.target(), "approval_required",
				rule.approvalRequired(), "separate_approver", rule.separateApprover(), "direct_role",
				(rule.directRole() != null) ? rule.directRole().name() : null);
	}

	private static String describe(TargetKind kind, String target) {
		return (kind == TargetKind.STAGE) ? "in " + target : "under the alias '" + target + "'";
	}

	private static String describeTarget(TargetKind kind, String target) {
		return (kind == TargetKind.STAGE) ? "to " + target : "to the alias '" + target + "'";
	}

	private static void checkComment(String field, String comment) {
		if (comment != null && comment.length() > MAX_COMMENT_LENGTH) {
			throw SlipwayException.invalidArgument(field, "at most " + MAX_COMMENT_LENGTH + " characters");
		}
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

}
