package dev.slipway.pipelines;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.slipway.system.InvalidSettingException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Pipeline settings ({@code slipway.pipelines.*}). Each default is the
 * {@code @DefaultValue} of its field, and only there; docs/configuration.md lists them.
 *
 * @param executor where steps run: {@code local} (processes on this server's machine) or
 * {@code kubernetes} (one Job per attempt) ({@code SLIPWAY_PIPELINES_EXECUTOR})
 * @param workDir where the local executor keeps each attempt's working folder; empty for
 * {@code <data-dir>/pipelines} ({@code SLIPWAY_PIPELINES_WORK_DIR})
 * @param localConcurrency the most step processes this replica runs at once, 1 to 256
 * ({@code SLIPWAY_PIPELINES_LOCAL_CONCURRENCY})
 * @param stopGracePeriod how long a stopped step gets between the polite signal and the
 * forced end ({@code SLIPWAY_PIPELINES_STOP_GRACE_PERIOD})
 * @param pollInterval how often a running attempt is checked for its end, a cancel
 * request and new log lines ({@code SLIPWAY_PIPELINES_POLL_INTERVAL})
 * @param maxLogSize the most bytes of each log of an attempt that are kept; the rest is
 * cut with a note ({@code SLIPWAY_PIPELINES_MAX_LOG_SIZE})
 * @param maxOutputSize the largest output a step may leave for the server to store
 * ({@code SLIPWAY_PIPELINES_MAX_OUTPUT_SIZE})
 * @param keepWorkDirs whether an ended attempt's working folder is kept (for debugging)
 * ({@code SLIPWAY_PIPELINES_KEEP_WORK_DIRS})
 * @param trackingUri the address steps use to reach this server (MLFLOW_TRACKING_URI);
 * empty for {@code http://127.0.0.1:<port>} ({@code SLIPWAY_PIPELINES_TRACKING_URI})
 * @param kubernetes the Kubernetes executor's settings
 */
@ConfigurationProperties("slipway.pipelines")
public record PipelineSettings(@DefaultValue("local") String executor, Path workDir,
		@DefaultValue("4") int localConcurrency, @DefaultValue("10s") Duration stopGracePeriod,
		@DefaultValue("1s") Duration pollInterval, @DefaultValue("64MB") DataSize maxLogSize,
		@DefaultValue("1GB") DataSize maxOutputSize, @DefaultValue("false") boolean keepWorkDirs, String trackingUri,
		@DefaultValue Kubernetes kubernetes) {

	/** Checks the values, so a bad setting stops the start with its name. */
	public PipelineSettings {
		if (!"local".equals(executor) && !"kubernetes".equals(executor)) {
			throw new InvalidSettingException("SLIPWAY_PIPELINES_EXECUTOR", "must be local or kubernetes");
		}
		if (localConcurrency < 1 || localConcurrency > 256) {
			throw new InvalidSettingException("SLIPWAY_PIPELINES_LOCAL_CONCURRENCY", "must be from 1 to 256");
		}
		positive("SLIPWAY_PIPELINES_STOP_GRACE_PERIOD", stopGracePeriod);
		positive("SLIPWAY_PIPELINES_POLL_INTERVAL", pollInterval);
		if (maxLogSize == null || maxLogSize.toBytes() < 1024) {
			throw new InvalidSettingException("SLIPWAY_PIPELINES_MAX_LOG_SIZE", "must be a size of at least 1KB");
		}
		if (maxOutputSize == null || maxOutputSize.toBytes() < 1) {
			throw new InvalidSettingException("SLIPWAY_PIPELINES_MAX_OUTPUT_SIZE", "must be a size, such as 1GB");
		}
	}

	private static void positive(String name, Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new InvalidSettingException(name, "must be a positive duration, such as 10s");
		}
	}

	/**
	 * The Kubernetes executor's settings ({@code slipway.pipelines.kubernetes.*}).
	 *
	 * @param namespace the namespace Jobs are created in; empty for the client's own (the
	 * pod's namespace in a cluster) ({@code SLIPWAY_PIPELINES_KUBERNETES_NAMESPACE})
	 * @param serviceAccount the service account of step pods; empty for the namespace's
	 * default ({@code SLIPWAY_PIPELINES_KUBERNETES_SERVICE_ACCOUNT})
	 * @param defaultImage the image of steps whose definition names none
	 * ({@code SLIPWAY_PIPELINES_KUBERNETES_DEFAULT_IMAGE})
	 * @param ttlAfterFinished how long Kubernetes keeps an ended Job before deleting it
	 * ({@code SLIPWAY_PIPELINES_KUBERNETES_TTL_AFTER_FINISHED})
	 * @param imagePullSecret the secret used to pull step images, if any
	 * ({@code SLIPWAY_PIPELINES_KUBERNETES_IMAGE_PULL_SECRET})
	 * @param labels extra labels put on every Job and pod
	 * @param requestTimeout how long one call to the Kubernetes API may take
	 * ({@code SLIPWAY_PIPELINES_KUBERNETES_REQUEST_TIMEOUT})
	 */
	public record Kubernetes(String namespace, String serviceAccount,
			@DefaultValue("python:3.11-slim") String defaultImage, @DefaultValue("1h") Duration ttlAfterFinished,
			String imagePullSecret, Map<String, String> labels, @DefaultValue("10s") Duration requestTimeout) {

		public Kubernetes {
			labels = (labels != null) ? Map.copyOf(labels) : Map.of();
			positive("SLIPWAY_PIPELINES_KUBERNETES_TTL_AFTER_FINISHED", ttlAfterFinished);
			positive("SLIPWAY_PIPELINES_KUBERNETES_REQUEST_TIMEOUT", requestTimeout);
		}

	}

}
