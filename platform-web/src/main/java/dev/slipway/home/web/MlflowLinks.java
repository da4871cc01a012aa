package dev.slipway.home.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.web.util.UriUtils;

/**
 * Slipway's page for a link in the MLflow UI's form. MLflow's clients print such links
 * after every run ({@code http://host/#/experiments/3/runs/<id>}) and people paste them
 * from MLflow's UI; the part after {@code #} maps to Slipway's own pages:
 * <ul>
 * <li>{@code /experiments/<id>} and its tabs → the experiment's runs</li>
 * <li>{@code /experiments/<id>/runs/<run>} and its tabs → the run</li>
 * <li>{@code /experiments/<id>/runs/<run>/artifacts/<path>} (or {@code artifactPath}) →
 * the run's artifacts, in the folder holding {@code <path>}</li>
 * <li>{@code /compare-runs?runs=[...]&experiments=[...]} and
 * {@code /metric/<key>?runs=[...]&experiments=[...]} → the comparison of those runs, or
 * the run when there is one</li>
 * <li>{@code /models}, {@code /models/<name>}, {@code /models/<name>/versions/<n>} → the
 * same registry pages</li>
 * </ul>
 * Databricks' {@code #mlflow/...} form is read too. Every answer is a path of this server
 * built from checked ids and encoded names, so no link leads elsewhere.
 */
final class MlflowLinks {

	/** The most runs a comparison takes, as the compare page does. */
	static final int MAX_COMPARED = 10;

	private static final Pattern EXPERIMENT_ID = Pattern.compile("\\d{1,18}");

	private static final Pattern RUN_ID = Pattern.compile("[0-9a-f]{32}");

	private static final Pattern VERSION = Pattern.compile("[1-9]\\d{0,8}");

	private MlflowLinks() {
	}

	/**
	 * The path of Slipway's page for the MLflow UI link's fragment (with or without its
	 * {@code #}), or empty when Slipway has no such page.
	 */
	static Optional<String> pathFor(String fragment) {
		if (fragment == null) {
			return Optional.empty();
		}
		String link = fragment.strip();
		link = link.startsWith("#") ? link.substring(1) : link;
		if (link.isEmpty()) {
			return Optional.empty();
		}
		link = stripSlashes(link);
		link = link.startsWith("mlflow/") ? stripSlashes(link.substring("mlflow/".length())) : link;
		int question = link.indexOf('?');
		String path = (question < 0) ? link : link.substring(0, question);
		String query = (question < 0) ? "" : link.substring(question + 1);
		try {
			List<String> segments = segments(path);
			if (segments.isEmpty()) {
				return Optional.of("/");
			}
			return switch (segments.get(0)) {
				case "experiments" -> Optional.of(experiment(segments));
				case "models" -> Optional.of(model(segments));
				case "compare-runs", "metric" -> Optional.of(compared(parameters(query)));
				case "compare-experiments" -> Optional.of("/experiments");
				default -> Optional.empty();
			};
		}
		catch (IllegalArgumentException ex) {
			// Broken percent-encoding: not a link MLflow made.
			return Optional.empty();
		}
	}

	private static String experiment(List<String> segments) {
		if (segments.size() < 2 || !EXPERIMENT_ID.matcher(segments.get(1)).matches()) {
			return "/experiments";
		}
		String experiment = "/experiments/" + segments.get(1) + "/runs";
		if (segments.size() < 4 || !segments.get(2).equals("runs")) {
			return experiment;
		}
		String runId = segments.get(3).toLowerCase(Locale.ROOT);
		if (!RUN_ID.matcher(runId).matches()) {
			return experiment;
		}
		String run = experiment + "/" + runId;
		if (segments.size() < 5 || !(segments.get(4).equals("artifacts") || segments.get(4).equals("artifactPath"))) {
			return run;
		}
		List<String> file = segments.subList(5, segments.size());
		if (file.stream().anyMatch((part) -> part.isEmpty() || part.equals(".") || part.equals(".."))) {
			return run;
		}
		// A link names a file or a folder; the folder holding it lists either.
		String folder = String.join("/", file.subList(0, Math.max(0, file.size() - 1)));
		return run + "/artifacts"
				+ (folder.isEmpty() ? "" : "?path=" + UriUtils.encodeQueryParam(folder, StandardCharsets.UTF_8));
	}

	private static String model(List<String> segments) {
		if (segments.size() < 2 || segments.get(1).isBlank()) {
			return "/models";
		}
		String model = "/models/" + UriUtils.encodePathSegment(segments.get(1), StandardCharsets.UTF_8);
		if (segments.size() >= 4 && segments.get(2).equals("versions") && VERSION.matcher(segments.get(3)).matches()) {
			return model + "/versions/" + segments.get(3);
		}
		return model;
	}

	private static String compared(Map<String, String> parameters) {
		List<String> runs = all(RUN_ID, parameters.getOrDefault("runs", "").toLowerCase(Locale.ROOT));
		List<String> experiments = all(EXPERIMENT_ID, parameters.getOrDefault("experiments", ""));
		if (experiments.isEmpty()) {
			return "/experiments";
		}
		String experiment = "/experiments/" + experiments.get(0);
		if (runs.isEmpty()) {
			return experiment + "/runs";
		}
		if (runs.size() == 1) {
			return experiment + "/runs/" + runs.get(0);
		}
		StringBuilder compare = new StringBuilder(experiment).append("/compare");
		for (int i = 0; i < Math.min(runs.size(), MAX_COMPARED); i++) {
			compare.append((i == 0) ? '?' : '&').append("runIds=").append(runs.get(i));
		}
		return compare.toString();
	}

	/** The path's segments, decoded, without empty ones at the end. */
	private static List<String> segments(String path) {
		List<String> segments = new ArrayList<>();
		if (!path.isEmpty()) {
			for (String segment : path.split("/", -1)) {
				segments.add(UriUtils.decode(segment, StandardCharsets.UTF_8));
			}
		}
		while (!segments.isEmpty() && segments.get(segments.size() - 1).isEmpty()) {
			segments.remove(segments.size() - 1);
		}
		return segments;
	}

	private static Map<String, String> parameters(String query) {
		Map<String, String> parameters = new LinkedHashMap<>();
		for (String pair : query.split("&")) {
			int equals = pair.indexOf('=');
			if (equals > 0) {
				parameters.putIfAbsent(pair.substring(0, equals),
						UriUtils.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
			}
		}
		return parameters;
	}

	/** Every distinct match of {@code pattern} in {@code text}, in order. */
	private static List<String> all(Pattern pattern, String text) {
		List<String> found = new ArrayList<>();
		Matcher matcher = pattern.matcher(text);
		while (matcher.find()) {
			if (!found.contains(matcher.group())) {
				found.add(matcher.group());
			}
		}
		return found;
	}

	private static String stripSlashes(String text) {
		int start = 0;
		while (start < text.length() && text.charAt(start) == '/') {
			start++;
		}
		return text.substring(start);
	}

}
