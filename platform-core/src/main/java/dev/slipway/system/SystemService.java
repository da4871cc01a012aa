package dev.slipway.system;

import dev.slipway.storage.ArtifactStore;

import org.springframework.stereotype.Service;

/**
 * Describes the running server; reads nothing but start-up state, so it is cheap to call.
 */
@Service
public class SystemService {

	private final PlatformInstanceService instances;

	private final DatabaseTarget database;

	private final ArtifactStore artifactStore;

	private final SlipwayProperties properties;

	SystemService(PlatformInstanceService instances, DatabaseTarget database, ArtifactStore artifactStore,
			SlipwayProperties properties) {
		this.instances = instances;
		this.database = database;
		this.artifactStore = artifactStore;
		this.properties = properties;
	}

	/** The server's version, identity, database and artifact store. */
	public SystemOverview overview() {
		return new SystemOverview(this.instances.version(), this.instances.current(), this.database.kind(),
				this.database.display(), this.artifactStore.kind(), this.artifactStore.describe(),
				this.properties.dataDir().toAbsolutePath().normalize());
	}

}
