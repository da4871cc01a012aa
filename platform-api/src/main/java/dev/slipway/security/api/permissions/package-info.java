/**
 * The permission routes every kind of resource with permissions shares, native and
 * MLflow's: a feature's controller extends one, giving its route, its kind of resource
 * and its JSON, so experiments and registered models answer alike.
 */
@NamedInterface("resource-permissions")
package dev.slipway.security.api.permissions;

import org.springframework.modulith.NamedInterface;
