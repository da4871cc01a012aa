package dev.slipway.pipelines;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class PipelineDefinitionsTest {

	/** The spec's section 7 example, in this format. */
	static final String CHURN = """
			# Trains the churn model.
			name: churn-train
			description: Prepare the churn data and train a model on it
			params:
			  lr: {type: float, default: 0.01}
			  data: {type: dataset, default: "churn@latest"}
			  epochs: {type: int, default: 5, description: passes over the data}
			defaults:
			  image: python:3.12-slim
			  retry: {maxAttempts: 3, backoff: 10s, factor: 2, maxBackoff: 10m}
			  timeout: 2h
			  cache: {enabled: true, maxAge: 7d}
			  env: {PYTHONUNBUFFERED: "1"}
			steps:
			  - name: prepare
			    command: [python, prepare.py, --in, "{{inputs.raw}}", --out, "{{outputs.train}}"]
			    inputs: {raw: "{{params.data}}"}
			    outputs: {train: {type: dataset}}
			  - name: train
			    dependsOn: [prepare]
			    command: [python, train.py, --lr, "{{params.lr}}", --data, "{{inputs.train}}"]
			    inputs: {train: "{{steps.prepare.outputs.train}}"}
			    outputs:
			      model: {type: model, register: churn-model}
			      metrics: {type: metrics}
			    resources: {cpu: 2, memory: 4Gi, gpu: 0}
			    retry: {maxAttempts: 5}
			    timeout: 30m
			    when: "{{params.epochs}} > 0"
			""";

	/** The same pipeline: JSON, keys in another order, durations written otherwise. */
	static final String CHURN_JSON = """
			{
			  "steps": [
			    {
			      "name": "prepare",
			      "outputs": {"train": {"type": "dataset"}},
			      "inputs": {"raw": "{{params.data}}"},
			      "command": ["python", "prepare.py", "--in", "{{inputs.raw}}", "--out", "{{outputs.train}}"]
			    },
			    {
			      "when": "{{params.epochs}} > 0",
			      "timeout": "PT30M",
			      "retry": {"maxAttempts": 5},
			      "resources": {"gpu": 0, "memory": "4Gi", "cpu": "2"},
			      "name": "train",
			      "dependsOn": ["prepare"],
			      "command": ["python", "train.py", "--lr", "{{params.lr}}", "--data", "{{inputs.train}}"],
			      "inputs": {"train": "{{steps.prepare.outputs.train}}"},
			      "outputs": {"metrics": {"type": "metrics"}, "model": {"register": "churn-model", "type": "model"}}
			    }
			  ],
			  "defaults": {
			    "env": {"PYTHONUNBUFFERED": "1"},
			    "cache": {"maxAge": "168h", "enabled": true},
			    "timeout": 7200,
			    "retry": {"maxBackoff": "600s", "factor": 2.0, "backoff": "PT10S", "maxAttempts": 3},
			    "image": "python:3.12-slim"
			  },
			  "params": {
			    "epochs": {"description": "passes over the data", "default": 5, "type": "int"},
			    "data": {"default": "churn@latest", "type": "dataset"},
			    "lr": {"type": "float", "default": 1e-2}
			  },
			  "description": "Prepare the churn data and train a model on it",
			  "name": "churn-train"
			}
			""";

	@Test
	void theSpecExampleParsesWithEffectiveSettings() {
		PipelineDefinition definition = PipelineDefinitions.parse(CHURN).definition();

		assertThat(definition.name()).isEqualTo("churn-train");
		assertThat(definition.parameters().get("lr")).isEqualTo(new ParameterSpec(ParameterType.FLOAT, 0.01, null));
		assertThat(definition.parameters().get("epochs").defaultValue()).isEqualTo(5L);
		StepSpec prepare = definition.step("prepare").orElseThrow();
		assertThat(prepare.image()).isEqualTo("python:3.12-slim");
		assertThat(prepare.retry()).isEqualTo(new RetryPolicy(3, Duration.ofSeconds(10), 2, Duration.ofMinutes(10)));
		assertThat(prepare.timeout()).isEqualTo(Duration.ofHours(2));
		assertThat(prepare.cache()).isEqualTo(new CacheSettings(true, Duration.ofDays(7)));
		assertThat(prepare.env()).containsEntry("PYTHONUNBUFFERED", "1");
		assertThat(prepare.resources()).isEqualTo(Resources.NONE);
		StepSpec train = definition.step("train").orElseThrow();
		assertThat(train.retry().maxAttempts()).isEqualTo(5);
		assertThat(train.retry().backoff()).isEqualTo(Duration.ofSeconds(10));
		assertThat(train.timeout()).isEqualTo(Duration.ofMinutes(30));
		assertThat(train.resources()).isEqualTo(new Resources("2", "4Gi", 0));
		assertThat(train.outputs().get("model")).isEqualTo(new OutputSpec(OutputType.MODEL, "churn-model"));
		assertThat(train.dependsOn()).containsExactly("prepare");
		assertThat(train.when()).isEqualTo("{{params.epochs}} > 0");
		assertThat(definition.step("evaluate")).isEmpty();
	}

	@Test
	void stepsWithoutDefaultsGetTheBuiltInOnes() {
		StepSpec step = PipelineDefinitions.parse(doc("name: p", "steps:", "  - {name: a, command: [run]}"))
			.definition()
			.steps()
			.get(0);

		assertThat(step.retry()).isEqualTo(new RetryPolicy(1, Duration.ofSeconds(10), 2, Duration.ofMinutes(10)));
		assertThat(step.timeout()).isEqualTo(Duration.ofHours(1));
		assertThat(step.cache()).isEqualTo(new CacheSettings(true, null));
		assertThat(step.image()).isNull();
		assertThat(step.retriesAfter(1)).isFalse();
	}

	@Test
	void jsonAndYamlOfOnePipelineHaveOneDigest() {
		ParsedPipeline yaml = PipelineDefinitions.parse(CHURN);
		ParsedPipeline json = PipelineDefinitions.parse(CHURN_JSON);

		assertThat(json.canonicalJson()).isEqualTo(yaml.canonicalJson());
		assertThat(json.digest()).isEqualTo(yaml.digest()).matches("sha256:[0-9a-f]{64}");
		assertThat(yaml.canonicalJson()).doesNotContain("\n", "\": ", ", \"")
			.startsWith("{\"description\":")
			.contains("\"timeout\":1800");
	}

	@Test
	void jsonIndentedWithTabsIsRead() {
		String tabbed = CHURN_JSON.replace("  ", "\t");

		assertThat(tabbed).contains("\t\"steps\"");
		assertThat(PipelineDefinitions.parse(tabbed).digest()).isEqualTo(PipelineDefinitions.parse(CHURN).digest());
	}

	@Test
	void commentsLayoutAndKeyOrderKeepTheDigest() {
		String reformatted = CHURN.replace("# Trains the churn model.", "# Another comment")
			.replace("  lr: {type: float, default: 0.01}", "  lr:\n    default: 0.010   # same value\n    type: float")
			.replace("    timeout: 30m\n", "")
			.replace("    resources: {cpu: 2, memory: 4Gi, gpu: 0}",
					"    timeout: 1800\n    resources: {gpu: 0, cpu: \"2\", memory: 4Gi}");

		assertThat(PipelineDefinitions.parse(reformatted).digest())
			.isEqualTo(PipelineDefinitions.parse(CHURN).digest());
	}

	@Test
	void aSemanticChangeChangesTheDigest() {
		String digest = PipelineDefinitions.parse(CHURN).digest();

		assertThat(PipelineDefinitions.parse(CHURN.replace("default: 0.01", "default: 0.02")).digest())
			.isNotEqualTo(digest);
		assertThat(PipelineDefinitions.parse(CHURN.replace("maxAttempts: 3", "maxAttempts: 4")).digest())
			.isNotEqualTo(digest);
		assertThat(PipelineDefinitions.parse(CHURN.replace("maxAge: 7d", "maxAge: 6d")).digest()).isNotEqualTo(digest);
	}

	@Test
	void theCanonicalJsonIsADocumentThatParsesToItself() {
		ParsedPipeline parsed = PipelineDefinitions.parse(CHURN);
		ParsedPipeline again = PipelineDefinitions.parse(parsed.canonicalJson());

		assertThat(again.canonicalJson()).isEqualTo(parsed.canonicalJson());
		assertThat(again.definition().steps()).isEqualTo(parsed.definition().steps());
	}

	@Test
	void topologicalOrderPutsEachStepAfterItsDependenciesInDocumentOrder() {
		PipelineDefinition definition = PipelineDefinitions
			.parse(doc("name: p", "steps:", "  - {name: report, command: [r], dependsOn: [evaluate, train]}",
					"  - {name: evaluate, command: [e], dependsOn: [train]}", "  - {name: prepare, command: [p]}",
					"  - {name: train, command: [t], dependsOn: [prepare]}", "  - {name: lint, command: [l]}"))
			.definition();

		assertThat(definition.topologicalOrder()).extracting(StepSpec::name)
			.containsExactly("prepare", "train", "evaluate", "report", "lint");
		assertThat(definition.ancestors("report")).containsExactlyInAnyOrder("evaluate", "train", "prepare");
	}

	@Test
	void backoffGrowsByTheFactorUpToTheMaximum() {
		RetryPolicy retry = new RetryPolicy(10, Duration.ofSeconds(10), 2, Duration.ofMinutes(1));

		assertThat(List.of(1, 2, 3, 4, 5, 10).stream().map(retry::backoffBefore)).containsExactly(Duration.ZERO,
				Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(40), Duration.ofMinutes(1),
				Duration.ofMinutes(1));
		assertThat(new RetryPolicy(3, Duration.ofSeconds(10), 1.5, Duration.ofHours(1)).backoffBefore(3))
			.isEqualTo(Duration.ofSeconds(15));
		StepSpec train = PipelineDefinitions.parse(CHURN).definition().step("train").orElseThrow();
		assertThat(train.backoffBefore(3)).isEqualTo(Duration.ofSeconds(20));
		assertThat(train.retriesAfter(4)).isTrue();
		assertThat(train.retriesAfter(5)).isFalse();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidDocuments")
	void refusesWithTheLineAtFault(String rule, String document, int line, String problem) {
		assertThatThrownBy(() -> PipelineDefinitions.parse(document)).isInstanceOfSatisfying(SlipwayException.class,
				(ex) -> {
					assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
					assertThat(ex.getMessage()).startsWith("line " + line + ": ").contains(problem);
				});
	}

	static Stream<Arguments> invalidDocuments() {
		return Stream.of(
				arguments("unknown top-level key", doc("name: p", "nmae: q", "steps: [{name: a, command: [x]}]"), 2,
						"unknown key 'nmae'"),
				arguments("unknown step key", doc("name: p", "steps:", "  - name: a", "    comand: [x]"), 4,
						"unknown key 'comand'"),
				arguments("unknown retry key",
						doc("name: p", "steps:", "  - name: a", "    command: [x]", "    retry:",
								"      maxAttempts: 2", "      on: [FAILED]"),
						7, "unknown key 'on'"),
				arguments("duplicate key", doc("name: p", "steps:", "  - name: a", "    command: [x]", "name: q"), 5,
						"duplicate key 'name'"),
				arguments("missing name", doc("description: d", "steps: [{name: a, command: [x]}]"), 1,
						"'name' is required"),
				arguments("bad pipeline name", doc("name: Churn", "steps: [{name: a, command: [x]}]"), 1,
						"'Churn' must be lower-case"),
				arguments("no steps", doc("name: p", "steps: []"), 2, "at least one step"),
				arguments("duplicate step",
						doc("name: p", "steps:", "  - name: a", "    command: [x]", "  - name: a", "    command: [y]"),
						5, "a step named 'a' is already defined"),
				arguments("missing command", doc("name: p", "steps:", "  - name: a", "    image: x"), 3,
						"'command' is required"),
				arguments("command as one string", doc("name: p", "steps:", "  - name: a", "    command: run it"), 4,
						"must be a list"),
				arguments("empty command", doc("name: p", "steps:", "  - name: a", "    command: []"), 4,
						"must name a program"),
				arguments("unknown dependency",
						doc("name: p", "steps:", "  - name: a", "    command: [x]", "    dependsOn:", "      - b"), 6,
						"no step is named 'b'"),
				arguments("self dependency",
						doc("name: p", "steps:", "  - name: a", "    command: [x]", "    dependsOn: [a]"), 5,
						"cannot depend on itself"),
				arguments("cycle",
						doc("name: p", "steps:", "  - {name: a, command: [x], dependsOn: [b]}",
								"  - {name: c, command: [x]}", "  - {name: b, command: [x], dependsOn: [c, a]}"),
						5, "cycle: a -> b -> a"),
				arguments("param without type",
						doc("name: p", "params:", "  lr: {default: 1.0}", "steps: [{name: a, command: [x]}]"), 3,
						"'type' is required"),
				arguments("unknown param type",
						doc("name: p", "params:", "  lr: {type: double}", "steps: [{name: a, command: [x]}]"), 3,
						"'double' is not one of"),
				arguments("int default not whole",
						doc("name: p", "params:", "  n:", "    type: int", "    default: 1.5",
								"steps: [{name: a, command: [x]}]"),
						5, "must be a whole number"),
				arguments("bool default",
						doc("name: p", "params:", "  b: {type: bool, default: maybe}",
								"steps: [{name: a, command: [x]}]"),
						3, "must be true or false"),
				arguments("string default a number",
						doc("name: p", "params:", "  s: {type: string, default: 3}",
								"steps: [{name: a, command: [x]}]"),
						3, "needs a string default"),
				arguments("unknown param reference",
						doc("name: p", "steps:", "  - name: a", "    command: [x, \"{{params.lr}}\"]"), 4,
						"no parameter 'lr'"),
				arguments("unknown input reference",
						doc("name: p", "steps:", "  - name: a", "    command: [x]", "    env:",
								"      DATA: \"{{inputs.raw}}\""),
						6, "has no input 'raw'"),
				arguments("output of a step not upstream",
						doc("name: p", "steps:", "  - {name: a, command: [x], outputs: {o: {type: value}}}",
								"  - name: b", "    command: [x]", "    inputs: {i: \"{{steps.a.outputs.o}}\"}"),
						6, "'a' is not upstream of 'b'"),
				arguments("unknown upstream output",
						doc("name: p", "steps:", "  - {name: a, command: [x], outputs: {o: {type: value}}}",
								"  - name: b", "    dependsOn: [a]", "    command:", "      - x",
								"      - \"{{steps.a.outputs.p}}\""),
						8, "step 'a' has no output 'p'"),
				arguments("not a reference",
						doc("name: p", "steps:", "  - name: a", "    command: [x, \"{{ shell('rm') }}\"]"), 4,
						"is not a reference"),
				arguments("unclosed template",
						doc("name: p", "steps:", "  - name: a", "    command: [x]", "    env: {A: \"{{params.x\"}"), 5,
						"without a closing"),
				arguments("own output in an input",
						doc("name: p", "steps:", "  - name: a", "    command: [x]", "    outputs: {o: {type: value}}",
								"    inputs: {i: \"{{outputs.o}}\"}"),
						6, "cannot be used here"),
				arguments("when without operator",
						doc("name: p", "params: {n: {type: int}}", "steps:", "  - name: a", "    command: [x]",
								"    when: \"{{params.n}} ~ 3\""),
						6, "expected one of"),
				arguments("when compares a string",
						doc("name: p", "params: {n: {type: int}}", "steps:", "  - name: a", "    command: [x]",
								"    when: \"{{params.n}} > 'big'\""),
						6, "compares numbers"),
				arguments("when compares a string parameter",
						doc("name: p", "params: {s: {type: string}}", "steps:", "  - name: a", "    command: [x]",
								"    when: \"{{params.s}} >= 2\""),
						6, "{{params.s}} is not a number"),
				arguments("register a dataset",
						doc("name: p", "steps:", "  - name: a", "    command: [x]", "    outputs:",
								"      d: {type: dataset, register: churn}"),
						6, "only a model output can be registered"),
				arguments("too many attempts",
						doc("name: p", "defaults:", "  retry: {maxAttempts: 11}", "steps: [{name: a, command: [x]}]"),
						3, "must be 1 to 10"),
				arguments("factor below one",
						doc("name: p", "steps:", "  - name: a", "    command: [x]", "    retry: {factor: 0.5}"), 5,
						"must be at least 1"),
				arguments("bad duration",
						doc("name: p", "steps:", "  - name: a", "    command: [x]", "    timeout: 10 minutes"), 5,
						"must be a duration"),
				arguments("bad environment name",
						doc("name: p", "steps:", "  - name: a", "    command: [x]", "    env: {MY-VAR: x}"), 5,
						"not an environment variable name"),
				arguments("explicit tag",
						doc("name: p", "steps:", "  - name: a",
								"    command: [!!python/object/apply:os.system [\"rm\"]]"),
						4, "tags are not allowed"),
				arguments("not YAML", doc("name: p", "steps:", "  - name: a", "    command: [x", "  - name: b"), 5,
						"not valid YAML or JSON"));
	}

	@Test
	void refusesAnAliasBomb() {
		String bomb = doc("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]",
				"b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]", "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]",
				"d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]", "name: p", "steps: [{name: s, command: [x]}]");

		assertThatThrownBy(() -> PipelineDefinitions.parse(bomb)).isInstanceOf(SlipwayException.class)
			.hasMessageStartingWith("line 3: ")
			.hasMessageContaining("aliases");
	}

	@Test
	void refusesADocumentOverTheSizeLimitBeforeParsing() {
		String padding = "#" + "x".repeat(PipelineDefinitions.MAX_BYTES) + "\n";
		String atTheLimit = doc("name: p", "steps: [{name: s, command: [x]}]");
		// Each é is two bytes of UTF-8: the limit counts bytes, not characters.
		String wide = atTheLimit + "#" + "é".repeat((PipelineDefinitions.MAX_BYTES - atTheLimit.length()) / 2 + 1);

		assertThatThrownBy(() -> PipelineDefinitions.parse(padding + atTheLimit)).isInstanceOf(SlipwayException.class)
			.hasMessageContaining("more than the 262144 allowed");
		assertThatThrownBy(() -> PipelineDefinitions.parse(wide)).isInstanceOf(SlipwayException.class)
			.hasMessageContaining("more than the 262144 allowed");
		assertThat(PipelineDefinitions.parse(atTheLimit + "#" + "x".repeat(1000)).definition().name()).isEqualTo("p");
	}

	@Test
	void refusesMoreThanTwoHundredSteps() {
		StringBuilder document = new StringBuilder("name: p\nsteps:\n");
		for (int i = 0; i <= DefinitionReader.MAX_STEPS; i++) {
			document.append("  - {name: s").append(i).append(", command: [x]}\n");
		}

		assertThatThrownBy(() -> PipelineDefinitions.parse(document.toString())).isInstanceOf(SlipwayException.class)
			.hasMessageStartingWith("line 203: ")
			.hasMessageContaining("at most 200 steps");
	}

	private static String doc(String... lines) {
		return String.join("\n", lines) + "\n";
	}

}
