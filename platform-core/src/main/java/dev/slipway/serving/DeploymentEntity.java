package dev.slipway.serving;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * Row of {@code deployments}. Backends, the rollout plan and options are JSON read whole;
 * the {@code version} column makes concurrent changes fail instead of overwriting each
 * other. Never leaves the serving package's services.
 */
@Entity
@Table(name = "deployments")
class DeploymentEntity {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(name = "name", nullable = false, length = 63)
	private String name;

	@Column(name = "description", length = 5000)
	private String description;

	@Column(name = "model_id", nullable = false)
	private long modelId;

	@Column(name = "stable_version", nullable = false)
	private int stableVersion;

	@Column(name = "stable_backend", nullable = false, length = 10000)
	private String stableBackend;

	@Column(name = "candidate_version")
	private Integer candidateVersion;

	@Column(name = "candidate_backend", length = 10000)
	private String candidateBackend;

	@Column(name = "previous_version")
	private Integer previousVersion;

	@Column(name = "previous_backend", length = 10000)
	private String previousBackend;

	@Column(name = "rollout_json", length = 100000)
	private String rolloutJson;

	@Column(name = "options_json", nullable = false, length = 100000)
	private String optionsJson;

	@Column(name = "strategy", length = 16)
	private String strategy;

	@Column(name = "phase", nullable = false, length = 16)
	private String phase;

	@Column(name = "step_index", nullable = false)
	private int stepIndex;

	@Column(name = "weight", nullable = false)
	private int weight;

	@Column(name = "step_started_at")
	private Long stepStartedAt;

	@Column(name = "failed_checks", nullable = false)
	private int failedChecks;

	@Column(name = "last_checked_at")
	private Long lastCheckedAt;

	@Column(name = "message", length = 4000)
	private String message;

	@Column(name = "rollout_by", length = 256)
	private String rolloutBy;

	@Column(name = "created_by", nullable = false, length = 256)
	private String createdBy;

	@Column(name = "created_at", nullable = false)
	private long createdAt;

	@Column(name = "updated_at", nullable = false)
	private long updatedAt;

	@Version
	@Column(name = "version", nullable = false)
	private long version;

	protected DeploymentEntity() {
	}

	DeploymentEntity(String name, long modelId, int stableVersion, String stableBackend, String optionsJson,
			String createdBy, long now) {
		this.name = name;
		this.modelId = modelId;
		this.stableVersion = stableVersion;
		this.stableBackend = stableBackend;
		this.optionsJson = optionsJson;
		this.phase = DeploymentPhase.STABLE.name();
		this.createdBy = createdBy;
		this.createdAt = now;
		this.updatedAt = now;
	}

	Long id() {
		return this.id;
	}

	String name() {
		return this.name;
	}

	String description() {
		return this.description;
	}

	void description(String description) {
		this.description = description;
	}

	long modelId() {
		return this.modelId;
	}

	int stableVersion() {
		return this.stableVersion;
	}

	String stableBackend() {
		return this.stableBackend;
	}

	Integer candidateVersion() {
		return this.candidateVersion;
	}

	String candidateBackend() {
		return this.candidateBackend;
	}

	Integer previousVersion() {
		return this.previousVersion;
	}

	String previousBackend() {
		return this.previousBackend;
	}

	String rolloutJson() {
		return this.rolloutJson;
	}

	String optionsJson() {
		return this.optionsJson;
	}

	void optionsJson(String optionsJson) {
		this.optionsJson = optionsJson;
	}

	String strategy() {
		return this.strategy;
	}

	DeploymentPhase phase() {
		return DeploymentPhase.valueOf(this.phase);
	}

	int stepIndex() {
		return this.stepIndex;
	}

	int weight() {
		return this.weight;
	}

	Long stepStartedAt() {
		return this.stepStartedAt;
	}

	int failedChecks() {
		return this.failedChecks;
	}

	Long lastCheckedAt() {
		return this.lastCheckedAt;
	}

	String message() {
		return this.message;
	}

	String rolloutBy() {
		return this.rolloutBy;
	}

	String createdBy() {
		return this.createdBy;
	}

	long createdAt() {
		return this.createdAt;
	}

	long updatedAt() {
		return this.updatedAt;
	}

	long version() {
		return this.version;
	}

	/** Starts a rollout of a candidate. */
	void startRollout(int candidate, String backendJson, String planJson, Strategy strategy, int weight,
			DeploymentPhase phase, String by, long now, String message) {
		this.candidateVersion = candidate;
		this.candidateBackend = backendJson;
		this.rolloutJson = planJson;
		this.strategy = strategy.name();
		this.phase = phase.name();
		this.stepIndex = 0;
		this.weight = weight;
		this.stepStartedAt = now;
		this.failedChecks = 0;
		this.lastCheckedAt = now;
		this.rolloutBy = by;
		this.message = message;
		this.updatedAt = now;
	}

	/** Moves the rollout to a step. */
	void step(int index, int weight, DeploymentPhase phase, long now, String message) {
		this.stepIndex = index;
		this.weight = weight;
		this.phase = phase.name();
		this.stepStartedAt = now;
		this.message = message;
		this.updatedAt = now;
	}

	/** Changes the phase, keeping the split. */
	void phase(DeploymentPhase phase, long now, String message) {
		this.phase = phase.name();
		this.message = message;
		this.updatedAt = now;
	}

	/**
	 * Records a check; only a failed one counts as a change of the deployment
	 * ({@code updatedAt}).
	 */
	void checked(long now, boolean failed, String message) {
		this.lastCheckedAt = now;
		if (failed) {
			this.failedChecks++;
			this.updatedAt = now;
		}
		this.message = message;
	}

	/** Stops the rollout: all traffic to the stable version, the candidate kept. */
	void abort(long now, String message) {
		this.phase = DeploymentPhase.ABORTED.name();
		this.weight = 0;
		this.message = message;
		this.updatedAt = now;
	}

	/** Makes the candidate the stable version. */
	void promote(long now, String message) {
		this.previousVersion = this.stableVersion;
		this.previousBackend = this.stableBackend;
		this.stableVersion = this.candidateVersion;
		this.stableBackend = this.candidateBackend;
		clearRollout(now, message);
	}

	/** Puts the version stable before the last promotion back. */
	void rollBack(long now, String message) {
		int version = this.stableVersion;
		String backend = this.stableBackend;
		this.stableVersion = this.previousVersion;
		this.stableBackend = this.previousBackend;
		this.previousVersion = version;
		this.previousBackend = backend;
		clearRollout(now, message);
	}

	private void clearRollout(long now, String message) {
		this.candidateVersion = null;
		this.candidateBackend = null;
		this.phase = DeploymentPhase.STABLE.name();
		this.weight = 0;
		this.stepIndex = 0;
		this.stepStartedAt = null;
		this.failedChecks = 0;
		this.message = message;
		this.updatedAt = now;
	}

}
