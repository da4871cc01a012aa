package dev.slipway.tracking;

/** MLflow's {@code mlflow-artifacts:/} URIs and the artifact store keys behind them. */
public final class ArtifactUris {

	public static final String SCHEME = "mlflow-artifacts:";

	private ArtifactUris() {
	}

	/** {@code location/child}, with exactly one slash between. */
	public static String child(String location, String child) {
		String base = location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
		return base + "/" + child;
	}

	/**
	 * The store key of a URI served by this server
	 * ({@code mlflow-artifacts:/0/abc/artifacts} → {@code 0/abc/artifacts}), or null for
	 * a URI somewhere else (such as {@code s3://}).
	 */
	public static String keyOf(String uri) {
		if (uri == null || !uri.startsWith(SCHEME)) {
			return null;
		}
		String path = uri.substring(SCHEME.length());
		// mlflow-artifacts://host:port/path carries a host; the path is what the store
		// knows.
		if (path.startsWith("//")) {
			int slash = path.indexOf('/', 2);
			path = (slash < 0) ? "" : path.substring(slash);
		}
		while (path.startsWith("/")) {
			path = path.substring(1);
		}
		while (path.endsWith("/")) {
			path = path.substring(0, path.length() - 1);
		}
		return path;
	}

}
