package dev.slipway.tracking.search;

/**
 * One entry of {@code search_logged_models}' {@code datasets}: keep models with metrics
 * logged against this dataset.
 *
 * @param datasetName the dataset name; required
 * @param datasetDigest the dataset digest; optional
 */
public record DatasetFilter(String datasetName, String datasetDigest) {

}
