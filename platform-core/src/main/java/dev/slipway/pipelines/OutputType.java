package dev.slipway.pipelines;

import java.util.Locale;

/**
 * What a step output holds: a file tree, a dataset or model version, metrics or a small
 * value.
 */
public enum OutputType {

	ARTIFACT, DATASET, MODEL, METRICS, VALUE;

	/** The name a document writes, in lower case ({@code model}). */
	public String documentName() {
		return name().toLowerCase(Locale.ROOT);
	}

}
