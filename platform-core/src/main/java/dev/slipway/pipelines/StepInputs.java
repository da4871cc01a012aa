package dev.slipway.pipelines;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.json.JsonMapper;

/**
 * Resolves a step's templates against a run's parameter values and its upstream steps'
 * outputs, in two ways: for the executor (paths and URIs) and for the cache key (content:
 * an upstream output stands for its digest, so two runs reading the same data get the
 * same key although their URIs differ).
 */
final class StepInputs {

	private static final Pattern TEMPLATE = Pattern.compile("\\{\\{\\s*([^}]*?)\\s*}}");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final StepSpec step;

	private final Map<String, Object> parameters;

	private final Map<String, Map<String, StepOutput>> upstream;

	/**
	 * @param step the step
	 * @param parameters every parameter's value
	 * @param upstream step name to its outputs, for every produced upstream step
	 */
	StepInputs(StepSpec step, Map<String, Object> parameters, Map<String, Map<String, StepOutput>> upstream) {
		this.step = step;
		this.parameters = parameters;
		this.upstream = upstream;
	}

	/**
	 * The upstream outputs this step names that were never made (their step was skipped),
	 * as {@code step.output}.
	 */
	List<String> missingOutputs() {
		List<String> missing = new ArrayList<>();
		for (String text : texts()) {
			Matcher matcher = TEMPLATE.matcher(text);
			while (matcher.find()) {
				String[] parts = matcher.group(1).split("\\.");
				if (parts[0].equals("steps") && output(parts[1], parts[3]) == null) {
					missing.add(parts[1] + "." + parts[3]);
				}
			}
		}
		return missing;
	}

	/**
	 * Resolves a text: {@code outputs} to {@code outputPath}, an upstream output
	 * (directly or through an input) to {@code upstreamPath}, parameters to their values.
	 */
	String resolve(String text, Function<String, String> outputPath, UpstreamPath upstreamPath) {
		return substitute(text, (kind, name, stepName) -> switch (kind) {
			case "params" -> asText(this.parameters.get(name));
			case "outputs" -> outputPath.apply(name);
			case "steps" -> upstreamPath.path(stepName, name, output(stepName, name));
			case "inputs" -> resolveInput(name, outputPath, upstreamPath);
			default -> throw new IllegalStateException(kind);
		});
	}

	private String resolveInput(String name, Function<String, String> outputPath, UpstreamPath upstreamPath) {
		String template = this.step.inputs().get(name);
		return (template != null) ? resolve(template, outputPath, upstreamPath) : "";
	}

	/** Where an upstream output is handed to the step. */
	@FunctionalInterface
	interface UpstreamPath {

		String path(String step, String output, StepOutput stored);

	}

	/** The value a condition operand has: a parameter's value, an output's text. */
	Object conditionValue(String template) {
		Matcher matcher = TEMPLATE.matcher(template);
		if (!matcher.matches()) {
			return template;
		}
		String[] parts = matcher.group(1).split("\\.");
		return switch (parts[0]) {
			case "params" -> this.parameters.get(parts[1]);
			case "steps" -> {
				StepOutput output = output(parts[1], parts[3]);
				yield (output == null) ? null : (output.value() != null) ? output.value().strip() : output.uri();
			}
			case "inputs" -> {
				String input = this.step.inputs().get(parts[1]);
				yield (input == null) ? null : conditionValue(input.strip());
			}
			default -> null;
		};
	}

	/**
	 * The step's cache key: SHA-256 over the canonical JSON of its command and
	 * environment with content identities in place of paths, the image, the values of the
	 * parameters it names, the digests of the upstream outputs it reads, its output names
	 * and types, and the code version.
	 */
	String cacheKey(String pipelineName, String codeVersion) {
		UpstreamPath identity = (stepName, name, stored) -> "<" + stepName + "." + name + ":"
				+ ((stored != null) ? stored.digest() : "missing") + ">";
		Function<String, String> outputIdentity = (name) -> "<output:" + name + ">";
		Map<String, Object> key = new TreeMap<>();
		key.put("command", this.step.command().stream().map((arg) -> resolve(arg, outputIdentity, identity)).toList());
		Map<String, String> env = new TreeMap<>();
		this.step.env().forEach((name, value) -> env.put(name, resolve(value, outputIdentity, identity)));
		key.put("env", env);
		key.put("image", this.step.image());
		Map<String, String> params = new TreeMap<>();
		Map<String, String> inputs = new TreeMap<>();
		for (String text : texts()) {
			Matcher matcher = TEMPLATE.matcher(text);
			while (matcher.find()) {
				String[] parts = matcher.group(1).split("\\.");
				if (parts[0].equals("params")) {
					params.put(parts[1], asText(this.parameters.get(parts[1])));
				}
				else if (parts[0].equals("steps")) {
					StepOutput output = output(parts[1], parts[3]);
					inputs.put(parts[1] + "." + parts[3], (output != null) ? output.digest() : "missing");
				}
			}
		}
		key.put("params", params);
		key.put("inputs", inputs);
		Map<String, String> outputs = new TreeMap<>();
		this.step.outputs().forEach((name, spec) -> outputs.put(name, spec.type().name()));
		key.put("outputs", outputs);
		key.put("code", codeVersion);
		// Scoped to the pipeline: another pipeline's outputs may sit in an experiment the
		// caller cannot read.
		key.put("pipeline", pipelineName);
		return sha256(JSON.writeValueAsString(key));
	}

	/** Every text of the step that may hold templates. */
	private List<String> texts() {
		List<String> texts = new ArrayList<>(this.step.command());
		texts.addAll(this.step.env().values());
		texts.addAll(this.step.inputs().values());
		if (this.step.when() != null) {
			texts.add(this.step.when());
		}
		return texts;
	}

	/** The parameters and upstream outputs this step names, for display. */
	Set<String> references() {
		Set<String> names = new TreeSet<>();
		for (String text : texts()) {
			Matcher matcher = TEMPLATE.matcher(text);
			while (matcher.find()) {
				names.add(matcher.group(1));
			}
		}
		return names;
	}

	private StepOutput output(String stepName, String name) {
		Map<String, StepOutput> outputs = this.upstream.get(stepName);
		return (outputs != null) ? outputs.get(name) : null;
	}

	/** How a parameter value is written into a command. */
	static String asText(Object value) {
		if (value == null) {
			return "";
		}
		if (value instanceof Double number) {
			return BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
		}
		return value.toString();
	}

	static String sha256(String text) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JDK", ex);
		}
	}

	/** Replaces each template with what {@code resolver} says. */
	private static String substitute(String text, Resolver resolver) {
		Matcher matcher = TEMPLATE.matcher(text);
		StringBuilder out = new StringBuilder();
		while (matcher.find()) {
			String[] parts = matcher.group(1).split("\\.");
			String value = (parts[0].equals("steps")) ? resolver.resolve("steps", parts[3], parts[1])
					: resolver.resolve(parts[0], parts[1], null);
			matcher.appendReplacement(out, Matcher.quoteReplacement(value));
		}
		matcher.appendTail(out);
		return out.toString();
	}

	@FunctionalInterface
	private interface Resolver {

		String resolve(String kind, String name, String step);

	}

	/** Evaluates a {@code when} condition. */
	boolean conditionHolds(String when) {
		Matcher operators = Pattern.compile("^\\s*(.+?)\\s*(==|!=|<=|>=|<|>)\\s*(.+?)\\s*$").matcher(when);
		if (!operators.matches()) {
			return true;
		}
		Object left = operand(operators.group(1));
		Object right = operand(operators.group(3));
		String op = operators.group(2);
		if (op.equals("==") || op.equals("!=")) {
			boolean equal = equalValues(left, right);
			return op.equals("==") == equal;
		}
		BigDecimal a = number(left);
		BigDecimal b = number(right);
		if (a == null || b == null) {
			return false;
		}
		int cmp = a.compareTo(b);
		return switch (op) {
			case "<" -> cmp < 0;
			case "<=" -> cmp <= 0;
			case ">" -> cmp > 0;
			default -> cmp >= 0;
		};
	}

	private Object operand(String text) {
		if (text.startsWith("{{")) {
			return conditionValue(text);
		}
		if ((text.startsWith("'") && text.endsWith("'")) || (text.startsWith("\"") && text.endsWith("\""))) {
			return text.substring(1, text.length() - 1);
		}
		if (text.equals("true") || text.equals("false")) {
			return Boolean.valueOf(text);
		}
		return text;
	}

	private static boolean equalValues(Object left, Object right) {
		BigDecimal a = number(left);
		BigDecimal b = number(right);
		if (a != null && b != null) {
			return a.compareTo(b) == 0;
		}
		return asText(left).equals(asText(right));
	}

	private static BigDecimal number(Object value) {
		if (value instanceof Number number) {
			return new BigDecimal(number.toString());
		}
		if (value instanceof String text) {
			try {
				return new BigDecimal(text.strip());
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}
		return null;
	}

	/** Reads a run's parameter JSON. */
	@SuppressWarnings("unchecked")
	static Map<String, Object> parameters(String json) {
		return new LinkedHashMap<>(JSON.readValue(json, LinkedHashMap.class));
	}

}
