package dev.slipway.tracking;

import java.util.List;

import dev.slipway.query.KeyValue;

/**
 * A dataset a run used, with the input's tags (such as {@code mlflow.data.context}).
 *
 * @param dataset the dataset
 * @param tags input tags
 */
public record DatasetInput(Dataset dataset, List<KeyValue> tags) {
}
