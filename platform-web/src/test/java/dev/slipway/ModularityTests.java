package dev.slipway;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

/**
 * The feature boundaries hold: no cycles between the top-level feature packages, and no
 * feature reaches into another one's internal sub-packages.
 */
class ModularityTests {

	@Test
	void featureBoundariesHold() {
		ApplicationModules.of(SlipwayApplication.class).verify();
	}

}
