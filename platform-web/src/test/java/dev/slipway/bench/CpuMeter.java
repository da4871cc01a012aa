package dev.slipway.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * Where the CPU time of a measured window went, read from Linux's {@code /proc}: the
 * Slipway server process, all PostgreSQL processes, the harness (this JVM plus the
 * children it waited for, such as psql) and everything else on the machine. Elsewhere
 * every figure is unknown.
 */
final class CpuMeter {

	/** Linux reports process times in clock ticks of 1/100 s on every common platform. */
	private static final double TICKS_PER_SECOND = 100.0;

	private static final Path PROC = Path.of("/proc");

	private final long serverPid;

	/** Whether the server's descendants count as the server (worker processes). */
	private final boolean tree;

	CpuMeter(long serverPid) {
		this(serverPid, false);
	}

	private CpuMeter(long serverPid, boolean tree) {
		this.serverPid = serverPid;
		this.tree = tree;
	}

	/**
	 * A meter that counts the server process with all its descendants, as a server with
	 * worker processes (gunicorn, uvicorn) needs.
	 */
	static CpuMeter ofTree(long serverPid) {
		return new CpuMeter(serverPid, true);
	}

	/** Cumulative CPU ticks at one moment. */
	record Sample(long nanos, long machineBusy, long machineTotal, long server, long postgres, long harness,
			Instant wallClock) {
	}

	/**
	 * CPU use between two samples, in cores (1.0 = one core busy for the whole window).
	 */
	record Usage(double seconds, double server, double postgres, double harness, double other, double machine,
			int cores) {

		String describe() {
			if (Double.isNaN(this.machine)) {
				return "CPU breakdown unavailable (no /proc)";
			}
			return String.format(Locale.ROOT,
					"server %.2f, PostgreSQL %.2f, harness %.2f, other %.2f cores; machine %.0f%% busy of %d cores",
					this.server, this.postgres, this.harness, this.other, 100 * this.machine / this.cores, this.cores);
		}

	}

	Sample sample() {
		long now = System.nanoTime();
		if (!Files.isReadable(PROC.resolve("stat"))) {
			return new Sample(now, -1, -1, -1, -1, -1, Instant.now());
		}
		long[] machine = machineTicks();
		long postgres = 0;
		try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, "[0-9]*")) {
			for (Path process : processes) {
				String[] stat = processStat(process);
				// Exited backends are folded into the postmaster's children's times, so
				// they count too.
				if (stat != null && "postgres".equals(stat[0])) {
					postgres += ticks(stat, true);
				}
			}
		}
		catch (IOException ex) {
			postgres = -1;
		}
		return new Sample(now, machine[0], machine[1], serverTicks(), postgres,
				ticksOf(ProcessHandle.current().pid(), true), Instant.now());
	}

	private long serverTicks() {
		if (!this.tree) {
			return ticksOf(this.serverPid, false);
		}
		// Workers that exited and were reaped are in their parent's children's times.
		long ticks = ticksOf(this.serverPid, true);
		if (ticks < 0) {
			return ticks;
		}
		for (ProcessHandle descendant : ProcessHandle.of(this.serverPid)
			.map((root) -> root.descendants().toList())
			.orElse(List.of())) {
			ticks += Math.max(0, ticksOf(descendant.pid(), true));
		}
		return ticks;
	}

	/**
	 * Waits up to {@code max} until the whole machine was less than {@code share} busy
	 * over one second (others' builds, an autovacuum left over from the previous phase);
	 * returns the busy share last seen.
	 */
	static double awaitQuiet(Duration max, double share) {
		AtomicReference<long[]> last = new AtomicReference<>(machineTicks());
		AtomicReference<Double> busy = new AtomicReference<>(Double.NaN);
		if (last.get()[0] < 0) {
			return Double.NaN;
		}
		try {
			await().atMost(max.plusSeconds(1))
				.pollDelay(Duration.ofSeconds(1))
				.pollInterval(Duration.ofSeconds(1))
				.until(() -> {
					long[] now = machineTicks();
					long[] before = last.getAndSet(now);
					busy.set((double) (now[0] - before[0]) / Math.max(1, now[1] - before[1]));
					return busy.get() < share;
				});
		}
		catch (ConditionTimeoutException ex) {
			// Measured anyway: the report says how busy the machine was.
		}
		return busy.get();
	}

	/**
	 * Waits until process {@code pid} is gone and reaped, so that its CPU time has been
	 * added to its parent's (a PostgreSQL backend's to the postmaster's).
	 */
	static void awaitGone(long pid) {
		if (Files.isDirectory(PROC)) {
			await().atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(20))
				.until(() -> !Files.exists(PROC.resolve(String.valueOf(pid))));
		}
	}

	static Usage between(Sample start, Sample end) {
		double seconds = (end.nanos() - start.nanos()) / 1e9;
		int cores = Runtime.getRuntime().availableProcessors();
		if (start.machineTotal() < 0 || end.machineTotal() < 0) {
			return new Usage(seconds, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, cores);
		}
		double server = cores(start.server(), end.server(), seconds);
		double postgres = cores(start.postgres(), end.postgres(), seconds);
		double harness = cores(start.harness(), end.harness(), seconds);
		// /proc/stat counts in the same ticks, summed over all cores.
		double machineShare = (double) (end.machineBusy() - start.machineBusy())
				/ Math.max(1, end.machineTotal() - start.machineTotal());
		double machine = machineShare * cores;
		double other = Math.max(0, machine - server - postgres - harness);
		return new Usage(seconds, server, postgres, harness, other, machine, cores);
	}

	private static double cores(long start, long end, double seconds) {
		return (start < 0 || end < 0) ? Double.NaN : (end - start) / TICKS_PER_SECOND / seconds;
	}

	private static long[] machineTicks() {
		try {
			String first = Files.readAllLines(PROC.resolve("stat")).get(0);
			String[] f = first.trim().split("\\s+");
			// cpu user nice system idle iowait irq softirq steal
			long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
					+ Long.parseLong(f[7]) + Long.parseLong(f[8]);
			long total = busy + Long.parseLong(f[4]) + Long.parseLong(f[5]);
			return new long[] { busy, total };
		}
		catch (IOException | RuntimeException ex) {
			return new long[] { -1, -1 };
		}
	}

	private static long ticksOf(long pid, boolean withChildren) {
		String[] stat = processStat(PROC.resolve(String.valueOf(pid)));
		return (stat != null) ? ticks(stat, withChildren) : -1;
	}

	/** utime + stime, plus cutime + cstime of reaped children when asked. */
	private static long ticks(String[] stat, boolean withChildren) {
		// stat[1] is field 3 (state): utime is field 14, stime 15, cutime 16,
		// cstime 17.
		long own = Long.parseLong(stat[1 + 11]) + Long.parseLong(stat[1 + 12]);
		return withChildren ? own + Long.parseLong(stat[1 + 13]) + Long.parseLong(stat[1 + 14]) : own;
	}

	/** {command, field 3, field 4, ...} or null when the process is gone. */
	private static String[] processStat(Path process) {
		try {
			String line = Files.readString(process.resolve("stat"));
			int open = line.indexOf('(');
			int close = line.lastIndexOf(')');
			String[] rest = line.substring(close + 2).trim().split(" ");
			String[] result = new String[rest.length + 1];
			result[0] = line.substring(open + 1, close);
			System.arraycopy(rest, 0, result, 1, rest.length);
			return result;
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

}
