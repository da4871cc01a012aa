/**
 * Monitoring: monitors of registered models, their reference, the mergeable per-window
 * profiles of production data (moments, KLL, exact bin counts, frequent items, HLL), and
 * drift per feature and dataset ({@link dev.slipway.monitoring.MonitorService}). Raw rows
 * are never kept.
 */
@OwnsTables({ "monitors", "monitor_profiles", "monitor_results", "monitor_performance", "monitor_predictions",
		"monitor_alert_rules", "monitor_alert_events" })
package dev.slipway.monitoring;

import dev.slipway.system.OwnsTables;
