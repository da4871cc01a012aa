/**
 * Security in the browser: the page filter chain, sign-in (form and OIDC), account and
 * token pages, the admin's user pages, and which reverse proxies' forwarded headers the
 * server believes ({@link dev.slipway.security.web.TrustedProxyValve}).
 */
package dev.slipway.security.web;
