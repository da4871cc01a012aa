package dev.slipway.serving;

/**
 * A model loaded and warmed up. Thread-safe: many requests predict at once. Closing it
 * frees its resources (a session, a process); predicting after that fails.
 */
public interface LoadedModel extends AutoCloseable {

	/** What the model takes and gives. */
	ModelSignature signature();

	/**
	 * Predicts.
	 * @throws dev.slipway.error.SlipwayException {@code INVALID_ARGUMENT} naming the
	 * column or tensor when the input does not fit the signature,
	 * {@code PREDICTION_FAILED} when the model failed, {@code PREDICTION_TIMEOUT} when it
	 * did not answer in time, {@code SERVICE_UNAVAILABLE} when the backend cannot be
	 * reached
	 */
	Predictions predict(ModelInput input);

	/** Whether the model still answers (a supervised process may have died). */
	default boolean healthy() {
		return true;
	}

	@Override
	void close();

}
