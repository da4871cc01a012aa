package dev.slipway.tracking;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of experiment tracking ({@code slipway.tracking.*}). Each default is the
 * {@code @DefaultValue} of its field, and only there; docs/configuration.md lists them.
 *
 * @param truncateLongValues cut param and tag values that exceed MLflow's limits to the
 * limit (as MLflow's own server does by default) instead of refusing them with
 * INVALID_PARAMETER_VALUE; off unless set, so that nothing is silently lost
 */
@ConfigurationProperties("slipway.tracking")
public record TrackingProperties(@DefaultValue("false") boolean truncateLongValues) {
}
