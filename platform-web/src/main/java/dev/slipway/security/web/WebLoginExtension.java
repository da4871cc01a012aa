package dev.slipway.security.web;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;

/**
 * An optional extra way to sign in to the web pages, such as OpenID Connect single
 * sign-on.
 */
public interface WebLoginExtension {

	/**
	 * Adds the extension's login support to the browser filter chain.
	 * @param http the browser filter chain being built
	 * @throws Exception when the configuration fails
	 */
	void configure(HttpSecurity http) throws Exception;

	/**
	 * Returns the label of the button shown on the login page.
	 * @return the button label
	 */
	String buttonLabel();

	/**
	 * Returns the address the login page button points to.
	 * @return the login address
	 */
	String loginUrl();

}
