package dev.slipway.tracking;

import java.util.List;

import dev.slipway.query.KeyValue;

/**
 * A run with its data: the latest value of each metric, params, tags, inputs and outputs.
 *
 * @param info attributes
 * @param metrics latest point per metric key
 * @param params params
 * @param tags tags
 * @param datasetInputs datasets used
 * @param modelInputs logged models used
 * @param modelOutputs logged models produced
 */
public record Run(RunInfo info, List<Metric> metrics, List<KeyValue> params, List<KeyValue> tags,
		List<DatasetInput> datasetInputs, List<ModelIo> modelInputs, List<ModelIo> modelOutputs) {
}
