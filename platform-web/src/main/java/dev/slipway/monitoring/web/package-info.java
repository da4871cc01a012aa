/**
 * The monitoring pages: every monitored model with its status, a monitor's dashboard, and
 * a column's drill-down.
 */
package dev.slipway.monitoring.web;
