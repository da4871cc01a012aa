package dev.slipway.web;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The first admin of test servers: a fixed password given the way operators give it
 * ({@code SLIPWAY_ADMIN_PASSWORD}), so tests sign in without reading the log.
 */
public final class TestAdmin {

	/** The admin's user name. */
	public static final String USERNAME = "admin";

	/** The admin's password in every test server. */
	public static final String PASSWORD = "test-admin-password-1";

	private TestAdmin() {
	}

	/** Gives the test server its first admin's password. */
	public static void register(DynamicPropertyRegistry registry) {
		registry.add("slipway.security.admin-password", () -> PASSWORD);
	}

	/** A client signed in as the admin with HTTP Basic. */
	public static HttpProbe signedIn(HttpProbe probe) {
		return probe.basic(USERNAME, PASSWORD);
	}

}
