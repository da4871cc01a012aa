/**
 * Security in the browser: the page filter chain, sign-in (form and OIDC), account and
 * token pages, and the admin's user pages.
 */
package dev.slipway.security.web;
