package dev.slipway.monitoring;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import dev.slipway.testsupport.Requirement;
import dev.slipway.testsupport.Requires;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Slipway's drift against Evidently's ({@code DataDriftPreset}, pinned in
 * {@code src/test/python/evidently/requirements.txt}) on the same reference and current
 * data: the same default method per column, the same verdicts and drifted share, and
 * scores within tolerance. Where the numbers differ by design, the tolerance says so and
 * {@code docs/monitoring.md} explains: Evidently bins PSI on equal-width Sturges bins
 * over both samples, Slipway on the reference's deciles; Slipway's Wasserstein and KS
 * come from KLL sketches and carry their error bound.
 */
@Requires(Requirement.EVIDENTLY)
class EvidentlyAgreementTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final MonitorSchema SCHEMA = MonitorSchema
		.of(List.of(new MonitorSchema.Column("normal", ColumnKind.NUMERICAL),
				new MonitorSchema.Column("lognormal", ColumnKind.NUMERICAL),
				new MonitorSchema.Column("level", ColumnKind.NUMERICAL),
				new MonitorSchema.Column("color", ColumnKind.CATEGORICAL),
				new MonitorSchema.Column("flag", ColumnKind.CATEGORICAL)));

	@TempDir
	Path folder;

	@Test
	void defaultsOnALargeReferenceAgree() throws Exception {
		Scenario s = scenario(5000, 3000, 0.3, 1);
		JsonNode evidently = evidently(s, null);
		WindowReport slipway = slipway(s, DriftSettings.DEFAULTS);

		assertSameMethods(evidently, slipway, Map.of("normal", "wasserstein", "lognormal", "wasserstein", "level",
				"jensenshannon", "color", "jensenshannon", "flag", "jensenshannon"));
		for (FeatureDrift f : slipway.features()) {
			double expected = evidently.get("columns").get(f.column()).get("score").asDouble();
			// Same bins for categories and few-valued numbers; sketch bound for
			// Wasserstein.
			assertThat(f.score()).as(f.column()).isCloseTo(expected, within(f.errorBound() + 1e-9));
		}
		assertSameVerdicts(evidently, slipway);
	}

	@Test
	void defaultsOnASmallReferenceAgree() throws Exception {
		Scenario s = scenario(800, 300, 0.35, 2);
		JsonNode evidently = evidently(s, null);
		WindowReport slipway = slipway(s, DriftSettings.DEFAULTS);

		assertSameMethods(evidently, slipway,
				Map.of("normal", "ks", "lognormal", "ks", "level", "chisquare", "color", "chisquare", "flag", "z"));
		for (FeatureDrift f : slipway.features()) {
			double expected = evidently.get("columns").get(f.column()).get("score").asDouble();
			// Every value is in both sketches here, so KS is exact; chi-square and Z
			// count
			// the same bins.
			assertThat(f.exact()).as(f.column()).isTrue();
			assertThat(f.score()).as(f.column()).isCloseTo(expected, within(Math.max(1e-6 * expected, 1e-12)));
		}
		assertSameVerdicts(evidently, slipway);
	}

	@Test
	void psiAgreesWhereBinsAgreeAndWithinItsBandWhereTheyDoNot() throws Exception {
		Scenario s = scenario(5000, 3000, 0.3, 3);
		JsonNode evidently = evidently(s, "psi");
		WindowReport slipway = slipway(s,
				new DriftSettings(0.5, new DriftSettings.Choice("psi", 0.1, 0.1), Map.of(), Map.of()));
		for (FeatureDrift f : slipway.features()) {
			double expected = evidently.get("columns").get(f.column()).get("score").asDouble();
			if (f.kind() == ColumnKind.NUMERICAL && !f.column().equals("level")) {
				// Deciles of the reference against Sturges bins over both samples: the
				// same
				// side of 0.1, and within 0.03 or a third of Evidently's value.
				assertThat(f.score() >= 0.1).as(f.column()).isEqualTo(expected >= 0.1);
				assertThat(f.score()).as(f.column()).isCloseTo(expected, within(Math.max(0.03, expected / 3)));
			}
			else {
				assertThat(f.score()).as(f.column()).isCloseTo(expected, within(1e-9));
			}
		}
		assertSameVerdicts(evidently, slipway);
	}

	@Test
	void ksOnALargeReferenceAgreesWithinItsSketchBound() throws Exception {
		Scenario s = scenario(5000, 3000, 0.08, 4);
		JsonNode evidently = evidently(s, "ks");
		WindowReport slipway = slipway(s, new DriftSettings(0.5, null,
				Map.of(ColumnKind.NUMERICAL, new DriftSettings.Choice("ks", null, null)), Map.of()));
		for (FeatureDrift f : slipway.features()) {
			if (f.kind() != ColumnKind.NUMERICAL) {
				continue;
			}
			double expected = evidently.get("columns").get(f.column()).get("score").asDouble();
			assertThat(f.method()).isEqualTo("ks");
			assertThat(f.score() < 0.05).as(f.column()).isEqualTo(expected < 0.05);
			if (expected > 1e-8) {
				// From a sketch distance within its bound: p-values within a factor of
				// ten.
				assertThat(Math.abs(Math.log10(f.score()) - Math.log10(expected))).as(f.column()).isLessThan(1.0);
			}
		}
	}

	private void assertSameMethods(JsonNode evidently, WindowReport slipway, Map<String, String> expected) {
		for (FeatureDrift f : slipway.features()) {
			assertThat(f.method()).as(f.column()).isEqualTo(expected.get(f.column()));
			assertThat(method(evidently.get("columns").get(f.column()).get("method").asString())).as(f.column())
				.isEqualTo(expected.get(f.column()));
		}
	}

	private void assertSameVerdicts(JsonNode evidently, WindowReport slipway) {
		int drifted = 0;
		for (FeatureDrift f : slipway.features()) {
			JsonNode column = evidently.get("columns").get(f.column());
			boolean evidentlyDrift = drifted(column);
			assertThat(f.verdict() == Verdict.DRIFT).as(f.column() + " drifted").isEqualTo(evidentlyDrift);
			drifted += evidentlyDrift ? 1 : 0;
		}
		assertThat(slipway.driftShare()).isEqualTo(evidently.get("share").asDouble());
		assertThat(drifted).isEqualTo(slipway.drifted());
	}

	/** Evidently's display name of a method as Slipway's wire name. */
	private static String method(String name) {
		String n = name.toLowerCase(java.util.Locale.ROOT);
		if (n.startsWith("wasserstein")) {
			return "wasserstein";
		}
		if (n.startsWith("jensen")) {
			return "jensenshannon";
		}
		if (n.startsWith("k-s") || n.equals("ks")) {
			return "ks";
		}
		if (n.startsWith("chi")) {
			return "chisquare";
		}
		if (n.startsWith("z")) {
			return "z";
		}
		return n;
	}

	/**
	 * Evidently's call: p-values drift at or below the threshold, distances at or above.
	 */
	private static boolean drifted(JsonNode column) {
		double score = column.get("score").asDouble();
		double threshold = column.get("threshold").asDouble();
		String method = method(column.get("method").asString());
		boolean pValue = method.equals("ks") || method.equals("chisquare") || method.equals("z");
		return pValue ? score <= threshold : score >= threshold;
	}

	private record Scenario(Path reference, Path current, String referenceCsv, String currentCsv) {
	}

	/**
	 * A reference and a current sample: {@code normal} shifted by {@code shift}, the
	 * others from one distribution except {@code color}, which gains weight on "z".
	 */
	private Scenario scenario(int nReference, int nCurrent, double shift, long seed) throws IOException {
		Random random = new Random(seed);
		String reference = csv(random, nReference, 0, false);
		String current = csv(random, nCurrent, shift, shift > 0.2);
		Path r = this.folder.resolve("reference-" + seed + ".csv");
		Path c = this.folder.resolve("current-" + seed + ".csv");
		Files.writeString(r, reference);
		Files.writeString(c, current);
		return new Scenario(r, c, reference, current);
	}

	private static String csv(Random random, int rows, double shift, boolean colorShift) {
		StringBuilder csv = new StringBuilder("normal,lognormal,level,color,flag\n");
		for (int i = 0; i < rows; i++) {
			double u = random.nextDouble();
			String color = colorShift ? ((u < 0.4) ? "x" : (u < 0.6) ? "y" : "z")
					: ((u < 0.5) ? "x" : (u < 0.8) ? "y" : "z");
			csv.append(random.nextGaussian() + shift)
				.append(',')
				.append(Math.exp(0.5 * random.nextGaussian()))
				.append(',')
				.append(random.nextInt(4))
				.append(',')
				.append(color)
				.append(',')
				.append(random.nextDouble() < 0.3 ? "yes" : "no")
				.append('\n');
		}
		return csv.toString();
	}

	private JsonNode evidently(Scenario s, String method) throws Exception {
		Path script = Path.of("src/test/python/evidently/evidently_drift.py");
		List<String> command = new ArrayList<>(
				List.of(Requirement.evidentlyPython().orElseThrow().toString(), script.toString(),
						s.reference().toString(), s.current().toString(), "normal,lognormal,level", "color,flag"));
		if (method != null) {
			command.add(method);
		}
		Path out = this.folder.resolve("evidently-" + System.nanoTime() + ".json");
		Process process = new ProcessBuilder(command).redirectErrorStream(false)
			.redirectOutput(out.toFile())
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("Evidently finished").isTrue();
		assertThat(process.exitValue()).as("Evidently's exit code").isZero();
		return JSON.readTree(Files.readString(out));
	}

	private static WindowReport slipway(Scenario s, DriftSettings settings) {
		Batch reference = read(s.referenceCsv());
		Batch current = read(s.currentCsv());
		BinPlanner planner = new BinPlanner(SCHEMA, 10, 100, 400);
		planner.add(reference);
		Map<String, BinSpec> bins = planner.plan();
		Map<String, ColumnProfile> referenceProfiles = Profiler.all(reference,
				new Profiler.Layout(WindowUnit.DAY, ZoneOffset.UTC, MonitorService.REFERENCE_EXACT_K, bins, 1));
		Map<String, ColumnProfile> currentProfiles = Profiler.all(current,
				new Profiler.Layout(WindowUnit.DAY, ZoneOffset.UTC, 400, bins, 1));
		Map<String, DriftCalculator.Reference> references = new java.util.HashMap<>();
		referenceProfiles.forEach(
				(name, profile) -> references.put(name, new DriftCalculator.Reference(profile, bins.get(name), 1)));
		return DriftCalculator.window(0, "D", SCHEMA, references, currentProfiles, settings.checked(SCHEMA));
	}

	private static Batch read(String csv) {
		List<Batch> batches = new ArrayList<>();
		new BatchReader(SCHEMA, ZoneOffset.UTC, Long.MAX_VALUE, Integer.MAX_VALUE, batches::add)
			.csv(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
		return batches.get(0);
	}

}
