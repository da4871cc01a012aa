/**
 * The one error catalogue: {@link dev.slipway.error.ErrorCode} and
 * {@link dev.slipway.error.SlipwayException}. The REST edge maps each code once
 * ({@code dev.slipway.error.api}).
 */
package dev.slipway.error;
