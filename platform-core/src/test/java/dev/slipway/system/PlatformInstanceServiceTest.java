package dev.slipway.system;

import dev.slipway.CoreTestApplication;
import dev.slipway.testsupport.OnPostgresql;
import dev.slipway.testsupport.TestFolders;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The installation identity on a real PostgreSQL: created once, then only read. */
@OnPostgresql
@SpringBootTest(classes = CoreTestApplication.class)
class PlatformInstanceServiceTest {

	@DynamicPropertySource
	static void dataDir(DynamicPropertyRegistry registry) {
		TestFolders.registerDataDir(registry, "instance");
	}

	@Autowired
	PlatformInstanceService instances;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void startUpRegisteredTheInstanceAndRegisteringAgainKeepsIt() {
		PlatformInstance current = this.instances.current();
		PlatformInstance again = this.instances.registerOrLoad();
		assertThat(again).isEqualTo(current);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM platform_instance", Integer.class)).isEqualTo(1);
		assertThat(this.jdbc.queryForObject("SELECT CAST(instance_id AS VARCHAR) FROM platform_instance", String.class))
			.isEqualTo(current.instanceId().toString());
		assertThat(current.createdByVersion()).isNotBlank();
	}

	@Test
	void theOldestRowWinsIfTwoServersRacedOnAnEmptyDatabase() {
		PlatformInstance first = this.instances.current();
		this.jdbc.update("INSERT INTO platform_instance (instance_id, created_at, created_by_version) "
				+ "VALUES (CAST('00000000-0000-0000-0000-000000000001' AS UUID), CURRENT_TIMESTAMP, 'racer')");
		try {
			assertThat(this.instances.registerOrLoad()).isEqualTo(first);
		}
		finally {
			this.jdbc.update("DELETE FROM platform_instance WHERE created_by_version = 'racer'");
		}
	}

}
