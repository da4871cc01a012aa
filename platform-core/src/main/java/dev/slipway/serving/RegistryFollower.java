package dev.slipway.serving;

import java.util.Optional;

import dev.slipway.error.SlipwayException;
import dev.slipway.registry.GovernanceService;
import dev.slipway.registry.RegistryService;
import dev.slipway.registry.TargetKind;
import dev.slipway.registry.TransitionRequest;
import dev.slipway.security.ApiTokenService;
import dev.slipway.security.CurrentUser;
import dev.slipway.security.SlipwayPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves the registry after a promotion, through its governance: where the caller may move
 * the alias or stage directly it is moved; where a policy protects it, a transition
 * request is opened for an approver. Either way the outcome joins the deployment's
 * history.
 */
@Component
class RegistryFollower {

	private static final Logger log = LoggerFactory.getLogger(RegistryFollower.class);

	private final RegistryService registry;

	private final GovernanceService governance;

	private final ApiTokenService tokens;

	private final DeploymentRecorder recorder;

	private final TransactionTemplate newTransaction;

	RegistryFollower(RegistryService registry, GovernanceService governance, ApiTokenService tokens,
			DeploymentRecorder recorder, PlatformTransactionManager transactions) {
		this.newTransaction = new TransactionTemplate(transactions);
		this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.registry = registry;
		this.governance = governance;
		this.tokens = tokens;
		this.recorder = recorder;
	}

	@TransactionalEventListener
	void follow(CandidatePromoted promoted) {
		Optional<SlipwayPrincipal> actor = this.tokens.principalOf(promoted.actor());
		if (actor.isEmpty()) {
			this.recorder.note(promoted.deploymentId(), "slipway", "deployment.registry_not_moved",
					"the account " + promoted.actor() + " is gone or disabled");
			return;
		}
		if (promoted.alias() != null) {
			move(promoted, actor.get(), TargetKind.ALIAS, promoted.alias());
		}
		if (promoted.stage() != null) {
			move(promoted, actor.get(), TargetKind.STAGE, promoted.stage());
		}
	}

	private void move(CandidatePromoted promoted, SlipwayPrincipal actor, TargetKind kind, String target) {
		String version = Integer.toString(promoted.version());
		String what = ((kind == TargetKind.ALIAS) ? "alias " : "stage ") + target;
		try {
			// After commit the finished transaction's resources are still bound: the
			// registry's change needs a transaction of its own to be committed.
			String outcome = CurrentUser.runAs(actor, () -> this.newTransaction.execute((status) -> {
				if (this.governance.mayTransitionDirectly(promoted.model(), kind, target)) {
					if (kind == TargetKind.ALIAS) {
						this.registry.setAlias(promoted.model(), target, version);
					}
					else {
						this.registry.transitionStage(promoted.model(), version, target, true);
					}
					return "moved " + what + " to version " + version;
				}
				TransitionRequest request = this.governance.request(promoted.model(), version, kind, target, false,
						"Promoted by deployment rollout");
				return what + " is protected: opened transition request " + request.id() + " for approval";
			}));
			this.recorder.note(promoted.deploymentId(), promoted.actor(), "deployment.registry_followed", outcome);
		}
		catch (SlipwayException ex) {
			log.info("Deployment {} could not move the {}: {}", promoted.deploymentId(), what, ex.getMessage());
			this.recorder.note(promoted.deploymentId(), promoted.actor(), "deployment.registry_not_moved",
					"could not move the " + what + ": " + ex.getMessage());
		}
	}

}
