package dev.slipway.pipelines;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Turns a composed document into a {@link PipelineDefinition}: first each block's shape
 * and types, then what needs the whole pipeline (step names, dependencies, cycles,
 * references), every refusal naming the line of the node at fault.
 */
final class DefinitionReader {

	/** Pipeline and step names: DNS-label-like, so they fit Kubernetes Job names. */
	static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

	/** Parameter, input and output names, as a reference writes them. */
	static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,62}");

	static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");

	static final Pattern CPU = Pattern.compile("[0-9]+(\\.[0-9]+)?m?");

	static final Pattern MEMORY = Pattern.compile("[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?");

	static final int MAX_STEPS = 200;

	private static final String NAME_RULE = "must be lower-case letters, digits and '-', starting with a letter or digit, at most 63 characters";

	private static final String KEY_RULE = "must be letters, digits, '_' and '-', starting with a letter or '_', at most 63 characters";

	private static final Set<String> TOP = Set.of("name", "description", "params", "defaults", "steps");

	private static final Set<String> PARAM = Set.of("type", "default", "description");

	private static final Set<String> DEFAULTS = Set.of("image", "env", "resources", "retry", "timeout", "cache");

	private static final Set<String> STEP = Set.of("name", "command", "image", "dependsOn", "inputs", "outputs", "env",
			"resources", "retry", "timeout", "cache", "when");

	private static final Set<String> OUTPUT = Set.of("type", "register");

	private static final Set<String> RESOURCES = Set.of("cpu", "memory", "gpu");

	private static final Set<String> RETRY = Set.of("maxAttempts", "backoff", "factor", "maxBackoff");

	private static final Set<String> CACHE = Set.of("enabled", "maxAge");

	private DefinitionReader() {
	}

	/**
	 * A string of the document with the node it came from, for the line of a later
	 * refusal.
	 */
	record Located(String text, Node node) {

	}

	/** What a {@code defaults} block or a step sets; unset fields are {@code null}. */
	record Settings(String image, Map<String, Located> env, Resources resources, Integer maxAttempts, Duration backoff,
			Double factor, Duration maxBackoff, Duration timeout, Boolean cacheEnabled, Duration cacheMaxAge) {

		/** Environment variables: these over {@code base}, name by name. */
		Map<String, Located> envOver(Map<String, Located> base) {
			Map<String, Located> merged = new LinkedHashMap<>(base);
			merged.putAll(this.env);
			return merged;
		}

		StepDefaults over(StepDefaults base) {
			return new StepDefaults((this.image != null) ? this.image : base.image(), texts(envOver(Map.of())),
					this.resources.orElse(base.resources()), retryOver(base.retry()),
					(this.timeout != null) ? this.timeout : base.timeout(), cacheOver(base.cache()));
		}

		RetryPolicy retryOver(RetryPolicy base) {
			return new RetryPolicy((this.maxAttempts != null) ? this.maxAttempts : base.maxAttempts(),
					(this.backoff != null) ? this.backoff : base.backoff(),
					(this.factor != null) ? this.factor : base.factor(),
					(this.maxBackoff != null) ? this.maxBackoff : base.maxBackoff());
		}

		CacheSettings cacheOver(CacheSettings base) {
			return new CacheSettings((this.cacheEnabled != null) ? this.cacheEnabled : base.enabled(),
					(this.cacheMaxAge != null) ? this.cacheMaxAge : base.maxAge());
		}

	}

	/** A step as written, before defaults are applied and references resolved. */
	record Draft(Node node, String name, Node nameNode, List<Located> command, List<Located> dependsOn,
			Map<String, Located> inputs, Map<String, OutputSpec> outputs, Settings settings, Located when) {

		String path() {
			return "steps[" + this.name + "]";
		}

	}

	static PipelineDefinition read(String text) {
		Node root = YamlDocument.compose(text);
		if (root == null) {
			throw new SlipwayException(ErrorCode.INVALID_ARGUMENT, "line 1: the document has no content");
		}
		Map<String, Node> top = Nodes.fields(root, "", TOP);
		String name = Nodes.matching(required(top, "name", root, ""), "name", NAME, NAME_RULE);
		String description = top.containsKey("description") ? Nodes.text(top.get("description"), "description") : null;
		Map<String, ParameterSpec> params = top.containsKey("params") ? params(top.get("params"))
				: new LinkedHashMap<>();
		Settings defaultSettings = top.containsKey("defaults")
				? settings(Nodes.fields(top.get("defaults"), "defaults", DEFAULTS), "defaults") : null;
		StepDefaults defaults = (defaultSettings != null) ? defaultSettings.over(StepDefaults.BUILT_IN)
				: StepDefaults.BUILT_IN;
		Map<String, Located> defaultEnv = (defaultSettings != null) ? defaultSettings.env() : Map.of();

		Node stepsNode = required(top, "steps", root, "");
		List<Node> stepNodes = Nodes.sequence(stepsNode, "steps");
		if (stepNodes.isEmpty()) {
			throw Nodes.refusal(stepsNode, "steps", "must list at least one step");
		}
		if (stepNodes.size() > MAX_STEPS) {
			throw Nodes.refusal(stepNodes.get(MAX_STEPS), "steps", "at most " + MAX_STEPS + " steps");
		}
		Map<String, Draft> drafts = new LinkedHashMap<>();
		for (int i = 0; i < stepNodes.size(); i++) {
			Draft draft = draft(stepNodes.get(i), i);
			if (drafts.putIfAbsent(draft.name(), draft) != null) {
				throw Nodes.refusal(draft.nameNode(), "steps[" + i + "].name",
						"a step named '" + draft.name() + "' is already defined");
			}
		}
		checkDependencies(drafts);
		checkAcyclic(drafts);

		List<StepSpec> steps = new ArrayList<>();
		for (Draft draft : drafts.values()) {
			Settings own = draft.settings();
			steps.add(new StepSpec(draft.name(), texts(draft.command()),
					(own.image() != null) ? own.image() : defaults.image(),
					draft.dependsOn().stream().map(Located::text).sorted().toList(), texts(draft.inputs()),
					draft.outputs(), texts(own.envOver(defaultEnv)), own.resources().orElse(defaults.resources()),
					own.retryOver(defaults.retry()), (own.timeout() != null) ? own.timeout() : defaults.timeout(),
					own.cacheOver(defaults.cache()), (draft.when() != null) ? draft.when().text() : null));
		}
		PipelineDefinition definition = new PipelineDefinition(name, description, params, defaults, steps);
		for (Draft draft : drafts.values()) {
			new References(definition, draft).check(defaultEnv);
		}
		return definition;
	}

	private static Node required(Map<String, Node> fields, String key, Node parent, String path) {
		Node node = fields.get(key);
		if (node == null) {
			throw Nodes.refusal(parent, path, "'" + key + "' is required");
		}
		return node;
	}

	private static Map<String, ParameterSpec> params(Node node) {
		Map<String, ParameterSpec> params = new LinkedHashMap<>();
		Map<String, Node> entries = Nodes.entries(node, "params");
		for (Map.Entry<String, Node> entry : entries.entrySet()) {
			String path = "params." + entry.getKey();
			checkKey(entry.getKey(), entry.getValue(), path);
			if (Nodes.isNull(entry.getValue())) {
				throw Nodes.refusal(entry.getValue(), path, "needs at least a type, as in {type: string}");
			}
			Map<String, Node> fields = Nodes.fields(entry.getValue(), path, PARAM);
			Node typeNode = required(fields, "type", entry.getValue(), path);
			ParameterType type = enumValue(ParameterType.class, typeNode, path + ".type");
			Object value = fields.containsKey("default") ? defaultValue(type, fields.get("default"), path + ".default")
					: null;
			String description = fields.containsKey("description")
					? Nodes.text(fields.get("description"), path + ".description") : null;
			params.put(entry.getKey(), new ParameterSpec(type, value, description));
		}
		return params;
	}

	private static Object defaultValue(ParameterType type, Node node, String path) {
		return switch (type) {
			case INT -> Nodes.integer(node, path);
			case FLOAT -> Nodes.number(node, path);
			case BOOL -> Nodes.bool(node, path);
			case STRING, DATASET, MODEL -> {
				if (Nodes.isNumber(node) || Nodes.isBoolean(node)) {
					throw Nodes.refusal(node, path,
							"a " + type.documentName() + " parameter needs a string default (quote it)");
				}
				yield Nodes.text(node, path);
			}
		};
	}

	private static <E extends Enum<E>> E enumValue(Class<E> type, Node node, String path) {
		String text = Nodes.text(node, path);
		for (E constant : type.getEnumConstants()) {
			if (constant.name().toLowerCase(Locale.ROOT).equals(text)) {
				return constant;
			}
		}
		List<String> names = Arrays.stream(type.getEnumConstants())
			.map((constant) -> constant.name().toLowerCase(Locale.ROOT))
			.toList();
		throw Nodes.refusal(node, path, "'" + text + "' is not one of " + String.join(", ", names));
	}

	private static void checkKey(String key, Node node, String path) {
		if (!KEY.matcher(key).matches()) {
			throw Nodes.refusal(node, path, "the name '" + key + "' " + KEY_RULE);
		}
	}

	private static Settings settings(Map<String, Node> fields, String path) {
		String image = fields.containsKey("image") ? Nodes.nonBlank(fields.get("image"), path + ".image") : null;
		Map<String, Located> env = new LinkedHashMap<>();
		if (fields.containsKey("env")) {
			Nodes.entries(fields.get("env"), path + ".env").forEach((name, value) -> {
				if (!ENV_NAME.matcher(name).matches()) {
					throw Nodes.refusal(value, path + ".env",
							"'" + name + "' is not an environment variable name (letters, digits, '_')");
				}
				env.put(name, new Located(Nodes.text(value, path + ".env." + name), value));
			});
		}
		Resources resources = Resources.NONE;
		if (fields.containsKey("resources")) {
			String at = path + ".resources";
			Map<String, Node> block = Nodes.fields(fields.get("resources"), at, RESOURCES);
			resources = new Resources(
					block.containsKey("cpu") ? Nodes.matching(block.get("cpu"), at + ".cpu", CPU,
							"is not a CPU quantity such as 2, 0.5 or 500m") : null,
					block.containsKey("memory") ? Nodes.matching(block.get("memory"), at + ".memory", MEMORY,
							"is not a memory quantity such as 4Gi or 512M") : null,
					block.containsKey("gpu") ? Nodes.integer(block.get("gpu"), at + ".gpu", 0, 64) : null);
		}
		Integer maxAttempts = null;
		Duration backoff = null;
		Double factor = null;
		Duration maxBackoff = null;
		if (fields.containsKey("retry")) {
			String at = path + ".retry";
			Map<String, Node> block = Nodes.fields(fields.get("retry"), at, RETRY);
			if (block.containsKey("maxAttempts")) {
				maxAttempts = Nodes.integer(block.get("maxAttempts"), at + ".maxAttempts", 1, RetryPolicy.MAX_ATTEMPTS);
			}
			if (block.containsKey("backoff")) {
				backoff = Nodes.duration(block.get("backoff"), at + ".backoff");
			}
			if (block.containsKey("factor")) {
				factor = Nodes.number(block.get("factor"), at + ".factor");
				if (factor < 1) {
					throw Nodes.refusal(block.get("factor"), at + ".factor", "must be at least 1");
				}
			}
			if (block.containsKey("maxBackoff")) {
				maxBackoff = Nodes.duration(block.get("maxBackoff"), at + ".maxBackoff");
			}
		}
		Duration timeout = fields.containsKey("timeout")
				? Nodes.positiveDuration(fields.get("timeout"), path + ".timeout") : null;
		Boolean cacheEnabled = null;
		Duration cacheMaxAge = null;
		if (fields.containsKey("cache")) {
			String at = path + ".cache";
			Map<String, Node> block = Nodes.fields(fields.get("cache"), at, CACHE);
			if (block.containsKey("enabled")) {
				cacheEnabled = Nodes.bool(block.get("enabled"), at + ".enabled");
			}
			if (block.containsKey("maxAge")) {
				cacheMaxAge = Nodes.positiveDuration(block.get("maxAge"), at + ".maxAge");
			}
		}
		return new Settings(image, env, resources, maxAttempts, backoff, factor, maxBackoff, timeout, cacheEnabled,
				cacheMaxAge);
	}

	private static Draft draft(Node node, int index) {
		Map<String, Node> fields = Nodes.fields(node, "steps[" + index + "]", STEP);
		Node nameNode = required(fields, "name", node, "steps[" + index + "]");
		String name = Nodes.matching(nameNode, "steps[" + index + "].name", NAME, NAME_RULE);
		String path = "steps[" + name + "]";
		Node commandNode = required(fields, "command", node, path);
		List<Located> command = new ArrayList<>();
		for (Node part : Nodes.sequence(commandNode, path + ".command")) {
			command.add(new Located(Nodes.text(part, path + ".command"), part));
		}
		if (command.isEmpty()) {
			throw Nodes.refusal(commandNode, path + ".command", "must name a program to run");
		}
		List<Located> dependsOn = new ArrayList<>();
		if (fields.containsKey("dependsOn")) {
			for (Node dependency : Nodes.sequence(fields.get("dependsOn"), path + ".dependsOn")) {
				dependsOn.add(new Located(Nodes.text(dependency, path + ".dependsOn"), dependency));
			}
		}
		Map<String, Located> inputs = new LinkedHashMap<>();
		if (fields.containsKey("inputs")) {
			Nodes.entries(fields.get("inputs"), path + ".inputs").forEach((input, value) -> {
				checkKey(input, value, path + ".inputs");
				inputs.put(input, new Located(Nodes.text(value, path + ".inputs." + input), value));
			});
		}
		Map<String, OutputSpec> outputs = new LinkedHashMap<>();
		if (fields.containsKey("outputs")) {
			Nodes.entries(fields.get("outputs"), path + ".outputs").forEach((output, value) -> {
				String at = path + ".outputs." + output;
				checkKey(output, value, path + ".outputs");
				Map<String, Node> spec = Nodes.fields(value, at, OUTPUT);
				OutputType type = enumValue(OutputType.class, required(spec, "type", value, at), at + ".type");
				String register = null;
				if (spec.containsKey("register")) {
					register = Nodes.nonBlank(spec.get("register"), at + ".register");
					if (type != OutputType.MODEL) {
						throw Nodes.refusal(spec.get("register"), at + ".register",
								"only a model output can be registered, and this one is " + type.documentName());
					}
				}
				outputs.put(output, new OutputSpec(type, register));
			});
		}
		Located when = null;
		if (fields.containsKey("when")) {
			Node whenNode = fields.get("when");
			if (!(whenNode instanceof ScalarNode)) {
				throw Nodes.refusal(whenNode, path + ".when",
						"must be a string; quote a condition that starts with {{ (when: \"{{params.x}} > 1\")");
			}
			when = new Located(Nodes.text(whenNode, path + ".when"), whenNode);
		}
		return new Draft(node, name, nameNode, command, dependsOn, inputs, outputs, settings(fields, path), when);
	}

	private static void checkDependencies(Map<String, Draft> drafts) {
		for (Draft draft : drafts.values()) {
			Set<String> seen = new LinkedHashSet<>();
			for (Located dependency : draft.dependsOn()) {
				String at = draft.path() + ".dependsOn";
				if (dependency.text().equals(draft.name())) {
					throw Nodes.refusal(dependency.node(), at, "a step cannot depend on itself");
				}
				if (!drafts.containsKey(dependency.text())) {
					throw Nodes.refusal(dependency.node(), at, "no step is named '" + dependency.text() + "'");
				}
				if (!seen.add(dependency.text())) {
					throw Nodes.refusal(dependency.node(), at, "'" + dependency.text() + "' is listed twice");
				}
			}
		}
	}

	/** Depth first, in document order, so the cycle named is the same on every upload. */
	private static void checkAcyclic(Map<String, Draft> drafts) {
		Map<String, Boolean> finished = new HashMap<>();
		for (String start : drafts.keySet()) {
			if (!finished.containsKey(start)) {
				visit(start, drafts, finished, new ArrayDeque<>());
			}
		}
	}

	private static void visit(String name, Map<String, Draft> drafts, Map<String, Boolean> finished,
			Deque<String> path) {
		finished.put(name, false);
		path.addLast(name);
		for (Located dependency : drafts.get(name).dependsOn()) {
			Boolean state = finished.get(dependency.text());
			if (state == null) {
				visit(dependency.text(), drafts, finished, path);
			}
			else if (!state) {
				List<String> cycle = new ArrayList<>(path);
				cycle = new ArrayList<>(cycle.subList(cycle.indexOf(dependency.text()), cycle.size()));
				cycle.add(dependency.text());
				throw Nodes.refusal(dependency.node(), drafts.get(name).path() + ".dependsOn",
						"the steps depend on each other in a cycle: " + String.join(" -> ", cycle));
			}
		}
		path.removeLast();
		finished.put(name, true);
	}

	private static <K> Map<K, String> texts(Map<K, Located> located) {
		Map<K, String> texts = new LinkedHashMap<>();
		located.forEach((key, value) -> texts.put(key, value.text()));
		return texts;
	}

	private static List<String> texts(List<Located> located) {
		return located.stream().map(Located::text).toList();
	}

	/** Resolves the references of one step against the pipeline. */
	private static final class References {

		private final PipelineDefinition definition;

		private final Draft draft;

		private final Set<String> ancestors;

		References(PipelineDefinition definition, Draft draft) {
			this.definition = definition;
			this.draft = draft;
			this.ancestors = definition.ancestors(draft.name());
		}

		void check(Map<String, Located> defaultEnv) {
			String path = this.draft.path();
			Set<String> anywhere = Set.of("params", "inputs", "outputs", "steps");
			for (Located part : this.draft.command()) {
				resolveAll(part, path + ".command", anywhere);
			}
			for (Map.Entry<String, Located> variable : this.draft.settings().envOver(defaultEnv).entrySet()) {
				boolean inherited = !this.draft.settings().env().containsKey(variable.getKey());
				resolveAll(variable.getValue(), (inherited ? "defaults" : path) + ".env." + variable.getKey(),
						anywhere);
			}
			this.draft.inputs()
				.forEach((input, value) -> resolveAll(value, path + ".inputs." + input, Set.of("params", "steps")));
			Located when = this.draft.when();
			if (when != null) {
				String at = path + ".when";
				Templates.Condition condition = Templates.condition(when.text(), when.node(), at);
				Set<String> allowed = Set.of("params", "inputs", "steps");
				checkOperand(condition.left(), condition.leftKind(), condition, when, at, allowed);
				checkOperand(condition.right(), condition.rightKind(), condition, when, at, allowed);
			}
		}

		private void checkOperand(String operand, Templates.Operand kind, Templates.Condition condition, Located when,
				String path, Set<String> allowed) {
			if (kind != Templates.Operand.TEMPLATE) {
				return;
			}
			for (Templates.Reference reference : Templates.references(operand, when.node(), path)) {
				boolean numeric = resolve(reference, when.node(), path, allowed);
				if (condition.isNumericComparison() && !numeric) {
					throw Nodes.refusal(when.node(), path,
							"'" + condition.operator() + "' compares numbers, and " + reference + " is not a number");
				}
			}
		}

		private void resolveAll(Located located, String path, Set<String> allowed) {
			for (Templates.Reference reference : Templates.references(located.text(), located.node(), path)) {
				resolve(reference, located.node(), path, allowed);
			}
		}

		/**
		 * Refuses a reference that names nothing; says whether its value may be a number.
		 */
		private boolean resolve(Templates.Reference reference, Node node, String path, Set<String> allowed) {
			if (!allowed.contains(reference.kind())) {
				throw Nodes.refusal(node, path, reference + " cannot be used here");
			}
			String name = this.draft.name();
			switch (reference.kind()) {
				case "params" -> {
					ParameterSpec param = this.definition.parameters().get(reference.name());
					if (param == null) {
						throw Nodes.refusal(node, path,
								reference + ": no parameter '" + reference.name() + "' is declared under params");
					}
					return param.type().isNumeric();
				}
				case "inputs" -> {
					if (!this.draft.inputs().containsKey(reference.name())) {
						throw Nodes.refusal(node, path,
								reference + ": step '" + name + "' has no input '" + reference.name() + "'");
					}
					return true;
				}
				case "outputs" -> {
					if (!this.draft.outputs().containsKey(reference.name())) {
						throw Nodes.refusal(node, path,
								reference + ": step '" + name + "' has no output '" + reference.name() + "'");
					}
					return true;
				}
				default -> {
					StepSpec upstream = this.definition.step(reference.step())
						.orElseThrow(() -> Nodes.refusal(node, path,
								reference + ": no step is named '" + reference.step() + "'"));
					if (!this.ancestors.contains(upstream.name())) {
						throw Nodes.refusal(node, path, reference + ": step '" + upstream.name()
								+ "' is not upstream of '" + name + "' (add it to dependsOn)");
					}
					OutputSpec output = upstream.outputs().get(reference.name());
					if (output == null) {
						throw Nodes.refusal(node, path, reference + ": step '" + upstream.name() + "' has no output '"
								+ reference.name() + "'");
					}
					return output.type() == OutputType.VALUE || output.type() == OutputType.METRICS;
				}
			}
		}

	}

}
