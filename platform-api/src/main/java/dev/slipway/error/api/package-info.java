/**
 * How the REST edge answers a {@link dev.slipway.error.SlipwayException}: RFC 9457
 * Problem Details on native routes, MLflow's error JSON on MLflow routes. Exposed to
 * every feature's REST edge as the named interface {@code error::api}.
 */
@NamedInterface("api")
package dev.slipway.error.api;

import org.springframework.modulith.NamedInterface;
