package dev.slipway.pipelines;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.json.JsonMapper;

/**
 * The canonical JSON of a definition: the effective steps (the defaults block is already
 * in them, so it is not written), durations in whole seconds, every object's keys sorted,
 * unset fields left out, no whitespace. The text is itself a valid document and parses
 * back to the same text.
 */
final class CanonicalJson {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private CanonicalJson() {
	}

	static String write(PipelineDefinition definition) {
		Map<String, Object> root = new TreeMap<>();
		root.put("name", definition.name());
		putIfSet(root, "description", definition.description());
		Map<String, Object> params = new TreeMap<>();
		definition.parameters().forEach((name, spec) -> {
			Map<String, Object> param = new TreeMap<>();
			param.put("type", spec.type().documentName());
			putIfSet(param, "default", spec.defaultValue());
			putIfSet(param, "description", spec.description());
			params.put(name, param);
		});
		root.put("params", params);
		List<Object> steps = new ArrayList<>();
		definition.steps().forEach((step) -> steps.add(step(step)));
		root.put("steps", steps);
		return JSON.writeValueAsString(root);
	}

	private static Map<String, Object> step(StepSpec step) {
		Map<String, Object> json = new TreeMap<>();
		json.put("name", step.name());
		json.put("command", step.command());
		putIfSet(json, "image", step.image());
		json.put("dependsOn", step.dependsOn());
		json.put("inputs", new TreeMap<>(step.inputs()));
		Map<String, Object> outputs = new TreeMap<>();
		step.outputs().forEach((name, output) -> {
			Map<String, Object> spec = new TreeMap<>();
			spec.put("type", output.type().documentName());
			putIfSet(spec, "register", output.register());
			outputs.put(name, spec);
		});
		json.put("outputs", outputs);
		json.put("env", new TreeMap<>(step.env()));
		Map<String, Object> resources = new TreeMap<>();
		putIfSet(resources, "cpu", step.resources().cpu());
		putIfSet(resources, "memory", step.resources().memory());
		putIfSet(resources, "gpu", step.resources().gpu());
		json.put("resources", resources);
		Map<String, Object> retry = new TreeMap<>();
		retry.put("maxAttempts", step.retry().maxAttempts());
		retry.put("backoff", seconds(step.retry().backoff()));
		retry.put("factor", step.retry().factor());
		retry.put("maxBackoff", seconds(step.retry().maxBackoff()));
		json.put("retry", retry);
		json.put("timeout", seconds(step.timeout()));
		Map<String, Object> cache = new TreeMap<>();
		cache.put("enabled", step.cache().enabled());
		if (step.cache().maxAge() != null) {
			cache.put("maxAge", seconds(step.cache().maxAge()));
		}
		json.put("cache", cache);
		putIfSet(json, "when", step.when());
		return json;
	}

	private static long seconds(Duration duration) {
		return duration.getSeconds();
	}

	private static void putIfSet(Map<String, Object> json, String key, Object value) {
		if (value != null) {
			json.put(key, value);
		}
	}

}
