package dev.slipway.tracking.web;

import java.io.Serializable;

import dev.slipway.error.SlipwayException;

/**
 * A refusal to show on a tracking page, next to the form it came from.
 *
 * @param message what is wrong, for people
 */
// Serializable: a flash attribute, kept in the session table until the next page shows
// it.
record ExperimentsMessage(String message) implements Serializable {

	static ExperimentsMessage of(SlipwayException ex) {
		return new ExperimentsMessage(ex.getMessage());
	}

}
