package dev.slipway.system;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.slipway.storage.S3TestServer;
import dev.slipway.testsupport.PostgresTestDatabase;
import dev.slipway.testsupport.Requirement;
import dev.slipway.testsupport.Requires;
import dev.slipway.testsupport.TestFolders;
import dev.slipway.web.HttpProbe;
import dev.slipway.web.SlipwayProcess;
import dev.slipway.web.TestAdmin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end: the packaged jar started as an operator would, first with no settings at
 * all, then on PostgreSQL plus S3, and with wrong settings. Servers that are asked more
 * than their health get the test admin's password ({@code SLIPWAY_ADMIN_PASSWORD}).
 */
class PackagedJarIT {

	private static final Pattern ONE_TIME_PASSWORD = Pattern.compile(
			"First start: created admin 'admin' with the one-time password\\R(?:[ \\t]*\\R)*[ \\t]+(\\S+)[ \\t]*\\R");

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
	@Requires(Requirement.PORT_8080)
	void startsWithOnlyAnAdminPasswordOnPort8080AndKeepsItsDataAcrossRestarts() {
		Path workDir = TestFolders.fresh("it-embedded");
		String instanceId;
		try (SlipwayProcess slipway = SlipwayProcess
			.start(workDir, Map.of("SLIPWAY_ADMIN_PASSWORD", TestAdmin.PASSWORD), 8080)
			.awaitReady()) {
			assertThat(slipway.output()).contains("data folder: " + workDir.resolve("slipway-data"),
					"database:    H2 file database " + workDir.resolve("slipway-data/db/slipway.mv.db"),
					"artifacts:   local folder " + workDir.resolve("slipway-data/artifacts"));
			assertThat(slipway.output()).doesNotContain(TestAdmin.PASSWORD, "one-time password");
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
	void aFirstStartWithoutAnAdminPasswordPrintsAOneTimePasswordThatMustBeChanged() {
		Path workDir = TestFolders.fresh("it-first-admin");
		String newPassword = "chosen-by-the-operator-" + UUID.randomUUID();
		String oneTime;
		int port = SlipwayProcess.freePort();
		try (SlipwayProcess slipway = SlipwayProcess.start(workDir, Map.of("SLIPWAY_PORT", String.valueOf(port)), port)
			.awaitReady()) {
			String output = slipway.output();
			oneTime = oneTimePassword(output);
			assertThat(output.split(Pattern.quote(oneTime), -1)).as("the one-time password is printed once").hasSize(2);
			assertHealthy(slipway);

			HttpProbe anonymous = slipway.http();
			assertThat(anonymous.getJson("/api/v1/system").statusCode()).as("no credentials").isEqualTo(401);
			HttpProbe withOneTime = anonymous.basic("admin", oneTime);
			HttpResponse<String> mustChange = withOneTime.getJson("/api/v1/system");
			assertThat(mustChange.statusCode()).as("the one-time password before the change").isEqualTo(403);
			assertThat(mustChange.body()).contains("PERMISSION_DENIED");
			HttpResponse<String> me = withOneTime.getJson("/api/v1/users/me");
			assertThat(me.statusCode()).isEqualTo(200);
			assertThat(me.body()).contains("\"username\":\"admin\"", "\"role\":\"ADMIN\"",
					"\"mustChangePassword\":true");

			HttpResponse<String> changed = withOneTime.postJson("/api/v1/users/me/password",
					"{\"currentPassword\":\"" + oneTime + "\",\"newPassword\":\"" + newPassword + "\"}");
			assertThat(changed.statusCode()).as(changed.body()).isEqualTo(204);

			assertThat(anonymous.basic("admin", newPassword).getJson("/api/v1/system").statusCode())
				.as("the new password")
				.isEqualTo(200);
			assertThat(withOneTime.getJson("/api/v1/system").statusCode()).as("the one-time password after the change")
				.isEqualTo(401);
			assertThat(slipway.output()).doesNotContain(newPassword);
		}

		int second = SlipwayProcess.freePort();
		try (SlipwayProcess again = SlipwayProcess
			.start(workDir, Map.of("SLIPWAY_PORT", String.valueOf(second)), second)
			.awaitReady()) {
			assertThat(again.output()).as("a restart").doesNotContain("First start", "one-time password", oneTime);
			assertThat(again.http().basic("admin", newPassword).getJson("/api/v1/system").statusCode())
				.as("the changed password after a restart")
				.isEqualTo(200);
		}

		int third = SlipwayProcess.freePort();
		try (SlipwayProcess late = SlipwayProcess
			.start(workDir, Map.of("SLIPWAY_PORT", String.valueOf(third), "SLIPWAY_ADMIN_PASSWORD", TestAdmin.PASSWORD),
					third)
			.awaitReady()) {
			assertThat(late.output()).doesNotContain(TestAdmin.PASSWORD, "First start", "one-time password");
			assertThat(late.http().basic("admin", newPassword).getJson("/api/v1/system").statusCode())
				.as("SLIPWAY_ADMIN_PASSWORD after the first start leaves the admin alone")
				.isEqualTo(200);
			assertThat(late.http().basic("admin", TestAdmin.PASSWORD).getJson("/api/v1/system").statusCode())
				.isEqualTo(401);
		}
	}

	@Test
	@Requires(Requirement.POSTGRESQL)
	void startsOnPostgresqlAndS3() {
		int port = SlipwayProcess.freePort();
		Map<String, String> environment = new HashMap<>(
				Map.of("SLIPWAY_PORT", String.valueOf(port), "SLIPWAY_DATABASE_URL", PostgresTestDatabase.jdbcUrl(),
						"SLIPWAY_DATABASE_USERNAME", PostgresTestDatabase.username(), "SLIPWAY_DATABASE_PASSWORD",
						PostgresTestDatabase.password(), "SLIPWAY_ARTIFACTS_URI", "s3://slipway-it/artifacts",
						"SLIPWAY_S3_ENDPOINT", s3.endpoint(), "SLIPWAY_S3_REGION", "us-east-1", "SLIPWAY_S3_ACCESS_KEY",
						s3.accessKey(), "SLIPWAY_S3_SECRET_KEY", s3.secretKey()));
		environment.put("SLIPWAY_ADMIN_PASSWORD", TestAdmin.PASSWORD);
		try (SlipwayProcess slipway = SlipwayProcess.start(TestFolders.fresh("it-production"), environment, port)
			.awaitReady()) {
			assertThat(slipway.output()).contains("database:    PostgreSQL jdbc:postgresql://",
					"artifacts:   s3://slipway-it/artifacts");
			assertThat(slipway.output()).doesNotContain(s3.secretKey(), TestAdmin.PASSWORD);
			assertHealthy(slipway);
			assertThat(slipway.http().getJson("/api/v1/system").statusCode()).as("no credentials").isEqualTo(401);
			HttpResponse<String> system = TestAdmin.signedIn(slipway.http()).getJson("/api/v1/system");
			assertThat(system.statusCode()).isEqualTo(200);
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
	@Requires(Requirement.POSTGRESQL)
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

	/** The one-time password in the first-start banner of {@code output}. */
	private static String oneTimePassword(String output) {
		Matcher matcher = ONE_TIME_PASSWORD.matcher(output);
		assertThat(matcher.find()).as("the first-start banner with a password in:\n" + output).isTrue();
		return matcher.group(1);
	}

	private static String instanceId(SlipwayProcess slipway) {
		String body = TestAdmin.signedIn(slipway.http()).getJson("/api/v1/system").body();
		Matcher matcher = Pattern.compile("\"instanceId\":\"([0-9a-f-]{36})\"").matcher(body);
		assertThat(matcher.find()).as(body).isTrue();
		return matcher.group(1);
	}

}
