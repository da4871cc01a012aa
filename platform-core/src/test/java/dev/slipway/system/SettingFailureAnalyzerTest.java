package dev.slipway.system;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SettingFailureAnalyzerTest {

	private final SettingFailureAnalyzer analyzer = new SettingFailureAnalyzer();

	@Test
	void invalidSettingDeepInsideBeanCreationBecomesOneLine() {
		Throwable failure = new BeanCreationException("dataSource", new InvalidSettingException("SLIPWAY_DATABASE_URL",
				"cannot connect to PostgreSQL jdbc:postgresql://db/x"));
		FailureAnalysis analysis = this.analyzer.analyze(failure);
		assertThat(analysis.getDescription())
			.isEqualTo("Invalid setting SLIPWAY_DATABASE_URL: cannot connect to PostgreSQL jdbc:postgresql://db/x");
		assertThat(analysis.getAction()).contains("docs/configuration.md");
	}

	@Test
	void bindFailureOfADocumentedPropertyNamesItsEnvironmentVariable() {
		BindException bind = bindFailure("server.port", "eighty");
		FailureAnalysis analysis = this.analyzer.analyze(new BeanCreationException("server", bind));
		assertThat(analysis.getDescription())
			.startsWith("Invalid setting SLIPWAY_PORT: 'eighty' is not a valid value (");
	}

	@Test
	void invalidValueSeenByAConditionNamesTheVariable() {
		FailureAnalysis analysis = this.analyzer.analyze(new IllegalStateException("condition failed",
				new InvalidConfigurationPropertyValueException("server.port", "eighty", "Failed to convert")));
		assertThat(analysis.getDescription())
			.isEqualTo("Invalid setting SLIPWAY_PORT: 'eighty' is not a valid value (Failed to convert)");
	}

	@Test
	void secretsAreNeverEchoed() {
		BindException bind = bindFailure("slipway.database.password", "hunter2");
		FailureAnalysis analysis = this.analyzer.analyze(bind);
		assertThat(analysis.getDescription())
			.isEqualTo("Invalid setting SLIPWAY_DATABASE_PASSWORD: the value is not valid")
			.doesNotContain("hunter2");
	}

	@Test
	void settingNamesFollowTheDocumentedVariables() {
		assertThat(SettingFailureAnalyzer.settingName("slipway.s3.access-key")).isEqualTo("SLIPWAY_S3_ACCESS_KEY");
		assertThat(SettingFailureAnalyzer.settingName("slipway.data-dir")).isEqualTo("SLIPWAY_DATA_DIR");
		assertThat(SettingFailureAnalyzer.settingName("slipway.database.max-pool-size"))
			.isEqualTo("slipway.database.max-pool-size");
		assertThat(SettingFailureAnalyzer.settingName("slipway.security.default-permission"))
			.isEqualTo("SLIPWAY_DEFAULT_PERMISSION");
		assertThat(SettingFailureAnalyzer.settingName("server.servlet.session.timeout"))
			.isEqualTo("SLIPWAY_SESSION_TIMEOUT");
	}

	@Test
	void foreignFailuresAreLeftToSpringBoot() {
		assertThat(this.analyzer.analyze(new IllegalStateException("unrelated"))).isNull();
		assertThat(this.analyzer.analyze(bindFailure("spring.foo.bar", "x"))).isNull();
	}

	/** A real binding failure: {@code value} bound to an int under {@code property}. */
	private static BindException bindFailure(String property, String value) {
		Binder binder = new Binder(new MapConfigurationPropertySource(java.util.Map.of(property, value)));
		BindException failure = catchThrowableOfType(BindException.class,
				() -> binder.bind(property, Bindable.of(Integer.class)));
		assertThat(failure).isNotNull();
		return failure;
	}

}
