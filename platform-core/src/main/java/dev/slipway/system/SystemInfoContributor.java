package dev.slipway.system;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.stereotype.Component;

/** Adds the installation and its backing services to {@code /actuator/info}. */
@Component
class SystemInfoContributor implements InfoContributor {

	private final SystemService system;

	SystemInfoContributor(SystemService system) {
		this.system = system;
	}

	@Override
	public void contribute(Info.Builder builder) {
		SystemOverview overview = this.system.overview();
		Map<String, Object> instance = new LinkedHashMap<>();
		instance.put("id", overview.instance().instanceId().toString());
		instance.put("createdAt", overview.instance().createdAt().toString());
		instance.put("createdByVersion", overview.instance().createdByVersion());
		builder.withDetail("instance", instance);
		builder.withDetail("database", Map.of("kind", overview.databaseKind().name().toLowerCase(java.util.Locale.ROOT),
				"location", overview.database()));
		builder.withDetail("artifacts", Map.of("location", overview.artifactStore()));
	}

}
