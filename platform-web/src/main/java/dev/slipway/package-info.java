/**
 * Slipway's application: {@link dev.slipway.SlipwayApplication} starts every feature
 * module found below this package.
 */
package dev.slipway;
