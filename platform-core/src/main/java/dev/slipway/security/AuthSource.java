package dev.slipway.security;

/** Where an account's identity is proven. */
public enum AuthSource {

	/** A password Slipway checks (or, for service accounts, only tokens). */
	LOCAL,

	/** An OpenID Connect provider; the account is provisioned at its first sign-in. */
	OIDC

}
