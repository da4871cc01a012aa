package dev.slipway.monitoring;

import java.time.Duration;

import dev.slipway.system.InvalidSettingException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Monitoring settings ({@code slipway.monitoring.*}). Each default is the
 * {@code @DefaultValue} of its field, and only there; docs/configuration.md lists them.
 *
 * @param kllK the KLL sketch size of new profiles, 8 to 65535: rank error about 0.7% at
 * 400, 0.27% at 1024; a profile takes about 25 bytes per unit of k
 * ({@code SLIPWAY_MONITORING_KLL_K})
 * @param bins the number of quantile bins a numeric reference is cut into for PSI and JS,
 * 2 to 100 ({@code SLIPWAY_MONITORING_BINS})
 * @param maxCategories the most reference categories a column keeps bins for (the rest
 * share one "other" bin), 2 to 10000 ({@code SLIPWAY_MONITORING_MAX_CATEGORIES})
 * @param maxColumns the most columns a monitor profiles, 1 to 5000
 * ({@code SLIPWAY_MONITORING_MAX_COLUMNS})
 * @param maxBatchRows the most rows one production batch may hold
 * ({@code SLIPWAY_MONITORING_MAX_BATCH_ROWS})
 * @param maxBatchSize the largest production batch or label body accepted
 * ({@code SLIPWAY_MONITORING_MAX_BATCH_SIZE})
 * @param maxReferenceSize the largest reference file accepted
 * ({@code SLIPWAY_MONITORING_MAX_REFERENCE_SIZE})
 * @param maxMonitorsPerModel the most monitors one registered model may have
 * ({@code SLIPWAY_MONITORING_MAX_MONITORS_PER_MODEL})
 * @param labelHorizon how long a prediction sent with an id waits for its label before it
 * is forgotten ({@code SLIPWAY_MONITORING_LABEL_HORIZON})
 * @param evaluationInterval how often each replica looks for closed windows to evaluate
 * alert rules on, and refreshes the Prometheus gauges
 * ({@code SLIPWAY_MONITORING_EVALUATION_INTERVAL})
 * @param mailFrom the sender of alert e-mails, where SMTP is configured
 * ({@code SLIPWAY_MONITORING_MAIL_FROM})
 */
@ConfigurationProperties("slipway.monitoring")
public record MonitoringSettings(@DefaultValue("400") int kllK, @DefaultValue("10") int bins,
		@DefaultValue("100") int maxCategories, @DefaultValue("500") int maxColumns,
		@DefaultValue("100000") int maxBatchRows, @DefaultValue("256MB") DataSize maxBatchSize,
		@DefaultValue("2GB") DataSize maxReferenceSize, @DefaultValue("50") int maxMonitorsPerModel,
		@DefaultValue("30d") Duration labelHorizon, @DefaultValue("1m") Duration evaluationInterval,
		@DefaultValue("slipway@localhost") String mailFrom) {

	/** Checks the values, so a bad setting stops the start with its name. */
	public MonitoringSettings {
		range("KLL_K", kllK, 8, 65535);
		range("BINS", bins, 2, 100);
		range("MAX_CATEGORIES", maxCategories, 2, 10000);
		range("MAX_COLUMNS", maxColumns, 1, 5000);
		range("MAX_BATCH_ROWS", maxBatchRows, 1, 10_000_000);
		range("MAX_MONITORS_PER_MODEL", maxMonitorsPerModel, 1, 10_000);
		if (labelHorizon == null || labelHorizon.isNegative() || labelHorizon.isZero()) {
			throw new InvalidSettingException("SLIPWAY_MONITORING_LABEL_HORIZON",
					"must be a positive duration, such as 30d");
		}
		if (evaluationInterval == null || evaluationInterval.isNegative() || evaluationInterval.isZero()) {
			throw new InvalidSettingException("SLIPWAY_MONITORING_EVALUATION_INTERVAL",
					"must be a positive duration, such as 1m");
		}
		if (maxBatchSize == null || maxBatchSize.toBytes() < 1) {
			throw new InvalidSettingException("SLIPWAY_MONITORING_MAX_BATCH_SIZE", "must be a size, such as 256MB");
		}
		if (maxReferenceSize == null || maxReferenceSize.toBytes() < 1) {
			throw new InvalidSettingException("SLIPWAY_MONITORING_MAX_REFERENCE_SIZE", "must be a size, such as 2GB");
		}
	}

	private static void range(String name, int value, int min, int max) {
		if (value < min || value > max) {
			throw new InvalidSettingException("SLIPWAY_MONITORING_" + name, "must be between " + min + " and " + max);
		}
	}

}
