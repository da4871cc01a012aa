package dev.slipway.pipelines;

import java.util.Locale;

/**
 * The type of a pipeline parameter; datasets and models are resolved to versions at
 * submit.
 */
public enum ParameterType {

	STRING, INT, FLOAT, BOOL, DATASET, MODEL;

	/** The name a document writes, in lower case ({@code float}). */
	public String documentName() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** Whether values of this type compare as numbers in a {@code when} condition. */
	public boolean isNumeric() {
		return this == INT || this == FLOAT;
	}

}
