package dev.slipway.serving;

import java.time.Duration;

import dev.slipway.system.InvalidSettingException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Serving settings ({@code slipway.serving.*}). Each default is the {@code @DefaultValue}
 * of its field, and only there; docs/configuration.md lists them.
 *
 * @param maxRequestSize the largest prediction request body accepted
 * ({@code SLIPWAY_SERVING_MAX_REQUEST_SIZE})
 * @param maxModelSize the largest model version (all its files) a replica downloads to
 * serve ({@code SLIPWAY_SERVING_MAX_MODEL_SIZE})
 * @param requestTimeout how long a prediction may take before it is answered with 504
 * ({@code SLIPWAY_SERVING_REQUEST_TIMEOUT})
 * @param python the Python interpreter that runs {@code mlflow models serve} for models
 * only Python can run ({@code SLIPWAY_SERVING_PYTHON})
 * @param serverStartTimeout how long a model server may take to answer its health check
 * after it is started ({@code SLIPWAY_SERVING_SERVER_START_TIMEOUT})
 * @param serverMaxRestarts how many times a model server that died is started again
 * before its deployment is reported unhealthy
 * ({@code SLIPWAY_SERVING_SERVER_MAX_RESTARTS})
 * @param healthInterval how often a model server's health is checked
 * ({@code SLIPWAY_SERVING_HEALTH_INTERVAL})
 * @param refreshInterval how often each replica reads which deployments changed, so a
 * change made on another replica is served within this time
 * ({@code SLIPWAY_SERVING_REFRESH_INTERVAL})
 * @param statsInterval how often each replica adds its request counts and latencies to
 * the shared statistics the gates read ({@code SLIPWAY_SERVING_STATS_INTERVAL})
 * @param rolloutInterval how often each replica looks for rollouts whose analysis is due
 * ({@code SLIPWAY_SERVING_ROLLOUT_INTERVAL})
 * @param predictionQueue the most predictions waiting to be sent to monitoring; beyond
 * it, predictions are dropped and counted rather than slowing requests
 * ({@code SLIPWAY_SERVING_PREDICTION_QUEUE})
 * @param predictionBatch the most predictions sent to a monitor at once
 * ({@code SLIPWAY_SERVING_PREDICTION_BATCH})
 * @param predictionFlushInterval how long a prediction may wait before its batch is sent
 * ({@code SLIPWAY_SERVING_PREDICTION_FLUSH_INTERVAL})
 * @param maxDeployments the most deployments a server holds
 * ({@code SLIPWAY_SERVING_MAX_DEPLOYMENTS})
 * @param candidateLoadTimeout how long a rollout's candidate may stay unready (loading,
 * failed to load, or out of restarts) on a replica before that replica's rollout engine
 * rolls it back ({@code SLIPWAY_SERVING_CANDIDATE_LOAD_TIMEOUT})
 */
@ConfigurationProperties("slipway.serving")
public record ServingSettings(@DefaultValue("16MB") DataSize maxRequestSize, @DefaultValue("2GB") DataSize maxModelSize,
		@DefaultValue("60s") Duration requestTimeout, @DefaultValue("python3") String python,
		@DefaultValue("180s") Duration serverStartTimeout, @DefaultValue("5") int serverMaxRestarts,
		@DefaultValue("5s") Duration healthInterval, @DefaultValue("1s") Duration refreshInterval,
		@DefaultValue("5s") Duration statsInterval, @DefaultValue("2s") Duration rolloutInterval,
		@DefaultValue("20000") int predictionQueue, @DefaultValue("10000") int predictionBatch,
		@DefaultValue("2s") Duration predictionFlushInterval, @DefaultValue("500") int maxDeployments,
		@DefaultValue("5m") Duration candidateLoadTimeout) {

	/** Checks the values, so a bad setting stops the start with its name. */
	public ServingSettings {
		positive("REQUEST_TIMEOUT", requestTimeout);
		positive("SERVER_START_TIMEOUT", serverStartTimeout);
		positive("HEALTH_INTERVAL", healthInterval);
		positive("REFRESH_INTERVAL", refreshInterval);
		positive("STATS_INTERVAL", statsInterval);
		positive("ROLLOUT_INTERVAL", rolloutInterval);
		positive("PREDICTION_FLUSH_INTERVAL", predictionFlushInterval);
		positive("CANDIDATE_LOAD_TIMEOUT", candidateLoadTimeout);
		range("SERVER_MAX_RESTARTS", serverMaxRestarts, 0, 1000);
		range("PREDICTION_QUEUE", predictionQueue, 1, 10_000_000);
		range("PREDICTION_BATCH", predictionBatch, 1, 100_000);
		range("MAX_DEPLOYMENTS", maxDeployments, 1, 100_000);
		if (maxRequestSize == null || maxRequestSize.toBytes() <= 0) {
			throw new InvalidSettingException("SLIPWAY_SERVING_MAX_REQUEST_SIZE", "must be a size, such as 16MB");
		}
		if (maxModelSize == null || maxModelSize.toBytes() <= 0) {
			throw new InvalidSettingException("SLIPWAY_SERVING_MAX_MODEL_SIZE", "must be a size, such as 2GB");
		}
		if (python == null || python.isBlank()) {
			throw new InvalidSettingException("SLIPWAY_SERVING_PYTHON", "must name a Python interpreter");
		}
	}

	private static void positive(String name, Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new InvalidSettingException("SLIPWAY_SERVING_" + name, "must be a positive duration, such as 5s");
		}
	}

	private static void range(String name, int value, int min, int max) {
		if (value < min || value > max) {
			throw new InvalidSettingException("SLIPWAY_SERVING_" + name, "must be from " + min + " to " + max);
		}
	}

}
