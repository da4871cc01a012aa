package dev.slipway.tracking;

import java.util.List;

/**
 * What the run page shows of one artifact file: a bounded read of its start, shaped by
 * its kind.
 *
 * @param path the file's path relative to the run's artifact root
 * @param kind how it is shown
 * @param size the file's size in bytes
 * @param text the text shown (pretty-printed for JSON), null for tables, images and
 * binary files
 * @param rows the table of a CSV or TSV file, header first; empty for other kinds
 * @param flavors the flavors an MLmodel file declares; empty for other kinds
 * @param truncated whether only the start of the file is shown
 */
public record ArtifactPreview(String path, Kind kind, long size, String text, List<List<String>> rows,
		List<String> flavors, boolean truncated) {

	/** Most bytes read for a preview. */
	public static final int MAX_BYTES = 256 * 1024;

	/** Most table rows shown of a CSV or TSV file, header included. */
	public static final int MAX_ROWS = 500;

	/** The file's name, the last segment of its path. */
	public String name() {
		return this.path.substring(this.path.lastIndexOf('/') + 1);
	}

	/** How an artifact is shown. */
	public enum Kind {

		/** Plain text: logs, source, notes. */
		TEXT,

		/** JSON, pretty-printed. */
		JSON,

		/** YAML as written. */
		YAML,

		/** CSV or TSV as a table. */
		TABLE,

		/** An image, shown from the raw route. */
		IMAGE,

		/** An MLflow model description: YAML with its flavors named. */
		MLMODEL,

		/** Nothing to show; download it. */
		BINARY

	}

}
