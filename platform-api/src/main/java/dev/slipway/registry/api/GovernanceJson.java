package dev.slipway.registry.api;

import java.util.List;
import java.util.Locale;

import dev.slipway.error.SlipwayException;
import dev.slipway.registry.PolicyRule;
import dev.slipway.registry.RequestStatus;
import dev.slipway.registry.RollbackPlan;
import dev.slipway.registry.TargetKind;
import dev.slipway.registry.TransitionRequest;
import dev.slipway.registry.VersionLineage;
import dev.slipway.registry.api.MlflowRegistryJson.ModelVersionJson;
import dev.slipway.security.Role;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The JSON of Slipway's native registry routes ({@code /api/v1/models/...},
 * {@code /api/v1/requests}, {@code /api/v1/audit}): snake_case, versions as strings as in
 * MLflow, and null fields kept so every answer has the same shape.
 */
final class GovernanceJson {

	private GovernanceJson() {
	}

	/** A transition request. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record RequestJson(long id, String modelName, String version, String targetKind, String target,
			boolean archiveExistingVersions, String comment, String requestedBy, long requestedAt, String status,
			String decidedBy, Long decidedAt, String decisionComment) {

		static RequestJson of(TransitionRequest request) {
			return new RequestJson(request.id(), request.modelName(), String.valueOf(request.version()),
					request.targetKind().name(), request.target(), request.archiveExisting(), request.comment(),
					request.requestedBy(), request.requestedAt(), request.status().name(), request.decidedBy(),
					request.decidedAt(), request.decisionComment());
		}

	}

	/** A model's requests. */
	record RequestsJson(List<RequestJson> requests) {
	}

	/** What a new request asks for. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record NewRequestJson(String version, String targetKind, String target, Boolean archiveExistingVersions,
			String comment) {
	}

	/** The comment of a decision. */
	record DecisionJson(String comment) {
	}

	/** One policy rule, in and out. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record RuleJson(String targetKind, String target, Boolean approvalRequired, Boolean separateApprover,
			String directRole) {

		static RuleJson of(PolicyRule rule) {
			return new RuleJson(rule.targetKind().name(), rule.target(), rule.approvalRequired(),
					rule.separateApprover(), (rule.directRole() != null) ? rule.directRole().name() : null);
		}

		/**
		 * The rule this JSON asks for: target kind and target and approval_required are
		 * required; separate_approver defaults to true (the safe side), direct_role to
		 * nobody.
		 */
		PolicyRule toRule() {
			if (this.approvalRequired == null) {
				throw SlipwayException.invalidArgument("approval_required", "is required");
			}
			Role role = (this.directRole == null || this.directRole.isBlank()) ? null
					: Role.parse("direct_role", this.directRole);
			return new PolicyRule(GovernanceJson.targetKind("target_kind", this.targetKind),
					GovernanceJson.required("target", this.target), this.approvalRequired,
					!Boolean.FALSE.equals(this.separateApprover), role);
		}

	}

	/** A model's policy. */
	record PolicyJson(List<RuleJson> rules) {

		static PolicyJson of(List<PolicyRule> rules) {
			return new PolicyJson(rules.stream().map(RuleJson::of).toList());
		}

	}

	/** What a rollback would do. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record RollbackPlanJson(String modelName, String targetKind, String target, String currentVersion,
			String restoredVersion) {

		static RollbackPlanJson of(RollbackPlan plan) {
			return new RollbackPlanJson(plan.modelName(), plan.targetKind().name(), plan.target(),
					(plan.current() != null) ? String.valueOf(plan.current()) : null, String.valueOf(plan.restored()));
		}

	}

	/** A rollback to do. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record RollbackJson(String targetKind, String target, String reason) {
	}

	/** The version a rollback put back. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record RolledBackJson(ModelVersionJson modelVersion) {
	}

	/** Where a version came from. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record LineageJson(ModelVersionJson modelVersion, RunJson run, LoggedModelJson loggedModel,
			List<DatasetJson> datasets, String gitCommit, String codeSource, Long pipelineRunId, String pipelineStep,
			List<MetricJson> metrics) {

		static LineageJson of(VersionLineage lineage) {
			VersionLineage.SourceRun run = lineage.run();
			VersionLineage.SourceModel model = lineage.loggedModel();
			return new LineageJson(ModelVersionJson.of(lineage.version()),
					(run != null) ? new RunJson(run.experimentId(), run.runId(), run.runName(), run.status(),
							run.artifactUri()) : null,
					(model != null) ? new LoggedModelJson(model.modelId(), model.name(), model.artifactLocation())
							: null,
					lineage.datasets()
						.stream()
						.map((d) -> new DatasetJson(d.name(), d.digest(), d.context(), d.experimentId()))
						.toList(),
					lineage.gitCommit(), lineage.codeSource(), lineage.pipelineRunId(), lineage.pipelineStep(),
					lineage.metrics().stream().map((m) -> new MetricJson(m.key(), m.value())).toList());
		}

	}

	/** The source run of a version. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record RunJson(String experimentId, String runId, String runName, String status, String artifactUri) {
	}

	/** The logged model behind a version. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record LoggedModelJson(String modelId, String name, String artifactLocation) {
	}

	/** A dataset the source run read. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record DatasetJson(String name, String digest, String context, String experimentId) {
	}

	/** A latest metric of the source run. */
	record MetricJson(String key, double value) {
	}

	/** A stage or alias kind, in any letter case. */
	static TargetKind targetKind(String field, String value) {
		String kind = required(field, value).trim().toUpperCase(Locale.ROOT);
		for (TargetKind candidate : TargetKind.values()) {
			if (candidate.name().equals(kind)) {
				return candidate;
			}
		}
		throw SlipwayException.invalidArgument(field, "'" + value + "' is not a target kind; use STAGE or ALIAS");
	}

	/** A request status, in any letter case; null when absent. */
	static RequestStatus status(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String status = value.trim().toUpperCase(Locale.ROOT);
		for (RequestStatus candidate : RequestStatus.values()) {
			if (candidate.name().equals(status)) {
				return candidate;
			}
		}
		throw SlipwayException.invalidArgument("status",
				"'" + value + "' is not a request status; use PENDING, APPROVED, REJECTED or CANCELLED");
	}

	/** A required text field. */
	static String required(String field, String value) {
		if (value == null || value.isBlank()) {
			throw SlipwayException.invalidArgument(field, "is required");
		}
		return value;
	}

}
