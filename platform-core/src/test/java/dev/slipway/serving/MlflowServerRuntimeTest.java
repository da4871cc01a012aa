package dev.slipway.serving;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.testsupport.Requirement;
import dev.slipway.testsupport.Requires;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class MlflowServerRuntimeTest {

	/** A pyfunc model whose prediction is its column {@code x} plus one. */
	private static final String SAVE_MODEL = """
			import sys
			import mlflow.pyfunc
			import pandas as pd
			from mlflow.models import infer_signature

			class AddOne(mlflow.pyfunc.PythonModel):
			    def predict(self, context, model_input, params=None):
			        return model_input["x"] + 1

			signature = infer_signature(pd.DataFrame({"x": [1.0, 2.0]}), pd.Series([2.0, 3.0]))
			mlflow.pyfunc.save_model(sys.argv[1], python_model=AddOne(), signature=signature)
			""";

	private static final ModelSignature SIGNATURE = new ModelSignature(
			List.of(new ModelSignature.Field("x", "double", List.of(), true)),
			List.of(new ModelSignature.Field(null, "double", List.of(), true)), false);

	private static final ModelInput ROWS = ModelInput.of(new Frame(List.of("x"), List.of(List.of(1.0), List.of(2.5))));

	@TempDir
	Path folder;

	private MlflowServerRuntime runtime;

	@AfterEach
	void closeRuntime() {
		if (this.runtime != null) {
			this.runtime.close();
		}
	}

	@Test
	@Requires(Requirement.PYTHON)
	void servesAPyfuncModelAndRestartsItsServerWhenItDies() throws Exception {
		this.runtime = new MlflowServerRuntime(settings(3));
		ModelPackage model = savedModel();
		assertThat(this.runtime.supports(model)).isTrue();

		SupervisedMlflowServer server = this.runtime.load(model);

		assertThat(server.healthy()).isTrue();
		// Before any prediction of the test's, the log shows the warm-up's.
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(server.recentLog()).contains("Uvicorn running on http://127.0.0.1")
				.as("the warm-up prediction")
				.contains("\"POST /invocations HTTP/1.1\" 200"));
		assertThat(server.predict(ROWS).rowValues()).containsExactly(2.0, 3.5);
		long first = server.pid().orElseThrow();
		// The server sees what it needs of this JVM's environment, not the rest of it.
		String environment = environment(server);
		assertThat(environment).contains("MLFLOW_SCORING_SERVER_REQUEST_TIMEOUT=30")
			.doesNotContain("SLIPWAY_E2E_PYTHON");

		ProcessHandle.of(first).orElseThrow().destroyForcibly();

		await().atMost(Duration.ofSeconds(10)).until(() -> !server.healthy());
		long start = System.nanoTime();
		assertThatThrownBy(() -> server.predict(ROWS))
			.isInstanceOfSatisfying(SlipwayException.class,
					(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE))
			.hasMessageContaining("restarting");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
		await().atMost(Duration.ofSeconds(120)).until(server::healthy);
		assertThat(server.restarts()).isEqualTo(1);
		assertThat(server.pid().orElseThrow()).isNotEqualTo(first);
		assertThat(server.predict(ROWS).rowValues()).containsExactly(2.0, 3.5);

		List<ProcessHandle> processes = server.processes();
		assertThat(processes).isNotEmpty();
		server.close();

		assertThat(processes).noneMatch(ProcessHandle::isAlive);
		assertThat(server.healthy()).isFalse();
		assertThatThrownBy(() -> server.predict(ROWS)).isInstanceOfSatisfying(SlipwayException.class,
				(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE));
	}

	@Test
	@Requires(Requirement.PYTHON)
	void aServerThatHangsIsStoppedAndRestarted() throws Exception {
		this.runtime = new MlflowServerRuntime(settings(3));
		SupervisedMlflowServer server = this.runtime.load(savedModel());
		List<ProcessHandle> hung = server.processes();

		// Frozen, not dead: only the failed health checks can tell.
		for (ProcessHandle process : hung) {
			signal("STOP", process.pid());
		}

		await().atMost(Duration.ofSeconds(30)).until(() -> !server.healthy());
		await().atMost(Duration.ofSeconds(120)).until(server::healthy);
		assertThat(hung).noneMatch(ProcessHandle::isAlive);
		assertThat(server.restarts()).isEqualTo(1);
		assertThat(server.predict(ROWS).rowValues()).containsExactly(2.0, 3.5);
	}

	@Test
	@Requires(Requirement.PYTHON)
	void aServerOutOfRestartsIsGivenUp() throws Exception {
		this.runtime = new MlflowServerRuntime(settings(0));
		SupervisedMlflowServer server = this.runtime.load(savedModel());
		List<ProcessHandle> processes = server.processes();

		ProcessHandle.of(server.pid().orElseThrow()).orElseThrow().destroyForcibly();

		await().atMost(Duration.ofSeconds(30)).until(() -> server.state() == SupervisedMlflowServer.State.FAILED);
		assertThat(server.healthy()).isFalse();
		assertThatThrownBy(() -> server.predict(ROWS))
			.isInstanceOfSatisfying(SlipwayException.class,
					(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE))
			.hasMessageContaining("no longer restarted");
		await().atMost(Duration.ofSeconds(30)).until(() -> processes.stream().noneMatch(ProcessHandle::isAlive));
		assertThat(server.restarts()).isZero();
	}

	@Test
	@Requires(Requirement.PYTHON)
	void aServerThatCannotLoadItsModelFailsToStartAndLeavesNothing() throws Exception {
		this.runtime = new MlflowServerRuntime(settings(3));
		ModelPackage model = savedModel();
		Files.write(model.directory().resolve("python_model.pkl"), new byte[] { 1, 2, 3 });

		assertThatThrownBy(() -> this.runtime.load(model))
			.isInstanceOfSatisfying(SlipwayException.class,
					(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE))
			.hasMessageContaining("while starting");
		assertThat(ProcessHandle.current().descendants())
			.noneMatch((process) -> process.info().commandLine().orElse("").contains(model.directory().toString()));
	}

	@Test
	void aModelWithoutPythonFunctionIsNotServed() {
		this.runtime = new MlflowServerRuntime(MlflowServerSettings.defaults());
		ModelPackage onnx = new ModelPackage("m", 1, this.folder, Map.of("flavors", Map.of("onnx", Map.of())),
				ModelSignature.NONE);

		assertThat(this.runtime.supports(onnx)).isFalse();
		assertThatThrownBy(() -> this.runtime.load(onnx))
			.isInstanceOfSatisfying(SlipwayException.class,
					(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
			.hasMessageContaining("python_function");
	}

	@Test
	void aPythonThatDoesNotExistIsUnavailable() {
		this.runtime = new MlflowServerRuntime(new MlflowServerSettings(this.folder.resolve("no-python").toString(),
				Duration.ofSeconds(5), null, null, 0));
		ModelPackage model = new ModelPackage("m", 1, this.folder,
				Map.of("flavors", Map.of("python_function", Map.of())), ModelSignature.NONE);

		assertThatThrownBy(() -> this.runtime.load(model))
			.isInstanceOfSatisfying(SlipwayException.class,
					(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE))
			.hasMessageContaining("Python interpreter")
			.hasMessageContaining("no-python");
	}

	@Test
	void aWarmUpRowFitsAColumnSignature() {
		ModelSignature signature = new ModelSignature(List.of(new ModelSignature.Field("a", "double", null, true),
				new ModelSignature.Field("b", "long", null, true), new ModelSignature.Field("c", "string", null, false),
				new ModelSignature.Field("d", "boolean", null, true)), List.of(), false);

		ModelInput input = MlflowServerRuntime.syntheticInput(signature).orElseThrow();

		assertThat(input.frame().columns()).containsExactly("a", "b", "c", "d");
		assertThat(input.frame().rows()).containsExactly(List.of(0.0, 0L, "", false));
	}

	@Test
	void aWarmUpTensorFillsItsShapeWithVariableDimensionsAsOne() {
		ModelSignature signature = new ModelSignature(
				List.of(new ModelSignature.Field("t", "FP32", List.of(-1L, 2L, 3L), true)), List.of(), true);

		Tensor tensor = MlflowServerRuntime.syntheticInput(signature).orElseThrow().tensors().get(0);

		assertThat(tensor.shape()).containsExactly(1L, 2L, 3L);
		assertThat(tensor.data()).hasSize(6).containsOnly(0.0);
	}

	@Test
	void noWarmUpWithoutASignatureOrWithATypeItCannotMake() {
		assertThat(MlflowServerRuntime.syntheticInput(ModelSignature.NONE)).isEmpty();
		assertThat(MlflowServerRuntime.syntheticInput(
				new ModelSignature(List.of(new ModelSignature.Field("a", "array", null, true)), List.of(), false)))
			.isEmpty();
		assertThat(MlflowServerRuntime.syntheticInput(new ModelSignature(
				List.of(new ModelSignature.Field("t", "FP32", List.of(-1L, 1000L, 1000L), true)), List.of(), true)))
			.isEmpty();
	}

	@Test
	void theLogKeepsItsLastBytes() {
		LogTail tail = new LogTail(8);
		tail.append("abc");
		assertThat(tail.text()).isEqualTo("abc");

		tail.append("defghijk");
		assertThat(tail.text()).isEqualTo("defghijk");

		tail.append("é!");
		assertThat(tail.text()).isEqualTo("ghijké!");
		assertThat(tail.last(2)).isEqualTo("é!");
	}

	@Test
	void settingsTakeTheirDefaults() {
		MlflowServerSettings settings = MlflowServerSettings.defaults();

		assertThat(settings.python()).isEqualTo("python3");
		assertThat(settings.startTimeout()).isEqualTo(Duration.ofSeconds(120));
		assertThat(settings.requestTimeout()).isEqualTo(Duration.ofSeconds(60));
		assertThat(settings.healthInterval()).isEqualTo(Duration.ofSeconds(5));
		assertThatThrownBy(() -> new MlflowServerSettings(null, Duration.ZERO, null, null, 1))
			.isInstanceOf(IllegalArgumentException.class);
	}

	private static MlflowServerSettings settings(int maxRestarts) {
		return new MlflowServerSettings(Requirement.python().orElseThrow().toString(), Duration.ofSeconds(120),
				Duration.ofSeconds(30), Duration.ofMillis(500), maxRestarts);
	}

	/** Saves the model with the test's Python, and reads its MLmodel as far as needed. */
	private ModelPackage savedModel() throws IOException, InterruptedException {
		Path script = this.folder.resolve("save_model.py");
		Files.writeString(script, SAVE_MODEL);
		Path directory = this.folder.resolve("model");
		Process process = new ProcessBuilder(Requirement.python().orElseThrow().toString(), script.toString(),
				directory.toString())
			.redirectErrorStream(true)
			.redirectOutput(this.folder.resolve("save_model.log").toFile())
			.start();
		assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(() -> log("save_model.log")).isZero();
		String mlmodel = Files.readString(directory.resolve("MLmodel"));
		assertThat(mlmodel).contains("python_function:").contains("\"name\": \"x\"");
		return new ModelPackage("add-one", 1, directory, Map.of("flavors", Map.of("python_function", Map.of())),
				SIGNATURE);
	}

	private String log(String name) {
		try {
			return Files.readString(this.folder.resolve(name));
		}
		catch (IOException ex) {
			return ex.toString();
		}
	}

	private static void signal(String signal, long pid) throws IOException, InterruptedException {
		Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start();
		assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
	}

	/**
	 * The environment of the server's processes, as /proc shows it.
	 */
	private static String environment(SupervisedMlflowServer server) throws IOException {
		StringBuilder all = new StringBuilder();
		for (ProcessHandle process : server.processes()) {
			Path environ = Path.of("/proc", Long.toString(process.pid()), "environ");
			if (Files.isReadable(environ)) {
				all.append(new String(Files.readAllBytes(environ), StandardCharsets.UTF_8).replace('\0', '\n'));
			}
		}
		return all.toString();
	}

}
