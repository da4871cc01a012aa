package dev.slipway.system;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.slipway.web.SlipwayProcess;
import dev.slipway.storage.S3TestServer;
import dev.slipway.testsupport.PostgresTestDatabase;
import dev.slipway.testsupport.TestFolders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * End to end: the packaged jar started as an operator would, first with no settings at
 * all, then on PostgreSQL plus S3, and with wrong settings.
 */
class PackagedJarIT {

	private static S3TestServer s3;

	@BeforeAll
	static void startS3() {
		s3 = S3TestServer.start(TestFolders.fresh("it-s3"));
		s3.createBucket("slipway-it");
	}

	@AfterAll
	static void stopS3() {
		if (s3 != null) {
			s3.close();
		}
	}

	@Test
	void startsWithNoSettingsOnPort8080AndKeepsItsDataAcrossRestarts() {
		assumeTrue(portIsFree(8080), "port 8080 is taken on this machine");
		Path workDir = TestFolders.fresh("it-embedded");
		String instanceId;
		try (SlipwayProcess slipway = SlipwayProcess.start(workDir, Map.of(), 8080).awaitReady()) {
			assertThat(slipway.output()).contains("data folder: " + workDir.resolve("slipway-data"),
					"database:    H2 file database " + workDir.resolve("slipway-data/db/slipway.mv.db"),
					"artifacts:   local folder " + workDir.resolve("slipway-data/artifacts"));
			assertHealthy(slipway);
			instanceId = instanceId(slipway);

			int second = SlipwayProcess.freePort();
			try (SlipwayProcess twin = SlipwayProcess.start(workDir, Map.of("SLIPWAY_PORT", String.valueOf(second)),
					second)) {
				assertThat(twin.awaitExit()).as("a second server on the same embedded database").isNotZero();
				assertThat(twin.output()).contains("Invalid setting SLIPWAY_DATA_DIR: the embedded database");
			}
		}
		assertThat(workDir.resolve("slipway-data/db/slipway.mv.db")).isRegularFile();
		assertThat(workDir.resolve("slipway-data/artifacts")).isDirectory();

		int port = SlipwayProcess.freePort();
		try (SlipwayProcess again = SlipwayProcess.start(workDir, Map.of("SLIPWAY_PORT", String.valueOf(port)), port)
			.awaitReady()) {
			assertHealthy(again);
			assertThat(instanceId(again)).as("the installation survives a restart").isEqualTo(instanceId);
		}
	}

	@Test
	void startsOnPostgresqlAndS3() {
		int port = SlipwayProcess.freePort();
		Map<String, String> environment = Map.of("SLIPWAY_PORT", String.valueOf(port), "SLIPWAY_DATABASE_URL",
				PostgresTestDatabase.jdbcUrl(), "SLIPWAY_DATABASE_USERNAME", PostgresTestDatabase.username(),
				"SLIPWAY_DATABASE_PASSWORD", PostgresTestDatabase.password(), "SLIPWAY_ARTIFACTS_URI",
				"s3://slipway-it/artifacts", "SLIPWAY_S3_ENDPOINT", s3.endpoint(), "SLIPWAY_S3_REGION", "us-east-1",
				"SLIPWAY_S3_ACCESS_KEY", s3.accessKey(), "SLIPWAY_S3_SECRET_KEY", s3.secretKey());
		try (SlipwayProcess slipway = SlipwayProcess.start(TestFolders.fresh("it-production"), environment, port)
			.awaitReady()) {
			assertThat(slipway.output()).contains("database:    PostgreSQL jdbc:postgresql://",
					"artifacts:   s3://slipway-it/artifacts");
			assertThat(slipway.output()).doesNotContain(s3.secretKey());
			assertHealthy(slipway);
			HttpResponse<String> system = slipway.http().getJson("/api/v1/system");
			assertThat(system.body()).contains("\"database\":\"postgresql\"", "\"artifactStore\":\"s3\"");
		}
	}

	@Test
	void aWrongDatabaseUrlStopsStartUpWithOneClearLine() {
		assertRefused(Map.of("SLIPWAY_DATABASE_URL", "jdbc:mysql://db:3306/slipway"),
				"Invalid setting SLIPWAY_DATABASE_URL: 'jdbc:mysql://db:3306/slipway' is not a PostgreSQL URL");
	}

	@Test
	void anUnreachableDatabaseStopsStartUpNamingTheSetting() {
		int closed = SlipwayProcess.freePort();
		assertRefused(Map.of("SLIPWAY_DATABASE_URL", "jdbc:postgresql://127.0.0.1:" + closed + "/slipway"),
				"Invalid setting SLIPWAY_DATABASE_URL: cannot connect to PostgreSQL jdbc:postgresql://127.0.0.1:"
						+ closed);
	}

	@Test
	void aWrongPasswordStopsStartUpNamingTheCredentials() {
		String url = PostgresTestDatabase.jdbcUrl();
		String user = PostgresTestDatabase.username();
		int query = url.indexOf('?');
		if (query >= 0) {
			// The driver prefers credentials in the URL: keep only the host and database.
			Matcher inUrl = Pattern.compile("[?&]user=([^&]+)").matcher(url);
			if (user.isEmpty() && inUrl.find()) {
				user = inUrl.group(1);
			}
			url = url.substring(0, query);
		}
		assertRefused(
				Map.of("SLIPWAY_DATABASE_URL", url, "SLIPWAY_DATABASE_USERNAME", user, "SLIPWAY_DATABASE_PASSWORD",
						"certainly-not-the-password"),
				"Invalid setting SLIPWAY_DATABASE_USERNAME/SLIPWAY_DATABASE_PASSWORD: cannot connect to PostgreSQL");
	}

	@Test
	void aPortThatIsNotANumberStopsStartUpNamingTheSetting() {
		assertRefused(Map.of("SLIPWAY_PORT", "eighty"), "Invalid setting SLIPWAY_PORT: 'eighty' is not a valid value");
	}

	@Test
	void s3WithoutCredentialsStopsStartUpNamingTheSetting() {
		assertRefused(
				Map.of("SLIPWAY_ARTIFACTS_URI", "s3://slipway-it/artifacts", "SLIPWAY_S3_ENDPOINT", s3.endpoint()),
				"Invalid setting SLIPWAY_S3_ACCESS_KEY: is required when artifacts live in S3");
	}

	@Test
	void aMissingBucketStopsStartUpNamingTheSetting() {
		assertRefused(
				Map.of("SLIPWAY_ARTIFACTS_URI", "s3://no-such-bucket/x", "SLIPWAY_S3_ENDPOINT", s3.endpoint(),
						"SLIPWAY_S3_ACCESS_KEY", s3.accessKey(), "SLIPWAY_S3_SECRET_KEY", s3.secretKey()),
				"Invalid setting SLIPWAY_ARTIFACTS_URI: cannot use s3://no-such-bucket/x");
	}

	private static void assertRefused(Map<String, String> settings, String expectedLine) {
		Path workDir = TestFolders.fresh("it-refused");
		try (SlipwayProcess slipway = SlipwayProcess.start(workDir, settings, 0)) {
			assertThat(slipway.awaitExit()).isNotZero();
			String output = slipway.output();
			assertThat(output).contains(expectedLine);
			assertThat(output).as("no stack trace wall")
				.doesNotContain("\tat ", "Caused by:", "Exception encountered", "BeanCreationException");
		}
	}

	private static void assertHealthy(SlipwayProcess slipway) {
		for (String path : new String[] { "/actuator/health", "/actuator/health/liveness",
				"/actuator/health/readiness" }) {
			HttpResponse<String> health = slipway.http().getJson(path);
			assertThat(health.statusCode()).as(path).isEqualTo(200);
			assertThat(health.body()).as(path).contains("\"status\":\"UP\"");
		}
	}

	private static String instanceId(SlipwayProcess slipway) {
		String body = slipway.http().getJson("/api/v1/system").body();
		Matcher matcher = Pattern.compile("\"instanceId\":\"([0-9a-f-]{36})\"").matcher(body);
		assertThat(matcher.find()).as(body).isTrue();
		return matcher.group(1);
	}

	private static boolean portIsFree(int port) {
		try (ServerSocket socket = new ServerSocket(port)) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
