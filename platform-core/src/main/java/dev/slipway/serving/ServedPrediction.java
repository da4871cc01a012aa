package dev.slipway.serving;

/**
 * What one prediction request got.
 *
 * @param deployment the deployment that answered
 * @param model the registered model
 * @param version the model version that answered
 * @param predictions the answer
 * @param predictionId the id the prediction is logged under (for labels joined later)
 */
public record ServedPrediction(String deployment, String model, int version, Predictions predictions,
		String predictionId) {
}
