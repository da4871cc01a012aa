package dev.slipway.tracking.web;

import dev.slipway.error.SlipwayException;

/**
 * A refusal to show on a tracking page, next to the form it came from.
 *
 * @param message what is wrong, for people
 */
record ExperimentsMessage(String message) {

	static ExperimentsMessage of(SlipwayException ex) {
		return new ExperimentsMessage(ex.getMessage());
	}

}
