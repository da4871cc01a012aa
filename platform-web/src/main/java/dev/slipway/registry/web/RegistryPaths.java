package dev.slipway.registry.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import dev.slipway.registry.Stage;

import org.springframework.modulith.NamedInterface;
import org.springframework.web.util.UriUtils;

/**
 * Addresses and display helpers the registry pages share: a model's name is one path
 * segment, encoded, and times show in UTC.
 */
@NamedInterface("pages")
public final class RegistryPaths {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
		.withZone(ZoneOffset.UTC);

	private RegistryPaths() {
	}

	/** The page of a registered model. */
	public static String model(String name) {
		return "/models/" + UriUtils.encodePathSegment(name, java.nio.charset.StandardCharsets.UTF_8);
	}

	/** The page of a model version. */
	public static String version(String name, int version) {
		return model(name) + "/versions/" + version;
	}

	/** The webhooks page of a registered model. */
	public static String webhooks(String name) {
		return model(name) + "/webhooks";
	}

	/** Epoch milliseconds as text, empty for null. */
	public static String time(Long epochMillis) {
		return (epochMillis == null || epochMillis <= 0) ? "" : TIME.format(Instant.ofEpochMilli(epochMillis));
	}

	/** Epoch milliseconds as an ISO instant for {@code <time datetime>}, or null. */
	public static String isoTime(Long epochMillis) {
		return (epochMillis == null || epochMillis <= 0) ? null : Instant.ofEpochMilli(epochMillis).toString();
	}

	/** The badge classes of a stage: {@code badge stage-production}. */
	public static String stageClass(Stage stage) {
		return "badge stage-" + stage.name().toLowerCase(Locale.ROOT);
	}

}
