/**
 * The audit trail over REST: {@code GET /api/v1/audit} (filtered, paged) and
 * {@code GET /api/v1/audit/export} (RFC 4180 CSV, streamed).
 */
package dev.slipway.audit.api;
