package dev.slipway.system;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * Row of {@code platform_instance}: the installation's identity. Never leaves the
 * service.
 */
@Entity
@Table(name = "platform_instance")
class PlatformInstanceEntity {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(name = "instance_id", nullable = false, unique = true)
	private UUID instanceId;

	@Column(name = "created_at", nullable = false)
	private OffsetDateTime createdAt;

	@Column(name = "created_by_version", nullable = false, length = 64)
	private String createdByVersion;

	protected PlatformInstanceEntity() {
	}

	PlatformInstanceEntity(UUID instanceId, OffsetDateTime createdAt, String createdByVersion) {
		this.instanceId = instanceId;
		this.createdAt = createdAt;
		this.createdByVersion = createdByVersion;
	}

	PlatformInstance toDomain() {
		return new PlatformInstance(this.instanceId, this.createdAt.toInstant(), this.createdByVersion);
	}

}
