package dev.slipway.system;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Knows which installation this database belongs to, creating its identity on first
 * start.
 */
@Service
@Transactional(readOnly = true)
public class PlatformInstanceService {

	private final PlatformInstanceRepository repository;

	private final String version;

	private volatile PlatformInstance registered;

	PlatformInstanceService(PlatformInstanceRepository repository, ObjectProvider<BuildProperties> buildProperties) {
		this.repository = repository;
		BuildProperties build = buildProperties.getIfAvailable();
		this.version = (build != null && build.getVersion() != null) ? build.getVersion() : "development";
	}

	/**
	 * Returns the installation's identity, creating it if this is the first start. Should
	 * two servers race on an empty database, both settle on the oldest row.
	 */
	@Transactional
	public PlatformInstance registerOrLoad() {
		if (this.repository.findFirstByOrderByIdAsc().isEmpty()) {
			OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
			this.repository.save(new PlatformInstanceEntity(UUID.randomUUID(), now, this.version));
		}
		this.registered = this.repository.findFirstByOrderByIdAsc()
			.map(PlatformInstanceEntity::toDomain)
			.orElseThrow(() -> new IllegalStateException("platform instance row vanished after insert"));
		return this.registered;
	}

	/**
	 * The installation's identity, registered during start-up before any request is
	 * served.
	 */
	public PlatformInstance current() {
		PlatformInstance instance = this.registered;
		if (instance == null) {
			throw new IllegalStateException("platform instance not registered yet");
		}
		return instance;
	}

	/** The running Slipway version, from the build information. */
	public String version() {
		return this.version;
	}

}
