package dev.slipway.security.web;

import dev.slipway.error.SlipwayException;

/**
 * A refusal to show on a form, next to the field it names when it names one.
 *
 * @param field the form field at fault ({@code new_password}), or null
 * @param message what is wrong, for people
 */
record FormError(String field, String message) {

	static FormError of(SlipwayException ex) {
		String text = ex.getMessage();
		int colon = text.indexOf(": ");
		if (colon > 0 && text.substring(0, colon).matches("[a-z_]+")) {
			return new FormError(text.substring(0, colon), text);
		}
		return new FormError(null, text);
	}

	static FormError of(String field, String message) {
		return new FormError(field, message);
	}

	/** Whether the error is about {@code name}. */
	public boolean about(String name) {
		return name.equals(this.field);
	}

}
