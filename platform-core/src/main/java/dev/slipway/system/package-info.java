/**
 * The foundation: instance identity, database and artifact-store configuration, health
 * indicators, typed settings ({@link dev.slipway.system.SlipwayProperties}) and start-up
 * failure analysis.
 */
package dev.slipway.system;
