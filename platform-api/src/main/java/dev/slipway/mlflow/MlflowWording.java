package dev.slipway.mlflow;

import dev.slipway.error.SlipwayException;

/**
 * MLflow's wording for a refused request parameter, for the checks a message record
 * cannot declare (a field that is required on one route and not on another).
 */
public final class MlflowWording {

	private MlflowWording() {
	}

	/** "Missing value for required parameter 'x'." as MLflow's handlers word it. */
	public static SlipwayException missing(String parameter) {
		return MlflowBinder.missing(parameter);
	}

}
