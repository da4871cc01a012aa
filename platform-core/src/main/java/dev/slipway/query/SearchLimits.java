package dev.slipway.query;

/** The bounds of MLflow searches; callers enforce the page sizes, the parser the rest. */
public final class SearchLimits {

	/**
	 * {@code max_results} default for runs and experiments (MLflow
	 * SEARCH_MAX_RESULTS_DEFAULT).
	 */
	public static final int DEFAULT_MAX_RESULTS = 1000;

	/**
	 * Largest {@code max_results} for runs and experiments (MLflow
	 * SEARCH_MAX_RESULTS_THRESHOLD).
	 */
	public static final int MAX_RESULTS_THRESHOLD = 50000;

	/**
	 * {@code max_results} default for logged models (MLflow
	 * SEARCH_LOGGED_MODEL_MAX_RESULTS_DEFAULT).
	 */
	public static final int LOGGED_MODELS_DEFAULT_MAX_RESULTS = 100;

	/** Most clauses one filter may hold; each one becomes a sub-query. */
	public static final int MAX_CLAUSES = 100;

	/** Most values all {@code IN} lists of one filter may hold together. */
	public static final int MAX_LIST_VALUES = 10000;

	/** Most {@code order_by} entries one search may name. */
	public static final int MAX_ORDER_BY = 20;

	private SearchLimits() {
	}

}
