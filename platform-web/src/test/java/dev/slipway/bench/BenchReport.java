package dev.slipway.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The figures of one benchmark run as a Markdown document. */
final class BenchReport {

	private final Map<String, String> machine = new LinkedHashMap<>();

	private final List<String> results = new ArrayList<>();

	private final List<String> cpu = new ArrayList<>();

	private final List<String> notes = new ArrayList<>();

	private final String title;

	/** The heading of the CPU table's server column. */
	private final String serverColumn;

	BenchReport() {
		this("Experiment tracking benchmark");
	}

	BenchReport(String title) {
		this(title, "Slipway");
	}

	BenchReport(String title, String serverColumn) {
		this.title = title;
		this.serverColumn = serverColumn;
	}

	void machine(String property, String value) {
		this.machine.put(property, value);
	}

	/** One measured figure; {@code met} is null when the figure has no target. */
	void result(String measure, String value, String target, Boolean met) {
		String verdict = (met == null) ? "" : (met ? "met" : "**missed**");
		this.results.add("| " + measure + " | " + value + " | " + target + " | " + verdict + " |");
		System.out
			.println("[bench] " + measure + ": " + value + ((target.isEmpty()) ? "" : " (target " + target + ")"));
	}

	void cpu(String phase, CpuMeter.Usage usage) {
		if (Double.isNaN(usage.machine())) {
			this.cpu.add("| " + phase + " | " + format(usage.seconds()) + " | n/a | n/a | n/a | n/a | n/a |");
			return;
		}
		this.cpu.add(String.format(Locale.ROOT, "| %s | %.1f | %.2f | %.2f | %.2f | %.2f | %.0f %% |", phase,
				usage.seconds(), usage.server(), usage.postgres(), usage.harness(), usage.other(),
				100 * usage.machine() / usage.cores()));
		System.out.println("[bench] CPU during " + phase + ": " + usage.describe());
	}

	void note(String note) {
		this.notes.add(note);
		System.out.println("[bench] " + note);
	}

	String markdown() {
		StringBuilder md = new StringBuilder("# " + this.title + "\n\n");
		this.machine
			.forEach((property, value) -> md.append("- ").append(property).append(": ").append(value).append('\n'));
		md.append("\n| Measure | Value | Target | |\n|---|---|---|---|\n");
		this.results.forEach((row) -> md.append(row).append('\n'));
		md.append("\nCPU in cores (1.00 = one core busy for the whole phase); \"other\" is everything else on the "
				+ "machine.\n\n| Phase | seconds | " + this.serverColumn
				+ " | PostgreSQL | harness | other | machine busy |\n" + "|---|---|---|---|---|---|---|\n");
		this.cpu.forEach((row) -> md.append(row).append('\n'));
		if (!this.notes.isEmpty()) {
			md.append('\n');
			this.notes.forEach((note) -> md.append("- ").append(note).append('\n'));
		}
		return md.toString();
	}

	void write(Path file) {
		try {
			Files.createDirectories(file.getParent());
			Files.writeString(file, markdown(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String format(double number) {
		return String.format(Locale.ROOT, "%.1f", number);
	}

	/** 1234567.8 as "1,234,568". */
	static String whole(double number) {
		return String.format(Locale.ROOT, "%,.0f", number);
	}

}
