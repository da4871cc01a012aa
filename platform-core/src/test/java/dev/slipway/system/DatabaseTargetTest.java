package dev.slipway.system;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseTargetTest {

	private static final Path DATA = Path.of("/var/lib/slipway");

	private static SlipwayProperties.Database settings(String url, String user, String password) {
		return new SlipwayProperties.Database(url, user, password, 10, Duration.ofSeconds(10), Duration.ofSeconds(3),
				Duration.ofMinutes(5));
	}

	@Test
	void noUrlMeansEmbeddedH2InTheDataFolder() {
		DatabaseTarget target = DatabaseTarget.resolve(settings("", null, null), DATA);
		assertThat(target.kind()).isEqualTo(DatabaseTarget.Kind.H2);
		assertThat(target.jdbcUrl()).startsWith("jdbc:h2:file:/var/lib/slipway/db/slipway;MODE=PostgreSQL")
			// Commits reach the file before the request is answered.
			.endsWith(";WRITE_DELAY=0");
		assertThat(target.display()).isEqualTo("H2 file database /var/lib/slipway/db/slipway.mv.db (embedded)");
	}

	@Test
	void anH2UrlGetsDurableCommitsUnlessItSetsItsOwnWriteDelay() {
		assertThat(
				DatabaseTarget.resolve(settings("jdbc:h2:file:/tmp/x;MODE=PostgreSQL", "", ""), Path.of(".")).jdbcUrl())
			.isEqualTo("jdbc:h2:file:/tmp/x;MODE=PostgreSQL;WRITE_DELAY=0");
		assertThat(
				DatabaseTarget.resolve(settings("jdbc:h2:file:/tmp/x;write_delay=500", "", ""), Path.of(".")).jdbcUrl())
			.isEqualTo("jdbc:h2:file:/tmp/x;write_delay=500");
	}

	@Test
	void jdbcPostgresqlUrlIsUsedAsGivenAndShownWithoutParameters() {
		DatabaseTarget target = DatabaseTarget
			.resolve(settings("jdbc:postgresql://db:5432/slipway?password=hunter2", "slipway", "secret"), DATA);
		assertThat(target.kind()).isEqualTo(DatabaseTarget.Kind.POSTGRESQL);
		assertThat(target.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/slipway?password=hunter2");
		assertThat(target.display()).isEqualTo("PostgreSQL jdbc:postgresql://db:5432/slipway")
			.doesNotContain("hunter2");
		assertThat(target.toString()).doesNotContain("secret");
	}

	@Test
	void libpqUriCarriesCredentials() {
		DatabaseTarget target = DatabaseTarget
			.resolve(settings("postgresql://ml%40team:p%3Ass@db.local:6543/meta?sslmode=require", "", ""), DATA);
		assertThat(target.jdbcUrl()).isEqualTo("jdbc:postgresql://db.local:6543/meta?sslmode=require");
		assertThat(target.username()).isEqualTo("ml@team");
		assertThat(target.password()).isEqualTo("p:ss");
		assertThat(target.display()).isEqualTo("PostgreSQL jdbc:postgresql://db.local:6543/meta");
	}

	@Test
	void explicitCredentialsWinOverTheUri() {
		DatabaseTarget target = DatabaseTarget.resolve(settings("postgres://a:b@db/meta", "c", "d"), DATA);
		assertThat(target.username()).isEqualTo("c");
		assertThat(target.password()).isEqualTo("d");
	}

	@Test
	void otherDatabasesAreRefusedNamingTheSetting() {
		assertThatThrownBy(() -> DatabaseTarget.resolve(settings("jdbc:mysql://u:pw@db/x", "", ""), DATA))
			.isInstanceOf(InvalidSettingException.class)
			.hasMessageStartingWith("SLIPWAY_DATABASE_URL: 'jdbc:mysql://db/x' is not a PostgreSQL URL")
			.hasMessageNotContaining("pw");
	}

	@Test
	void uriWithoutHostIsRefused() {
		assertThatThrownBy(() -> DatabaseTarget.resolve(settings("postgresql:///meta", "", ""), DATA))
			.isInstanceOf(InvalidSettingException.class)
			.hasMessage("SLIPWAY_DATABASE_URL: the URL names no host");
	}

}
