package dev.slipway.registry;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.query.KeyValue;
import dev.slipway.registry.RegistryRepository.ModelRow;
import dev.slipway.registry.RegistryRepository.VersionRow;
import dev.slipway.security.CurrentUser;
import dev.slipway.security.Role;
import dev.slipway.security.SlipwayPrincipal;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The registry's shared moves: locking a model, resolving a version, checking the policy,
 * and putting a version into a stage or under an alias. Direct transitions, approved
 * requests and rollbacks all go through {@link #applyStage} and {@link #applyAlias}, so
 * every path leaves the same record. Not a service: it runs inside the callers'
 * transactions.
 */
@Component
class Promotions {

	private static final Pattern ALIAS = Pattern.compile("[\\w\\-]+");

	private static final Pattern VERSION_LIKE = Pattern.compile("[vV]\\d+");

	private final RegistryRepository registry;

	private final GovernanceRepository governance;

	private final ApplicationEventPublisher events;

	private final RegistrySettings settings;

	private final Clock clock;

	Promotions(RegistryRepository registry, GovernanceRepository governance, ApplicationEventPublisher events,
			RegistrySettings settings, Clock clock) {
		this.registry = registry;
		this.governance = governance;
		this.events = events;
		this.settings = settings;
		this.clock = clock;
	}

	long now() {
		return this.clock.millis();
	}

	String actor() {
		return CurrentUser.require().username();
	}

	ModelRow model(String name) {
		return this.registry.findModel(requireName(name)).orElseThrow(() -> modelNotFound(name));
	}

	ModelRow lock(String name) {
		return this.registry.lockModel(requireName(name)).orElseThrow(() -> modelNotFound(name));
	}

	static SlipwayException modelNotFound(String name) {
		return SlipwayException.notFound("Registered model", name);
	}

	static String requireName(String name) {
		if (name == null || name.isBlank()) {
			throw SlipwayException.invalidArgument("name", "a registered model name is required");
		}
		return name;
	}

	VersionRow version(ModelRow model, String version) {
		int number = parseVersion(version);
		return this.registry.findVersion(model.id(), number)
			.orElseThrow(() -> new SlipwayException(ErrorCode.NOT_FOUND,
					"Model version '" + model.name() + "' version " + number + " does not exist"));
	}

	static int parseVersion(String version) {
		if (version == null || version.isBlank()) {
			throw SlipwayException.invalidArgument("version", "a version number is required");
		}
		try {
			int number = Integer.parseInt(version.trim());
			if (number < 1) {
				throw SlipwayException.invalidArgument("version", "'" + version + "' is not a version number");
			}
			return number;
		}
		catch (NumberFormatException ex) {
			throw SlipwayException.invalidArgument("version", "'" + version + "' is not a version number");
		}
	}

	/**
	 * MLflow's alias rule: 1 to 255 word characters or dashes, not {@code v<N>} or
	 * {@code latest}.
	 */
	static String validateAlias(String alias) {
		if (alias == null || alias.isEmpty()) {
			throw SlipwayException.invalidArgument("alias", "an alias is required");
		}
		if (alias.length() > 255 || !ALIAS.matcher(alias).matches()) {
			throw SlipwayException.invalidArgument("alias",
					"'" + alias + "' must be 1 to 255 letters, digits, '_' or '-'");
		}
		if (VERSION_LIKE.matcher(alias).matches() || alias.toLowerCase(Locale.ROOT).equals("latest")) {
			throw SlipwayException.invalidArgument("alias",
					"'" + alias + "' is reserved: aliases may not look like a version (v<N>) or be 'latest'");
		}
		return alias;
	}

	/** The target's canonical name: a stage's wire name, or a valid alias. */
	static String canonicalTarget(TargetKind kind, String target) {
		if (kind == null) {
			throw SlipwayException.invalidArgument("target_kind", "must be STAGE or ALIAS");
		}
		return (kind == TargetKind.STAGE) ? Stage.parse(target).wireName() : validateAlias(target);
	}

	// policy

	void insertDefaultPolicy(long modelId) {
		for (String stage : this.settings.approvalStages()) {
			if (!stage.isBlank()) {
				this.governance.putRule(modelId, new PolicyRule(TargetKind.STAGE, Stage.parse(stage).wireName(), true,
						this.settings.separateApprover(), this.settings.directRole()));
			}
		}
		for (String alias : this.settings.protectedAliases()) {
			if (!alias.isBlank()) {
				this.governance.putRule(modelId, new PolicyRule(TargetKind.ALIAS, validateAlias(alias.trim()), true,
						this.settings.separateApprover(), this.settings.directRole()));
			}
		}
	}

	Optional<PolicyRule> rule(long modelId, TargetKind kind, String target) {
		return this.governance.rule(modelId, kind, target);
	}

	/**
	 * Whether the caller may move versions into the target without a request: always when
	 * no rule asks for approval, else when their role reaches the rule's direct role.
	 */
	boolean mayDirect(long modelId, TargetKind kind, String target) {
		Optional<PolicyRule> rule = rule(modelId, kind, target);
		if (rule.isEmpty() || !rule.get().approvalRequired()) {
			return true;
		}
		Role direct = rule.get().directRole();
		SlipwayPrincipal caller = CurrentUser.require();
		return direct != null && caller.role().includes(direct);
	}

	void requireDirect(ModelRow model, TargetKind kind, String target) {
		if (!mayDirect(model.id(), kind, target)) {
			String what = (kind == TargetKind.STAGE) ? "Moving a version to " + target
					: "Changing the protected alias '" + target + "'";
			throw new SlipwayException(ErrorCode.PERMISSION_DENIED,
					what + " of '" + model.name() + "' needs an approved transition request "
							+ "(POST /api/v1/models/{name}/requests, or Request transition on the version page)");
		}
	}

	// moves

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
		String actor = actor();
		long now = now();
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
		String actor = actor();
		long now = now();
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
			if (this.governance.decide(request.id(), RequestStatus.CANCELLED, actor(), reason, now())) {
				publish(RegistryEventType.TRANSITION_CANCELLED, model, version.version(),
						state("status", RequestStatus.PENDING.name()), state("status", RequestStatus.CANCELLED.name(),
								"target_kind", request.kind().name(), "target", request.target()),
						request.id(), reason);
			}
		}
	}

	// events

	void publish(RegistryEventType type, ModelRow model, Integer version, Map<String, Object> before,
			Map<String, Object> after, Long requestId, String reason) {
		this.events.publishEvent(new RegistryEvent(UUID.randomUUID().toString(), type, now(), actor(), model.id(),
				model.name(), version, before, after, requestId, reason));
	}

	/** A small state map for an event; null values are kept (they mean "none"). */
	static Map<String, Object> state(Object... keysAndValues) {
		Map<String, Object> state = new LinkedHashMap<>();
		for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
			state.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return state;
	}

	// views

	List<ModelVersion> toVersions(List<VersionRow> rows) {
		List<Long> ids = rows.stream().map(VersionRow::id).toList();
		Map<Long, List<KeyValue>> tags = this.registry.versionTags(ids);
		Map<Long, List<String>> aliases = this.registry.versionAliases(ids);
		List<ModelVersion> versions = new ArrayList<>(rows.size());
		for (VersionRow row : rows) {
			versions
				.add(toVersion(row, tags.getOrDefault(row.id(), List.of()), aliases.getOrDefault(row.id(), List.of())));
		}
		return versions;
	}

	ModelVersion toVersion(VersionRow row) {
		return toVersions(List.of(row)).get(0);
	}

	static ModelVersion toVersion(VersionRow row, List<KeyValue> tags, List<String> aliases) {
		return new ModelVersion(row.id(), row.modelName(), row.version(), row.creationTime(), row.lastUpdatedTime(),
				row.userId(), row.stage(), row.description(), row.source(), row.storageLocation(), row.runUuid(),
				row.loggedModelUid(), row.runLink(), row.status(), row.statusMessage(), List.copyOf(tags),
				List.copyOf(aliases), row.stageChangedBy(), row.stageChangedAt());
	}

	List<RegisteredModel> toModels(List<ModelRow> rows) {
		Collection<Long> ids = rows.stream().map(ModelRow::id).toList();
		Map<Long, List<KeyValue>> tags = this.registry.modelTags(ids);
		Map<Long, List<ModelAlias>> aliases = this.registry.modelAliases(ids);
		Map<Long, List<VersionRow>> latest = this.registry.latestPerStage(ids);
		List<RegisteredModel> models = new ArrayList<>(rows.size());
		for (ModelRow row : rows) {
			models.add(new RegisteredModel(row.id(), row.name(), row.description(), row.creationTime(),
					row.lastUpdatedTime(), row.createdBy(), List.copyOf(tags.getOrDefault(row.id(), List.of())),
					List.copyOf(aliases.getOrDefault(row.id(), List.of())),
					toVersions(latest.getOrDefault(row.id(), List.of()))));
		}
		return models;
	}

}
