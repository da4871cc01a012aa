package dev.slipway.pipelines;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.slipway.query.KeyValue;
import dev.slipway.tracking.ArtifactUris;
import dev.slipway.tracking.RunInfo;
import dev.slipway.tracking.RunService;
import dev.slipway.tracking.RunStatus;

import org.springframework.stereotype.Component;

/**
 * A pipeline run as tracking runs: one parent run per pipeline run, one nested run per
 * step (MLflow's {@code mlflow.parentRunId} tag), so the tracking UI and any MLflow
 * client see them. Called with the run's owner as the current user, so tracking's own
 * permission checks apply.
 */
@Component
class StepTracking {

	/**
	 * The tag naming the pipeline run on its tracking runs; the registry reads it for
	 * lineage.
	 */
	static final String RUN_TAG = "slipway.pipeline.run_id";

	/** The tag naming the step on a step's nested run. */
	static final String STEP_TAG = "slipway.pipeline.step";

	private static final int MAX_PARAM_LENGTH = 6000;

	private final RunService runs;

	StepTracking(RunService runs) {
		this.runs = runs;
	}

	/** Starts the parent run and logs the run's parameters as its params. */
	String startParent(long experimentId, String pipelineName, int version, long runId, Map<String, Object> parameters,
			long now) {
		List<KeyValue> tags = List.of(new KeyValue(RUN_TAG, Long.toString(runId)),
				new KeyValue("slipway.pipeline.name", pipelineName),
				new KeyValue("slipway.pipeline.version", Integer.toString(version)),
				new KeyValue("mlflow.source.type", "PIPELINE"));
		String trackingRunId = this.runs
			.create(Long.toString(experimentId), null, now, pipelineName + "-" + runId, tags)
			.info()
			.runId();
		List<KeyValue> params = new ArrayList<>();
		parameters.forEach((name, value) -> {
			String text = StepInputs.asText(value);
			params.add(new KeyValue(name,
					(text.length() > MAX_PARAM_LENGTH) ? text.substring(0, MAX_PARAM_LENGTH) : text));
		});
		if (!params.isEmpty()) {
			this.runs.logBatch(trackingRunId, List.of(), params, List.of());
		}
		return trackingRunId;
	}

	/** Starts a step's nested run under the parent. */
	String startStep(long experimentId, String parentRunId, long runId, String stepName, long now) {
		List<KeyValue> tags = List.of(new KeyValue("mlflow.parentRunId", parentRunId),
				new KeyValue(RUN_TAG, Long.toString(runId)), new KeyValue(STEP_TAG, stepName),
				new KeyValue("mlflow.source.type", "PIPELINE"));
		return this.runs.create(Long.toString(experimentId), null, now, stepName, tags).info().runId();
	}

	/** Sets a tracking run's status and end time (null end time for RUNNING). */
	void setStatus(String trackingRunId, RunStatus status, Long endTime) {
		this.runs.update(trackingRunId, status, endTime, null);
	}

	/** Tags a tracking run. */
	void tag(String trackingRunId, String key, String value) {
		this.runs.setTag(trackingRunId, new KeyValue(key, value));
	}

	/** The tracking run's artifact root URI and its store key. */
	RunArtifacts artifacts(String trackingRunId) {
		RunInfo info = this.runs.get(trackingRunId).info();
		return new RunArtifacts(info.artifactUri(), ArtifactUris.keyOf(info.artifactUri()));
	}

	/**
	 * Where a tracking run keeps its artifacts.
	 *
	 * @param uri the root URI ({@code mlflow-artifacts:/...})
	 * @param key its store key, or null when the artifacts live elsewhere
	 */
	record RunArtifacts(String uri, String key) {

		String childUri(String path) {
			return ArtifactUris.child(this.uri, path);
		}

		String childKey(String path) {
			return this.key + "/" + path;
		}

	}

}
