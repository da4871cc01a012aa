package dev.slipway.registry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.slipway.error.SlipwayException;
import dev.slipway.registry.RegistryRepository.ModelRow;
import dev.slipway.registry.RegistryRepository.VersionRow;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The registry's moves: putting a version into a stage or under an alias, and cancelling
 * the requests of a version that goes away, each published as a {@link RegistryEvent}.
 * Direct transitions, approved requests and rollbacks all go through {@link #applyStage}
 * and {@link #applyAlias}, so every path leaves the same records. Not a service: it runs
 * inside the callers' transactions, after they took the model's lock
 * ({@link ModelLocks}).
 */
@Component
final class Promotions {

	private final RegistryRepository registry;

	private final GovernanceRepository governance;

	private final ApplicationEventPublisher events;

	private final ModelLocks locks;

	Promotions(RegistryRepository registry, GovernanceRepository governance, ApplicationEventPublisher events,
			ModelLocks locks) {
		this.registry = registry;
		this.governance = governance;
		this.events = events;
		this.locks = locks;
	}

	/**
	 * Moves the version to the stage; with {@code archiveExisting} the others in that
	 * stage go to Archived. Records a promotion when {@code recordPromotion} and the
	 * stage is Staging or Production.
	 */
	void applyStage(ModelRow model, VersionRow version, Stage target, boolean archiveExisting, Long requestId,
			String reason, boolean recordPromotion) {
		if (archiveExisting && target != Stage.STAGING && target != Stage.PRODUCTION) {
			throw SlipwayException.invalidArgument("archive_existing_versions",
					"may only be true when the target stage is Staging or Production, not " + target.wireName());
		}
		String actor = this.locks.actor();
		long now = this.locks.now();
		if (archiveExisting) {
			for (VersionRow other : this.registry.versionsInStage(model.id(), target)) {
				if (other.id() != version.id()) {
					this.registry.setStage(other.id(), Stage.ARCHIVED, actor, now);
					publish(RegistryEventType.STAGE_TRANSITIONED, model, other.version(),
							state("stage", other.stage().wireName()),
							state("stage", Stage.ARCHIVED.wireName(), "archived_by_version", version.version()),
							requestId, reason);
				}
			}
		}
		this.registry.setStage(version.id(), target, actor, now);
		this.registry.touchModel(model.id(), now);
		if (recordPromotion && (target == Stage.STAGING || target == Stage.PRODUCTION) && version.stage() != target) {
			this.registry.insertPromotion(model.id(), TargetKind.STAGE, target.wireName(), version.id(), actor, now);
		}
		publish(RegistryEventType.STAGE_TRANSITIONED, model, version.version(),
				state("stage", version.stage().wireName()),
				state("stage", target.wireName(), "archive_existing_versions", archiveExisting), requestId, reason);
	}

	/** Points the alias at the version; records a promotion when it moves. */
	void applyAlias(ModelRow model, String alias, VersionRow version, Long requestId, String reason,
			boolean recordPromotion) {
		String actor = this.locks.actor();
		long now = this.locks.now();
		Optional<Long> previous = this.registry.aliasTarget(model.id(), alias);
		Integer previousVersion = previous.flatMap(this.registry::findVersion).map(VersionRow::version).orElse(null);
		this.registry.setAlias(model.id(), alias, version.id(), actor, now);
		this.registry.touchModel(model.id(), now);
		if (recordPromotion && !previous.equals(Optional.of(version.id()))) {
			this.registry.insertPromotion(model.id(), TargetKind.ALIAS, alias, version.id(), actor, now);
		}
		publish(RegistryEventType.ALIAS_SET, model, version.version(),
				state("alias", alias, "version", previousVersion), state("alias", alias, "version", version.version()),
				requestId, reason);
	}

	/** Cancels the pending requests of a version that is going away. */
	void cancelPendingOf(VersionRow version, String reason) {
		ModelRow model = this.registry.findModel(version.modelId()).orElseThrow();
		for (GovernanceRepository.RequestRow request : this.governance.pendingOfVersion(version.id())) {
			if (this.governance.decide(request.id(), RequestStatus.CANCELLED, this.locks.actor(), reason,
					this.locks.now())) {
				publish(RegistryEventType.TRANSITION_CANCELLED, model, version.version(),
						state("status", RequestStatus.PENDING.name()), state("status", RequestStatus.CANCELLED.name(),
								"target_kind", request.kind().name(), "target", request.target()),
						request.id(), reason);
			}
		}
	}

	void publish(RegistryEventType type, ModelRow model, Integer version, Map<String, Object> before,
			Map<String, Object> after, Long requestId, String reason) {
		this.events.publishEvent(new RegistryEvent(UUID.randomUUID().toString(), type, this.locks.now(),
				this.locks.actor(), model.id(), model.name(), version, before, after, requestId, reason));
	}

	/** A small state map for an event; null values are kept (they mean "none"). */
	static Map<String, Object> state(Object... keysAndValues) {
		Map<String, Object> state = new LinkedHashMap<>();
		for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
			state.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return state;
	}

}
