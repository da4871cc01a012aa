package dev.slipway.monitoring;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * Row of {@code monitors}. The schema and drift settings are JSON read whole; the
 * {@code version} column makes concurrent changes fail instead of overwriting each other.
 * Never leaves {@link MonitorService}.
 */
@Entity
@Table(name = "monitors")
class MonitorEntity {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(name = "model_id", nullable = false)
	private long modelId;

	@Column(name = "model_version")
	private Integer modelVersion;

	@Column(name = "name", nullable = false, length = 250)
	private String name;

	@Column(name = "description", length = 5000)
	private String description;

	@Column(name = "schema_json", nullable = false, length = 200000)
	private String schemaJson;

	@Column(name = "settings_json", nullable = false, length = 200000)
	private String settingsJson;

	@Column(name = "window_unit", nullable = false, length = 8)
	private String windowUnit;

	@Column(name = "time_zone", nullable = false, length = 64)
	private String timeZone;

	@Column(name = "reference_generation", nullable = false)
	private long referenceGeneration;

	@Column(name = "reference_source", length = 2000)
	private String referenceSource;

	@Column(name = "reference_rows")
	private Long referenceRows;

	@Column(name = "reference_set_at")
	private Long referenceSetAt;

	@Column(name = "created_by", nullable = false, length = 256)
	private String createdBy;

	@Column(name = "created_at", nullable = false)
	private long createdAt;

	@Column(name = "updated_at", nullable = false)
	private long updatedAt;

	@Version
	@Column(name = "version", nullable = false)
	private long version;

	protected MonitorEntity() {
	}

	MonitorEntity(long modelId, Integer modelVersion, String name, String createdBy, long now) {
		this.modelId = modelId;
		this.modelVersion = modelVersion;
		this.name = name;
		this.createdBy = createdBy;
		this.createdAt = now;
		this.updatedAt = now;
	}

	Long id() {
		return this.id;
	}

	long modelId() {
		return this.modelId;
	}

	Integer modelVersion() {
		return this.modelVersion;
	}

	String name() {
		return this.name;
	}

	String description() {
		return this.description;
	}

	String schemaJson() {
		return this.schemaJson;
	}

	String settingsJson() {
		return this.settingsJson;
	}

	String windowUnit() {
		return this.windowUnit;
	}

	String timeZone() {
		return this.timeZone;
	}

	long referenceGeneration() {
		return this.referenceGeneration;
	}

	String referenceSource() {
		return this.referenceSource;
	}

	Long referenceRows() {
		return this.referenceRows;
	}

	Long referenceSetAt() {
		return this.referenceSetAt;
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

	void describe(String description, long now) {
		this.description = description;
		this.updatedAt = now;
	}

	void configure(String schemaJson, String settingsJson, WindowUnit unit, String timeZone, long now) {
		this.schemaJson = schemaJson;
		this.settingsJson = settingsJson;
		this.windowUnit = unit.name();
		this.timeZone = timeZone;
		this.updatedAt = now;
	}

	void settings(String settingsJson, long now) {
		this.settingsJson = settingsJson;
		this.updatedAt = now;
	}

	/** Starts a new reference generation and answers it. */
	long newReference(String source, long rows, long now) {
		this.referenceGeneration++;
		this.referenceSource = source;
		this.referenceRows = rows;
		this.referenceSetAt = now;
		this.updatedAt = now;
		return this.referenceGeneration;
	}

}
