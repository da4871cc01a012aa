/**
 * The system route ({@code /api/v1/system}): instance identity, version and storage
 * backends.
 */
package dev.slipway.system.api;
