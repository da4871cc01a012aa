package dev.slipway.pipelines;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class LocalStepExecutorTest {

	static final Duration GRACE = Duration.ofMillis(500);

	static final Duration PATIENCE = Duration.ofSeconds(20);

	/**
	 * A step whose tree is hard to stop: a grandchild reparented away from it (its parent
	 * exits at once) and a child that ignores SIGTERM, with a child of its own that
	 * inherits that. Each process writes its pid to {@code pids}.
	 */
	static final String STUBBORN_TREE = """
			#!/bin/sh
			echo $$ >> pids
			sh -c 'sleep 1000 & echo $! >> pids'
			sh -c 'trap "" TERM; echo $$ >> pids; sleep 1000 & echo $! >> pids; wait' &
			wait
			""";

	@TempDir
	Path temp;

	LocalStepExecutor executor;

	final List<AttemptLaunch> launched = new ArrayList<>();

	@BeforeEach
	void createExecutor() {
		this.executor = new LocalStepExecutor(GRACE, 4 * 1024 * 1024, Clock.systemUTC());
	}

	@AfterEach
	void stopEverything() {
		// A failed test must not leave sleeping processes behind.
		this.launched.forEach(this.executor::stop);
		this.executor.close();
	}

	@Test
	void succeedsWithStdoutAndStderrKeptApart() throws IOException {
		AttemptLaunch launch = start(script("""
				#!/bin/sh
				echo to out
				echo to err >&2
				echo more out
				"""));

		assertThat(awaitEnd(launch)).isEqualTo(new AttemptStatus(AttemptPhase.SUCCEEDED, 0, null));
		assertThat(readAll(launch, LogStream.STDOUT)).isEqualTo("to out\nmore out\n");
		assertThat(readAll(launch, LogStream.STDERR)).isEqualTo("to err\n");
		assertThat(Files.readString(launch.workDir().resolve("logs/stdout.log"))).isEqualTo("to out\nmore out\n");
		assertThat(Files.readString(launch.workDir().resolve("logs/stderr.log"))).isEqualTo("to err\n");
	}

	@Test
	void startedAttemptNamesTheProcess() throws IOException {
		AttemptLaunch launch = launch("sleep", "1000");
		StartedAttempt started = this.executor.start(launch);

		ProcessHandle process = ProcessHandle.of(started.pid()).orElseThrow();
		assertThat(started.externalId()).isEqualTo(Long.toString(started.pid()));
		assertThat(started.host()).isNotBlank();
		assertThat(process.info().startInstant()).contains(started.startedAt());
		assertThat(this.executor.poll(launch).phase()).isEqualTo(AttemptPhase.RUNNING);
	}

	@Test
	void nonZeroExitFailsWithTheCode() throws IOException {
		AttemptLaunch launch = start(script("""
				#!/bin/sh
				echo broken >&2
				exit 3
				"""));

		assertThat(awaitEnd(launch)).isEqualTo(new AttemptStatus(AttemptPhase.FAILED, 3, "exited with code 3"));
		assertThat(readAll(launch, LogStream.STDERR)).isEqualTo("broken\n");
	}

	@Test
	void missingProgramIsInvalidArgument() throws IOException {
		Path notExecutable = Files.writeString(scripts().resolve("plain.sh"), "echo hi\n");

		assertThatThrownBy(() -> this.executor.start(launch("no-such-program-f00")))
			.isInstanceOfSatisfying(SlipwayException.class,
					(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
			.hasMessageContaining("'no-such-program-f00' was not found on the PATH");
		assertThatThrownBy(() -> this.executor.start(launch("./missing.sh")))
			.isInstanceOfSatisfying(SlipwayException.class,
					(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
			.hasMessageContaining("'./missing.sh' does not exist");
		assertThatThrownBy(() -> this.executor.start(launch(notExecutable.toString())))
			.isInstanceOfSatisfying(SlipwayException.class,
					(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
			.hasMessageContaining("is not executable");
	}

	@Test
	void environmentIsTheServersWithTheStepsOver() throws IOException {
		AttemptLaunch launch = launch(null, Map.of("STEP_VALUE", "a b c"), script("""
				#!/bin/sh
				echo "step=$STEP_VALUE"
				echo "path=$PATH"
				""").toString());
		this.executor.start(launch);

		assertThat(awaitEnd(launch).phase()).isEqualTo(AttemptPhase.SUCCEEDED);
		assertThat(readAll(launch, LogStream.STDOUT)).isEqualTo("step=a b c\npath=" + System.getenv("PATH") + "\n");
	}

	@Test
	void theServersOtherVariablesAreNotPassedOn() throws IOException {
		AttemptLaunch launch = launch(null, Map.of("STEP_VALUE", "x"), "/usr/bin/env");
		this.executor.start(launch);

		assertThat(awaitEnd(launch).phase()).isEqualTo(AttemptPhase.SUCCEEDED);
		List<String> names = readAll(launch, LogStream.STDOUT).lines()
			.map((line) -> line.substring(0, Math.max(0, line.indexOf('='))))
			.toList();
		assertThat(names).contains("STEP_VALUE", "PATH")
			.allSatisfy((name) -> assertThat(LocalStepExecutor.PASSED_THROUGH.contains(name) || name.startsWith("LC_")
					|| name.equals("STEP_VALUE"))
				.as(name)
				.isTrue());
		assertThat(System.getenv().keySet()).as("the server has variables a step must not see")
			.anyMatch((name) -> !LocalStepExecutor.PASSED_THROUGH.contains(name) && !name.startsWith("LC_"));
	}

	@Test
	void timeoutStopsTheWholeTree() throws IOException {
		AttemptLaunch launch = launch(Duration.ofSeconds(4), script(STUBBORN_TREE).toString());
		StartedAttempt started = this.executor.start(launch);
		List<Long> pids = awaitPids(launch, 4);
		// The reparented grandchild is no descendant any more: only the session finds it.
		assertThat(ProcessHandle.of(started.pid()).orElseThrow().descendants().map(ProcessHandle::pid))
			.doesNotContain(pids.get(1));

		AttemptStatus status = awaitEnd(launch);

		assertThat(status.phase()).isEqualTo(AttemptPhase.TIMED_OUT);
		assertThat(status.message()).isEqualTo("ran longer than its timeout of 4s");
		assertThat(pids).allSatisfy((pid) -> assertThat(alive(pid)).as("process %d", pid).isFalse());
	}

	@Test
	void stopStopsTheWholeTreeAndReturnsOnceItIsGone() throws IOException {
		AttemptLaunch launch = start(script(STUBBORN_TREE));
		List<Long> pids = awaitPids(launch, 4);

		this.executor.stop(launch);

		assertThat(pids).allSatisfy((pid) -> assertThat(alive(pid)).as("process %d", pid).isFalse());
		AttemptStatus status = this.executor.poll(launch);
		assertThat(status.phase()).isEqualTo(AttemptPhase.STOPPED);
		assertThat(status.message()).isEqualTo("stopped on request");
		this.executor.stop(launch);
		assertThat(this.executor.poll(launch)).isEqualTo(status);
	}

	@Test
	void stopOfAnEndedAttemptKeepsItsOutcome() throws IOException {
		AttemptLaunch launch = start(script("#!/bin/sh\nexit 0\n"));
		awaitEnd(launch);

		this.executor.stop(launch);

		assertThat(this.executor.poll(launch).phase()).isEqualTo(AttemptPhase.SUCCEEDED);
	}

	@Test
	void backgroundProcessesDoNotOutliveTheirStep() throws IOException {
		AttemptLaunch launch = start(script("""
				#!/bin/sh
				sh -c 'trap "" TERM; sleep 1000' &
				echo $! >> pids
				sleep 1000 &
				echo $! >> pids
				echo done
				"""));

		AttemptStatus status = awaitEnd(launch);

		assertThat(status.phase()).isEqualTo(AttemptPhase.SUCCEEDED);
		assertThat(readAll(launch, LogStream.STDOUT)).isEqualTo("done\n");
		assertThat(pids(launch)).hasSize(2).allSatisfy((pid) -> assertThat(alive(pid)).isFalse());
	}

	@Test
	void withoutSetsidTheDescendantsAreStopped() throws IOException {
		this.executor.close();
		this.executor = new LocalStepExecutor(GRACE, 1024 * 1024, Clock.systemUTC(), null);
		AttemptLaunch launch = start(script("""
				#!/bin/sh
				echo $$ >> pids
				sh -c 'trap "" TERM; echo $$ >> pids; sleep 1000 & echo $! >> pids; wait' &
				wait
				"""));
		List<Long> pids = awaitPids(launch, 3);

		this.executor.stop(launch);

		assertThat(pids).allSatisfy((pid) -> assertThat(alive(pid)).as("process %d", pid).isFalse());
		assertThat(this.executor.poll(launch).phase()).isEqualTo(AttemptPhase.STOPPED);
	}

	@Test
	void readLogGoesByOffsetsAndNeverSplitsACharacter() throws IOException {
		// "ab€c": the euro sign is three bytes (e2 82 ac).
		AttemptLaunch launch = start(script("#!/bin/sh\nprintf 'ab\\342\\202\\254c'\n"));
		awaitEnd(launch);

		assertThat(this.executor.readLog(launch, LogStream.STDOUT, 0, 4)).isEqualTo(new LogChunk("ab", 2, false));
		assertThat(this.executor.readLog(launch, LogStream.STDOUT, 2, 4)).isEqualTo(new LogChunk("€c", 6, true));
		assertThat(this.executor.readLog(launch, LogStream.STDOUT, 1, 4)).isEqualTo(new LogChunk("b€", 5, false));
		assertThat(this.executor.readLog(launch, LogStream.STDOUT, 6, 4)).isEqualTo(new LogChunk("", 6, true));
		assertThat(this.executor.readLog(launch, LogStream.STDOUT, 0, 100)).isEqualTo(new LogChunk("ab€c", 6, true));
		assertThat(this.executor.readLog(launch, LogStream.STDERR, 0, 100)).isEqualTo(new LogChunk("", 0, true));
		assertThatThrownBy(() -> this.executor.readLog(launch, LogStream.STDOUT, 0, 3)).isInstanceOfSatisfying(
				SlipwayException.class, (ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
	}

	@Test
	void readLogOfARunningStepWaitsForTheRestOfACharacter() throws IOException {
		AttemptLaunch launch = start(script("""
				#!/bin/sh
				printf 'x\\342\\202'
				while [ ! -e gate ]; do sleep 0.1; done
				printf '\\254'
				"""));
		Path gate = launch.workDir().resolve("gate");
		await().atMost(Duration.ofSeconds(20))
			.until(() -> Files.size(launch.workDir().resolve("logs/stdout.log")) == 3);

		assertThat(this.executor.readLog(launch, LogStream.STDOUT, 0, 100)).isEqualTo(new LogChunk("x", 1, false));
		assertThat(this.executor.readLog(launch, LogStream.STDOUT, 1, 100)).isEqualTo(new LogChunk("", 1, false));

		Files.createFile(gate);
		awaitEnd(launch);
		assertThat(this.executor.readLog(launch, LogStream.STDOUT, 1, 100)).isEqualTo(new LogChunk("€", 4, true));
	}

	@Test
	void anEndedLogWithAnIncompleteCharacterStillCompletes() throws IOException {
		AttemptLaunch launch = start(script("#!/bin/sh\nprintf 'x\\342\\202'\n"));
		awaitEnd(launch);

		assertThat(this.executor.readLog(launch, LogStream.STDOUT, 0, 100)).isEqualTo(new LogChunk("x\uFFFD", 3, true));
	}

	@Test
	void readLogReadsAtMostOneMebibyte() throws IOException {
		AttemptLaunch launch = start(script("#!/bin/sh\nhead -c 1500000 /dev/zero | tr '\\0' 'x'\n"));
		awaitEnd(launch);

		LogChunk first = this.executor.readLog(launch, LogStream.STDOUT, 0, Integer.MAX_VALUE);
		LogChunk second = this.executor.readLog(launch, LogStream.STDOUT, first.nextOffset(), Integer.MAX_VALUE);

		assertThat(first.nextOffset()).isEqualTo(LocalStepExecutor.MAX_READ_BYTES);
		assertThat(first.complete()).isFalse();
		assertThat(second.nextOffset()).isEqualTo(1_500_000);
		assertThat(second.complete()).isTrue();
		assertThatThrownBy(() -> this.executor.readLog(launch, LogStream.STDOUT, -1, 10)).isInstanceOfSatisfying(
				SlipwayException.class, (ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
	}

	@Test
	void logsAreCutAtTheCapWhileTheStepRunsOn() throws IOException {
		this.executor.close();
		this.executor = new LocalStepExecutor(GRACE, 1000, Clock.systemUTC());
		// Far more than a pipe holds: the step would block if the pipe were not drained.
		AttemptLaunch launch = start(script("""
				#!/bin/sh
				head -c 300000 /dev/zero | tr '\\0' 'x'
				echo small >&2
				"""));

		assertThat(awaitEnd(launch).phase()).isEqualTo(AttemptPhase.SUCCEEDED);
		assertThat(readAll(launch, LogStream.STDOUT)).isEqualTo("x".repeat(1000) + "\n[log cut at 1000 bytes]\n");
		assertThat(readAll(launch, LogStream.STDERR)).isEqualTo("small\n");
	}

	@Test
	void theCapDoesNotCutACharacter() throws IOException {
		this.executor.close();
		this.executor = new LocalStepExecutor(GRACE, 4, Clock.systemUTC());
		AttemptLaunch launch = start(script("#!/bin/sh\nprintf 'ab\\342\\202\\254cd'\n"));

		awaitEnd(launch);

		assertThat(readAll(launch, LogStream.STDOUT)).isEqualTo("ab\n[log cut at 4 bytes]\n");
	}

	@Test
	void anAttemptStartedElsewhereIsLost() throws IOException {
		AttemptLaunch launch = launch("sleep", "1000");

		AttemptStatus status = this.executor.poll(launch);

		assertThat(status.phase()).isEqualTo(AttemptPhase.LOST);
		assertThat(status.message()).contains("another replica");
		assertThat(this.executor.readLog(launch, LogStream.STDOUT, 0, 100)).isEqualTo(new LogChunk("", 0, true));
		this.executor.stop(launch);
		this.executor.release(launch);
	}

	@Test
	void theLogsOfAForgottenAttemptCanStillBeRead() throws IOException {
		AttemptLaunch launch = start(script("#!/bin/sh\necho kept\n"));
		awaitEnd(launch);

		this.executor.release(launch);

		assertThat(this.executor.poll(launch).phase()).isEqualTo(AttemptPhase.LOST);
		assertThat(this.executor.readLog(launch, LogStream.STDOUT, 0, 100)).isEqualTo(new LogChunk("kept\n", 5, true));
	}

	@Test
	void startIsIdempotent() throws IOException {
		AttemptLaunch launch = launch(script("""
				#!/bin/sh
				echo run >> runs
				sleep 1000
				""").toString());

		CompletableFuture<StartedAttempt> other = CompletableFuture.supplyAsync(() -> this.executor.start(launch));
		StartedAttempt first = this.executor.start(launch);

		assertThat(other.join()).isEqualTo(first);
		assertThat(this.executor.start(launch)).isEqualTo(first);
		await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(launch.workDir().resolve("runs")));
		this.executor.stop(launch);
		assertThat(Files.readAllLines(launch.workDir().resolve("runs"))).containsExactly("run");
	}

	@Test
	void stopOrphanStopsTheTreeOfAProcessWithTheSameStart() throws IOException {
		// A previous life of the server: it started the step and went away.
		LocalStepExecutor previous = new LocalStepExecutor(GRACE, 1024 * 1024, Clock.systemUTC());
		AttemptLaunch launch = launch(script(STUBBORN_TREE).toString());
		StartedAttempt started = previous.start(launch);
		previous.close();
		try {
			List<Long> pids = awaitPids(launch, 4);

			assertThat(LocalStepExecutor.stopOrphan(started.pid(), started.startedAt().minusSeconds(3600), GRACE))
				.isFalse();
			assertThat(pids).allSatisfy((pid) -> assertThat(alive(pid)).isTrue());

			assertThat(LocalStepExecutor.stopOrphan(started.pid(), started.startedAt(), GRACE)).isTrue();
			assertThat(pids).allSatisfy((pid) -> assertThat(alive(pid)).as("process %d", pid).isFalse());
			assertThat(LocalStepExecutor.stopOrphan(started.pid(), started.startedAt(), GRACE)).isFalse();
		}
		finally {
			ProcessHandle.of(started.pid())
				.ifPresent((root) -> new ProcessTree(root, true).stop(Duration.ZERO, PATIENCE));
		}
	}

	@Test
	void closeLeavesRunningProcessesAndRefusesNewOnes() throws IOException {
		AttemptLaunch launch = launch("sleep", "1000");
		long pid = this.executor.start(launch).pid();

		this.executor.close();

		assertThat(alive(pid)).isTrue();
		assertThatThrownBy(() -> this.executor.start(launch("sleep", "1"))).isInstanceOfSatisfying(
				SlipwayException.class, (ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_STATE));
		assertThat(new ProcessTree(ProcessHandle.of(pid).orElseThrow(), true).stop(GRACE, PATIENCE)).isTrue();
	}

	@Test
	void durationsAreDescribedAsDefinitionsWriteThem() {
		assertThat(LocalStepExecutor.describe(Duration.ofHours(2))).isEqualTo("2h");
		assertThat(LocalStepExecutor.describe(Duration.ofMinutes(30))).isEqualTo("30m");
		assertThat(LocalStepExecutor.describe(Duration.ofSeconds(90))).isEqualTo("90s");
		assertThat(LocalStepExecutor.describe(Duration.ofMillis(1500))).isEqualTo("1500ms");
	}

	private AttemptLaunch start(Path script) throws IOException {
		AttemptLaunch launch = launch(script.toString());
		this.executor.start(launch);
		return launch;
	}

	private AttemptLaunch launch(String... command) throws IOException {
		return launch(null, Map.of(), command);
	}

	private AttemptLaunch launch(Duration timeout, String... command) throws IOException {
		return launch(timeout, Map.of(), command);
	}

	/** A launch with a working folder of its own, stopped after the test. */
	private AttemptLaunch launch(Duration timeout, Map<String, String> environment, String... command)
			throws IOException {
		String step = "step" + (this.launched.size() + 1);
		Path workDir = Files.createDirectories(this.temp.resolve(step));
		AttemptLaunch launch = new AttemptLaunch(AttemptLaunch.idOf(7, step, 1), 7, 1, step, 1, List.of(command),
				environment, null, Resources.NONE, timeout, workDir);
		this.launched.add(launch);
		return launch;
	}

	private Path scripts() throws IOException {
		return Files.createDirectories(this.temp.resolve("scripts"));
	}

	private Path script(String body) throws IOException {
		Path file = Files.createTempFile(scripts(), "step-", ".sh");
		Files.writeString(file, body);
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
		return file;
	}

	private AttemptStatus awaitEnd(AttemptLaunch launch) {
		return await().atMost(Duration.ofSeconds(20)).until(() -> this.executor.poll(launch), AttemptStatus::ended);
	}

	private List<Long> awaitPids(AttemptLaunch launch, int count) {
		return await().atMost(Duration.ofSeconds(20)).until(() -> pids(launch), (pids) -> pids.size() == count);
	}

	private static List<Long> pids(AttemptLaunch launch) throws IOException {
		Path file = launch.workDir().resolve("pids");
		if (!Files.exists(file)) {
			return List.of();
		}
		return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(Long::valueOf).toList();
	}

	private static boolean alive(long pid) {
		return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
	}

	private String readAll(AttemptLaunch launch, LogStream stream) {
		StringBuilder text = new StringBuilder();
		LogChunk chunk = new LogChunk("", 0, false);
		while (!chunk.complete()) {
			chunk = this.executor.readLog(launch, stream, chunk.nextOffset(), 1024);
			text.append(chunk.text());
		}
		return text.toString();
	}

}
