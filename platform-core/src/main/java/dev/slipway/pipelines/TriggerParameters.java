package dev.slipway.pipelines;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.slipway.error.SlipwayException;

/**
 * The {@code {{event.X}}} placeholders of trigger parameters: plain substitution inside
 * string values, so a MODEL_VERSION trigger passes the new version with {@code {version:
 * "{{event.version}}"}}. No expressions, no escaping: what the event holds is pasted in,
 * then bound to the parameter's type as a run would bind it.
 */
final class TriggerParameters {

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*event\\.([A-Za-z_]+)\\s*\\}\\}");

	private TriggerParameters() {
	}

	/**
	 * Checks that every placeholder is one the kind's events fill.
	 * @throws SlipwayException INVALID_ARGUMENT naming {@code parameters.X}
	 */
	static void check(TriggerKind kind, Map<String, Object> parameters) {
		if (parameters == null) {
			return;
		}
		parameters.forEach((name, value) -> {
			if (value instanceof String text) {
				Matcher matcher = PLACEHOLDER.matcher(text);
				while (matcher.find()) {
					if (!kind.placeholders().contains(matcher.group(1))) {
						throw SlipwayException.invalidArgument("parameters." + name,
								"{{event." + matcher.group(1) + "}} is not filled by " + kind + " events; they fill "
										+ kind.placeholders().stream().map((p) -> "{{event." + p + "}}").toList());
					}
				}
			}
		});
	}

	/**
	 * Sample values of the kind's placeholders ({@code 1} for numbers), to check the
	 * parameters against the definition when the trigger is made.
	 */
	static Map<String, String> samples(TriggerKind kind) {
		Map<String, String> values = new LinkedHashMap<>();
		for (String name : kind.placeholders()) {
			values.put(name, switch (name) {
				case "version", "run_id", "window_start" -> "1";
				default -> name;
			});
		}
		return values;
	}

	/** The parameters with every placeholder replaced by the event's value. */
	static Map<String, Object> fill(Map<String, Object> parameters, Map<String, String> values) {
		Map<String, Object> filled = new LinkedHashMap<>();
		parameters.forEach((name, value) -> {
			if (value instanceof String text) {
				Matcher matcher = PLACEHOLDER.matcher(text);
				StringBuilder out = new StringBuilder();
				while (matcher.find()) {
					matcher.appendReplacement(out, Matcher.quoteReplacement(values.getOrDefault(matcher.group(1), "")));
				}
				matcher.appendTail(out);
				filled.put(name, out.toString());
			}
			else {
				filled.put(name, value);
			}
		});
		return filled;
	}

}
