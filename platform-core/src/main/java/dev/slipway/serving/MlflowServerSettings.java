package dev.slipway.serving;

import java.time.Duration;

/**
 * How {@link MlflowServerRuntime} runs MLflow model servers. A null or blank value takes
 * its default.
 *
 * @param python the Python interpreter with {@code mlflow} (or {@code mlflow-skinny}),
 * {@code fastapi} and {@code uvicorn} installed: a path, or a command on the
 * {@code PATH}; {@code python3} by default
 * @param startTimeout how long a server may take to load its model and answer
 * {@code /ping}; 120 s by default
 * @param requestTimeout how long one prediction may take; 60 s by default
 * @param healthInterval how often a running server is checked; 5 s by default
 * @param maxRestarts how many restarts in a row a server that keeps failing gets before
 * it is given up; 0 never restarts
 */
record MlflowServerSettings(String python, Duration startTimeout, Duration requestTimeout, Duration healthInterval,
		int maxRestarts) {

	MlflowServerSettings {
		python = (python == null || python.isBlank()) ? "python3" : python.strip();
		startTimeout = positive(startTimeout, Duration.ofSeconds(120), "startTimeout");
		requestTimeout = positive(requestTimeout, Duration.ofSeconds(60), "requestTimeout");
		healthInterval = positive(healthInterval, Duration.ofSeconds(5), "healthInterval");
		if (maxRestarts < 0) {
			throw new IllegalArgumentException("maxRestarts must not be negative");
		}
	}

	/** The defaults, with five restarts in a row. */
	static MlflowServerSettings defaults() {
		return new MlflowServerSettings(null, null, null, null, 5);
	}

	private static Duration positive(Duration value, Duration fallback, String name) {
		if (value == null) {
			return fallback;
		}
		if (value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException(name + " must be positive");
		}
		return value;
	}

}
