package dev.slipway.system;

import java.util.Locale;

import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;

/**
 * Schema discipline, owned here rather than by whichever application packages the core:
 * Flyway runs the common migrations plus the ones of the database in use, and Hibernate
 * only validates the schema it finds (defaults in {@code persistence.properties}).
 */
@Configuration(proxyBeanMethods = false)
@PropertySource("classpath:dev/slipway/system/persistence.properties")
class PersistenceConfiguration {

	/** Folder of the migrations every database runs. */
	static final String COMMON_MIGRATIONS = "classpath:db/migration/common";

	@Bean
	FlywayConfigurationCustomizer slipwayMigrationLocations(DatabaseTarget database) {
		String vendor = database.kind().name().toLowerCase(Locale.ROOT);
		return (configuration) -> configuration.locations(COMMON_MIGRATIONS, "classpath:db/migration/" + vendor);
	}

}
