/**
 * Users, roles, API tokens and per-resource permissions: who a caller is
 * ({@link dev.slipway.security.Authenticator}), what they may do (method security on the
 * services, {@link dev.slipway.security.PermissionService}), and the accounts themselves
 * ({@link dev.slipway.security.UserService},
 * {@link dev.slipway.security.ApiTokenService}). Browser sessions ({@code web_sessions})
 * are written by Spring Session JDBC alone, never by Slipway's code.
 */
@OwnsTables({ "users", "api_tokens", "resource_permissions", "resource_default_permissions", "sign_in_failures",
		"web_sessions", "web_sessions_attributes" })
package dev.slipway.security;

import dev.slipway.system.OwnsTables;
