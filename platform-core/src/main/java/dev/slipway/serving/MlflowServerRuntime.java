package dev.slipway.serving;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;

/**
 * Serves any MLflow model with a {@code python_function} flavor through MLflow's own
 * scoring server ({@code mlflow models serve --env-manager local}), one supervised
 * process per loaded model version on the loopback: started, warmed up, checked every few
 * seconds and restarted when it dies.
 */
class MlflowServerRuntime implements ModelRuntime, AutoCloseable {

	/** This runtime's {@link #kind()}. */
	static final String KIND = "mlflow-server";

	/** How many elements a synthetic warm-up tensor may have at most. */
	private static final int MAX_WARM_UP_ELEMENTS = 10_000;

	final MlflowServerSettings settings;

	final ModelHttp http;

	/** Runs the health checks; its tasks never block longer than one check. */
	final ScheduledExecutorService ticks;

	/** Runs restarts, which block until the new server answers. */
	final ExecutorService restarts;

	private final Set<SupervisedMlflowServer> servers = ConcurrentHashMap.newKeySet();

	MlflowServerRuntime(MlflowServerSettings settings) {
		this.settings = settings;
		this.http = new ModelHttp(Duration.ofSeconds(2), "slipway-serving-mlflow");
		this.ticks = Executors.newSingleThreadScheduledExecutor(daemon("slipway-serving-mlflow-health"));
		this.restarts = Executors.newCachedThreadPool(daemon("slipway-serving-mlflow-restart"));
	}

	@Override
	public String kind() {
		return KIND;
	}

	@Override
	public boolean supports(ModelPackage model) {
		return model.flavors().containsKey("python_function") && model.directory() != null
				&& Files.isDirectory(model.directory());
	}

	/**
	 * Starts a model server for the version, waits until it answers and has predicted a
	 * synthetic row (when the signature allows making one).
	 * @throws SlipwayException {@code INVALID_ARGUMENT} for a model without a
	 * {@code python_function} flavor, {@code SERVICE_UNAVAILABLE} when the server did not
	 * start or answer within the start-up limit
	 */
	@Override
	public SupervisedMlflowServer load(ModelPackage model) {
		if (!supports(model)) {
			throw SlipwayException.invalidArgument("model",
					"version " + model.version() + " of '" + model.model() + "' has no python_function flavor");
		}
		SupervisedMlflowServer server = new SupervisedMlflowServer(this, model);
		this.servers.add(server);
		try {
			server.start();
			return server;
		}
		catch (RuntimeException ex) {
			server.close();
			throw ex;
		}
	}

	void forget(SupervisedMlflowServer server) {
		this.servers.remove(server);
	}

	/** Stops every server this runtime started, then its threads. */
	@Override
	public void close() {
		List<SupervisedMlflowServer> open = new ArrayList<>(this.servers);
		open.forEach(SupervisedMlflowServer::close);
		this.ticks.shutdownNow();
		this.restarts.shutdownNow();
		this.http.close();
	}

	/** A port free on the loopback now; the server binds it a moment later. */
	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new SlipwayException(ErrorCode.SERVICE_UNAVAILABLE, "no free port for a model server", ex);
		}
	}

	/**
	 * A one-row input that fits the signature, for the warm-up prediction: zeros, false
	 * and empty strings. Empty when the signature declares nothing or a type it cannot
	 * make.
	 */
	static Optional<ModelInput> syntheticInput(ModelSignature signature) {
		if (signature.inputs().isEmpty()) {
			return Optional.empty();
		}
		if (!signature.tensorBased()) {
			List<String> columns = new ArrayList<>();
			List<Object> row = new ArrayList<>();
			for (ModelSignature.Field field : signature.inputs()) {
				Object value = columnValue(field.type());
				if (value == null || field.name() == null) {
					return Optional.empty();
				}
				columns.add(field.name());
				row.add(value);
			}
			return Optional.of(ModelInput.of(new Frame(columns, List.of(row))));
		}
		List<Tensor> tensors = new ArrayList<>();
		for (ModelSignature.Field field : signature.inputs()) {
			Object zero = tensorValue(field.type());
			if (zero == null || (field.name() == null && signature.inputs().size() > 1)) {
				return Optional.empty();
			}
			List<Long> shape = new ArrayList<>();
			long count = 1;
			for (Long dimension : field.shape()) {
				long concrete = (dimension == null || dimension < 0) ? 1 : dimension;
				shape.add(concrete);
				count *= concrete;
				if (count > MAX_WARM_UP_ELEMENTS) {
					return Optional.empty();
				}
			}
			List<Object> data = new ArrayList<>((int) count);
			for (int i = 0; i < count; i++) {
				data.add(zero);
			}
			tensors.add(new Tensor(field.name(), field.type(), shape, data));
		}
		return Optional.of(ModelInput.of(tensors));
	}

	private static Object columnValue(String type) {
		if (type == null) {
			return null;
		}
		return switch (type) {
			case "double", "float" -> 0.0;
			case "long", "integer" -> 0L;
			case "boolean" -> false;
			case "string", "binary" -> "";
			case "datetime" -> "1970-01-01T00:00:00";
			default -> null;
		};
	}

	private static Object tensorValue(String type) {
		if (type == null) {
			return null;
		}
		if (type.startsWith("FP")) {
			return 0.0;
		}
		if (type.startsWith("INT") || type.startsWith("UINT")) {
			return 0L;
		}
		return switch (type) {
			case "BOOL" -> false;
			case "BYTES" -> "";
			default -> null;
		};
	}

	private static ThreadFactory daemon(String name) {
		AtomicInteger count = new AtomicInteger();
		return (task) -> {
			Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

}
