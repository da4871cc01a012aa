package dev.slipway.pipelines;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything an executor needs to run one attempt of one step, templates already
 * substituted.
 *
 * @param id deterministic and unique per attempt: {@code <runId>-<step>-<attempt>}; the
 * Kubernetes executor derives the Job's name from it
 * @param runId the pipeline run
 * @param stepRunId the step run
 * @param stepName the step's name
 * @param attempt 1 for the first attempt
 * @param command the program and its arguments
 * @param environment the variables to set (over the server's own environment for the
 * local executor; the container's for Kubernetes)
 * @param image the container image, or {@code null} (the local executor ignores it)
 * @param resources the resource request
 * @param timeout how long the attempt may run before it is stopped
 * @param workDir the attempt's working folder, created by the engine with {@code inputs/}
 * and {@code outputs/} inside (local executor only; {@code null} for Kubernetes)
 */
public record AttemptLaunch(String id, long runId, long stepRunId, String stepName, int attempt, List<String> command,
		Map<String, String> environment, String image, Resources resources, Duration timeout, Path workDir) {

	public AttemptLaunch {
		command = List.copyOf(command);
		environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
	}

	/** The deterministic attempt id for these coordinates. */
	public static String idOf(long runId, String stepName, int attempt) {
		return runId + "-" + stepName + "-" + attempt;
	}

}
