/**
 * The audit trail's pages ({@code /audit}), and what other features' pages use to list
 * audit records: {@link dev.slipway.audit.web.AuditRows} turns records into table rows,
 * linked through the {@link dev.slipway.audit.web.AuditLinks} the owning feature gives.
 */
@NamedInterface("web")
package dev.slipway.audit.web;

import org.springframework.modulith.NamedInterface;
