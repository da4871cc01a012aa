/**
 * The foundation every feature stands on: the installation's identity, the database and
 * artifact store settings, health and start-up checks.
 */
@OwnsTables("platform_instance")
package dev.slipway.system;
