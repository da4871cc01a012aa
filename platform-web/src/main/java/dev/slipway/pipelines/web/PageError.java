package dev.slipway.pipelines.web;

import java.io.Serializable;

import dev.slipway.error.SlipwayException;

/**
 * A refusal to show on a pipeline page: next to the start form's field it names
 * ({@code parameters.lr: must be a number}), or at the top. Serializable: as a flash
 * attribute it passes through the session, which is stored in the database.
 *
 * @param field the field at fault ({@code parameters.lr}, {@code version}), or null
 * @param message what is wrong, for people
 */
record PageError(String field, String message) implements Serializable {

	static PageError of(SlipwayException ex) {
		String text = ex.getMessage();
		int colon = text.indexOf(": ");
		if (colon > 0 && text.substring(0, colon).matches("[A-Za-z0-9_.-]+")) {
			return new PageError(text.substring(0, colon), text);
		}
		return new PageError(null, text);
	}

	/** Whether the error is about the parameter {@code name}. */
	public boolean aboutParameter(String name) {
		return ("parameters." + name).equals(this.field);
	}

	/** Whether the error names no parameter (shown above the form). */
	public boolean general() {
		return this.field == null || !this.field.startsWith("parameters.");
	}

}
