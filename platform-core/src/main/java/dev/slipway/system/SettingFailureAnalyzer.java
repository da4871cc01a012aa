package dev.slipway.system;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;

/**
 * Turns a bad setting into one line naming the environment variable to fix, ahead of
 * Spring Boot's generic analyzers (which would name internal property paths and print
 * origins).
 */
class SettingFailureAnalyzer implements FailureAnalyzer, Ordered {

	/**
	 * Properties that docs/configuration.md documents as a variable named after them; the
	 * other variables are in {@link SettingVariables}.
	 */
	private static final Set<String> DOCUMENTED = Set.of("slipway.data-dir", "slipway.database.url",
			"slipway.database.username", "slipway.database.password", "slipway.artifacts.uri", "slipway.s3.endpoint",
			"slipway.s3.region", "slipway.s3.access-key", "slipway.s3.secret-key");

	private static final String ACTION = "Fix the setting (see docs/configuration.md) and start Slipway again.";

	@Override
	public FailureAnalysis analyze(Throwable failure) {
		InvalidSettingException invalid = findCause(failure, InvalidSettingException.class);
		if (invalid != null) {
			return new FailureAnalysis("Invalid setting " + invalid.getMessage(), ACTION, invalid);
		}
		BindException bind = findCause(failure, BindException.class);
		if (bind != null && bind.getProperty() != null) {
			return describe(bind.getProperty().getName().toString(), bind.getProperty().getValue(), rootMessage(bind),
					bind);
		}
		// Raised when a condition (such as the management port check) reads the property
		// first.
		InvalidConfigurationPropertyValueException invalidValue = findCause(failure,
				InvalidConfigurationPropertyValueException.class);
		if (invalidValue != null) {
			return describe(invalidValue.getName(), invalidValue.getValue(), firstLine(invalidValue.getReason()),
					invalidValue);
		}
		return null;
	}

	private static FailureAnalysis describe(String property, Object value, String reason, Throwable cause) {
		if (!property.startsWith("slipway.") && !SettingVariables.PROPERTIES.containsValue(property)) {
			return null;
		}
		String setting = settingName(property);
		// A secret's value is never echoed, not even inside the converter's reason.
		String description = isSecret(property) ? "the value is not valid"
				: "'" + value + "' is not a valid value (" + reason + ")";
		return new FailureAnalysis("Invalid setting " + setting + ": " + description, ACTION, cause);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	/** The name a person sets: the environment variable where one is documented. */
	static String settingName(String property) {
		for (Map.Entry<String, String> variable : SettingVariables.PROPERTIES.entrySet()) {
			if (variable.getValue().equals(property)) {
				return variable.getKey();
			}
		}
		if (DOCUMENTED.contains(property)) {
			return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
		}
		return property;
	}

	private static boolean isSecret(String property) {
		return property.endsWith("password") || property.endsWith("secret-key");
	}

	private static String rootMessage(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return firstLine((root.getMessage() != null) ? root.getMessage() : root.getClass().getSimpleName());
	}

	/** The first line of a driver's or converter's message: enough for one clear line. */
	static String firstLine(String message) {
		if (message == null) {
			return "no reason given";
		}
		int newline = message.indexOf('\n');
		return (newline < 0) ? message : message.substring(0, newline);
	}

	private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
		Throwable current = failure;
		while (current != null) {
			if (type.isInstance(current)) {
				return type.cast(current);
			}
			current = (current.getCause() == current) ? null : current.getCause();
		}
		return null;
	}

}
