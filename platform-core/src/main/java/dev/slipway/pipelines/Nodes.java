package dev.slipway.pipelines;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.slipway.error.SlipwayException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Typed reads of composed YAML nodes; each refusal names the node's line and its path in
 * the document ({@code steps[train].retry.factor}).
 */
final class Nodes {

	/**
	 * A number as JSON writes it; YAML 1.1's octal, hex and sexagesimal forms are
	 * refused.
	 */
	private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?");

	private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]*)");

	private static final Pattern SHORT_DURATION = Pattern.compile("([0-9]{1,9})([smhd])");

	private Nodes() {
	}

	static SlipwayException refusal(Node node, String path, String problem) {
		return YamlDocument.refusal(node.getStartMark(), path.isEmpty() ? problem : path + ": " + problem);
	}

	static boolean isNull(Node node) {
		return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
	}

	static MappingNode mapping(Node node, String path) {
		if (node instanceof MappingNode mapping) {
			return mapping;
		}
		throw refusal(node, path, "must be a mapping (key: value)");
	}

	static List<Node> sequence(Node node, String path) {
		if (node instanceof SequenceNode sequence) {
			return sequence.getValue();
		}
		throw refusal(node, path, "must be a list");
	}

	/**
	 * A mapping's entries, in document order, each key a plain string: a repeated key is
	 * refused at its second occurrence.
	 */
	static Map<String, Node> entries(Node node, String path) {
		Map<String, Node> entries = new LinkedHashMap<>();
		Map<String, Node> keys = new HashMap<>();
		for (NodeTuple tuple : mapping(node, path).getValue()) {
			Node keyNode = tuple.getKeyNode();
			if (!(keyNode instanceof ScalarNode scalar) || isNull(keyNode)) {
				throw refusal(keyNode, path, "keys must be strings");
			}
			String key = scalar.getValue();
			if (keys.putIfAbsent(key, keyNode) != null) {
				throw refusal(keyNode, path, "duplicate key '" + key + "'");
			}
			entries.put(key, tuple.getValueNode());
		}
		return entries;
	}

	/**
	 * The fields of a mapping with a fixed set of keys: an unknown key is refused, so a
	 * typo cannot vanish; a key whose value is null counts as absent.
	 */
	static Map<String, Node> fields(Node node, String path, Set<String> allowed) {
		Map<String, Node> fields = new LinkedHashMap<>();
		MappingNode mapping = mapping(node, path);
		Map<String, Node> entries = entries(mapping, path);
		for (NodeTuple tuple : mapping.getValue()) {
			String key = ((ScalarNode) tuple.getKeyNode()).getValue();
			if (!allowed.contains(key)) {
				throw refusal(tuple.getKeyNode(), path,
						"unknown key '" + key + "' (allowed: " + String.join(", ", sorted(allowed)) + ")");
			}
			if (!isNull(entries.get(key))) {
				fields.put(key, entries.get(key));
			}
		}
		return fields;
	}

	private static List<String> sorted(Set<String> keys) {
		return keys.stream().sorted().toList();
	}

	/**
	 * A scalar's text, whatever YAML would resolve it to ({@code 2} as much as
	 * {@code "2"}).
	 */
	static String text(Node node, String path) {
		if (node instanceof ScalarNode scalar && !isNull(node)) {
			return scalar.getValue();
		}
		throw refusal(node, path, "must be a string");
	}

	/** A string that is not blank. */
	static String nonBlank(Node node, String path) {
		String text = text(node, path);
		if (text.isBlank()) {
			throw refusal(node, path, "must not be blank");
		}
		return text;
	}

	static String matching(Node node, String path, Pattern pattern, String rule) {
		String text = text(node, path);
		if (!pattern.matcher(text).matches()) {
			throw refusal(node, path, "'" + text + "' " + rule);
		}
		return text;
	}

	static boolean isNumber(Node node) {
		return node instanceof ScalarNode scalar && (node.getTag().equals(Tag.INT) || node.getTag().equals(Tag.FLOAT))
				&& NUMBER.matcher(scalar.getValue()).matches();
	}

	static boolean isBoolean(Node node) {
		return node instanceof ScalarNode scalar && node.getTag().equals(Tag.BOOL)
				&& Set.of("true", "false").contains(scalar.getValue().toLowerCase(Locale.ROOT));
	}

	/** A whole number; {@code 3.0} counts as {@code 3}. */
	static long integer(Node node, String path) {
		if (isNumber(node)) {
			String text = ((ScalarNode) node).getValue();
			try {
				return INTEGER.matcher(text).matches() ? Long.parseLong(text) : new BigDecimal(text).longValueExact();
			}
			catch (ArithmeticException | NumberFormatException ex) {
				// Not whole, or beyond a long: both refused below.
			}
		}
		throw refusal(node, path, "must be a whole number");
	}

	static int integer(Node node, String path, int min, int max) {
		long value = integer(node, path);
		if (value < min || value > max) {
			throw refusal(node, path, "must be " + min + " to " + max + ", not " + value);
		}
		return (int) value;
	}

	static double number(Node node, String path) {
		if (isNumber(node)) {
			double value = Double.parseDouble(((ScalarNode) node).getValue());
			if (Double.isFinite(value)) {
				return value;
			}
		}
		throw refusal(node, path, "must be a number");
	}

	static boolean bool(Node node, String path) {
		if (isBoolean(node)) {
			return Boolean.parseBoolean(((ScalarNode) node).getValue().toLowerCase(Locale.ROOT));
		}
		throw refusal(node, path, "must be true or false");
	}

	/**
	 * A duration of whole seconds: {@code 30s}, {@code 10m}, {@code 2h}, {@code 7d},
	 * ISO-8601 ({@code PT30S}) or a number of seconds (as the canonical JSON writes it).
	 */
	static Duration duration(Node node, String path) {
		String rule = "must be a duration such as 30s, 10m, 2h, 7d or PT30S";
		if (node.getTag().equals(Tag.INT) && isNumber(node)) {
			long seconds = integer(node, path);
			if (seconds < 0) {
				throw refusal(node, path, "must not be negative");
			}
			return Duration.ofSeconds(seconds);
		}
		String text = text(node, path);
		Matcher matcher = SHORT_DURATION.matcher(text);
		if (matcher.matches()) {
			long amount = Long.parseLong(matcher.group(1));
			return switch (matcher.group(2)) {
				case "s" -> Duration.ofSeconds(amount);
				case "m" -> Duration.ofMinutes(amount);
				case "h" -> Duration.ofHours(amount);
				default -> Duration.ofDays(amount);
			};
		}
		if (!text.startsWith("P") && !text.startsWith("p")) {
			throw refusal(node, path, rule + ", not '" + text + "'");
		}
		try {
			Duration duration = Duration.parse(text);
			if (duration.isNegative() || duration.getNano() != 0) {
				throw refusal(node, path, "must be a whole, non-negative number of seconds");
			}
			return duration;
		}
		catch (DateTimeParseException ex) {
			throw refusal(node, path, rule + ", not '" + text + "'");
		}
	}

	static Duration positiveDuration(Node node, String path) {
		Duration duration = duration(node, path);
		if (duration.isZero()) {
			throw refusal(node, path, "must be longer than zero");
		}
		return duration;
	}

}
