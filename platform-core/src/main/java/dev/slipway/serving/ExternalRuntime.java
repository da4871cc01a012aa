package dev.slipway.serving;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Serves through a model endpoint someone else runs (an MLflow scoring server, KServe,
 * MLServer, Triton), speaking MLflow's scoring protocol or the Open Inference Protocol.
 * Such an endpoint comes from a deployment slot's settings, not from a registered model's
 * files: it is {@link #connect connected}, never {@link #load loaded}.
 */
class ExternalRuntime implements ModelRuntime, AutoCloseable {

	/** This runtime's {@link #kind()}. */
	static final String KIND = "external";

	private static final Logger log = LoggerFactory.getLogger(ExternalRuntime.class);

	/**
	 * How long a health check's answer is trusted before {@code healthy()} asks again.
	 */
	private static final Duration HEALTH_TTL = Duration.ofSeconds(5);

	/** The longest a health check may take. */
	private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(5);

	private final ModelHttp http;

	private final Duration defaultTimeout;

	private final long maxAnswerBytes;

	/**
	 * @param connectTimeout how long opening a connection may take
	 * @param defaultTimeout how long a prediction may take when the endpoint does not say
	 */
	ExternalRuntime(Duration connectTimeout, Duration defaultTimeout) {
		this(connectTimeout, defaultTimeout, MlflowRequests.MAX_ANSWER_BYTES);
	}

	ExternalRuntime(Duration connectTimeout, Duration defaultTimeout, long maxAnswerBytes) {
		this.http = new ModelHttp(connectTimeout, "slipway-serving-external");
		this.defaultTimeout = defaultTimeout;
		this.maxAnswerBytes = maxAnswerBytes;
	}

	@Override
	public String kind() {
		return KIND;
	}

	/** None: an external endpoint is not made from a model's files. */
	@Override
	public boolean supports(ModelPackage model) {
		return false;
	}

	@Override
	public LoadedModel load(ModelPackage model) {
		throw SlipwayException.invalidArgument("runtime",
				"an external endpoint is connected from its deployment's settings, not loaded from a model version");
	}

	/**
	 * Connects to an endpoint once it answers its health check.
	 * @throws SlipwayException {@code INVALID_ARGUMENT} for an endpoint that cannot be
	 * used (a URL that is not http or https, an unknown protocol, a header that cannot be
	 * set), {@code SERVICE_UNAVAILABLE} when it is not ready
	 */
	LoadedModel connect(ExternalEndpoint endpoint) {
		Endpoint connected = new Endpoint(endpoint, checked(endpoint));
		if (!connected.check()) {
			throw new SlipwayException(ErrorCode.SERVICE_UNAVAILABLE, connected.who + " is not ready");
		}
		return connected;
	}

	private URI checked(ExternalEndpoint endpoint) {
		if (endpoint.url() == null || endpoint.url().isBlank()) {
			throw SlipwayException.invalidArgument("url", "is required");
		}
		URI uri;
		try {
			uri = new URI(endpoint.url().strip());
		}
		catch (URISyntaxException ex) {
			throw SlipwayException.invalidArgument("url", "is not a valid URL");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("http") && !scheme.equals("https")) {
			throw SlipwayException.invalidArgument("url", "must be an http or https URL");
		}
		if (uri.getHost() == null) {
			throw SlipwayException.invalidArgument("url", "must name a host");
		}
		if (uri.getRawUserInfo() != null) {
			// It would end up in messages and logs; a token goes in a header.
			throw SlipwayException.invalidArgument("url", "must not carry credentials (set a header instead)");
		}
		if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
			throw SlipwayException.invalidArgument("url", "must not have a query or fragment");
		}
		String protocol = endpoint.protocol();
		if (!ExternalEndpoint.MLFLOW.equals(protocol) && !ExternalEndpoint.V2.equals(protocol)) {
			throw SlipwayException.invalidArgument("protocol",
					"must be '" + ExternalEndpoint.MLFLOW + "' or '" + ExternalEndpoint.V2 + "'");
		}
		if (ExternalEndpoint.V2.equals(protocol) && (endpoint.modelName() == null || endpoint.modelName().isBlank())) {
			throw SlipwayException.invalidArgument("modelName", "is required for the v2 protocol");
		}
		if (endpoint.timeout() != null && (endpoint.timeout().isNegative() || endpoint.timeout().isZero())) {
			throw SlipwayException.invalidArgument("timeout", "must be positive");
		}
		HttpRequest.Builder probe = HttpRequest.newBuilder(uri);
		endpoint.headers().forEach((name, value) -> {
			try {
				probe.header(name, value);
			}
			catch (IllegalArgumentException ex) {
				throw SlipwayException.invalidArgument("headers", "'" + name + "' cannot be set");
			}
		});
		String base = uri.toString();
		return URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
	}

	@Override
	public void close() {
		this.http.close();
	}

	/**
	 * The Open Inference Protocol request for an input: named tensors as they are, a
	 * frame as one tensor per column with MLServer's pandas content type, and the
	 * {@code params} as request parameters.
	 */
	static String encodeV2(ModelInput input) {
		List<Map<String, Object>> inputs = new ArrayList<>();
		Map<String, Object> parameters = new LinkedHashMap<>(input.params());
		if (input.frame() != null) {
			Frame frame = input.frame();
			for (int column = 0; column < frame.columns().size(); column++) {
				List<Object> data = new ArrayList<>(frame.size());
				for (List<Object> row : frame.rows()) {
					data.add(row.get(column));
				}
				inputs.add(tensor(frame.columns().get(column), datatype(data), List.of((long) frame.size()), data));
			}
			parameters.putIfAbsent("content_type", "pd");
		}
		else {
			for (Tensor tensor : input.tensors()) {
				if (tensor.name() == null || tensor.name().isEmpty()) {
					throw SlipwayException.invalidArgument("inputs",
							"the Open Inference Protocol needs every tensor named");
				}
				inputs.add(tensor(tensor.name(), tensor.datatype(), tensor.shape(), tensor.data()));
			}
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("inputs", inputs);
		if (!parameters.isEmpty()) {
			body.put("parameters", parameters);
		}
		return MlflowRequests.JSON.writeValueAsString(body);
	}

	private static Map<String, Object> tensor(String name, String datatype, List<Long> shape, List<Object> data) {
		Map<String, Object> tensor = new LinkedHashMap<>();
		tensor.put("name", name);
		tensor.put("shape", shape);
		tensor.put("datatype", datatype);
		tensor.put("data", data);
		return tensor;
	}

	/** The narrowest datatype holding a column's values (nulls aside). */
	private static String datatype(List<Object> values) {
		List<Object> present = values.stream().filter((value) -> value != null).toList();
		if (present.isEmpty()) {
			return "BYTES";
		}
		if (present.stream().allMatch((value) -> value instanceof Boolean)) {
			return "BOOL";
		}
		if (present.stream().allMatch((value) -> value instanceof Long || value instanceof Integer)) {
			return "INT64";
		}
		return present.stream().allMatch((value) -> value instanceof Number) ? "FP64" : "BYTES";
	}

	/**
	 * Reads an Open Inference Protocol answer: its output tensors, and one row value per
	 * row of the first (a single element, or the row's elements as a list).
	 */
	static Predictions decodeV2(byte[] body) {
		JsonNode answer;
		try {
			answer = MlflowRequests.JSON.readTree(body);
		}
		catch (JacksonException ex) {
			throw new SlipwayException(ErrorCode.PREDICTION_FAILED, "the model endpoint's answer is not JSON");
		}
		JsonNode outputs = (answer != null) ? answer.get("outputs") : null;
		if (outputs == null || !outputs.isArray() || outputs.isEmpty()) {
			throw new SlipwayException(ErrorCode.PREDICTION_FAILED, "the model endpoint's answer has no outputs");
		}
		List<Tensor> tensors = new ArrayList<>();
		for (JsonNode output : outputs) {
			List<Long> shape = new ArrayList<>();
			JsonNode dims = output.get("shape");
			if (dims != null) {
				dims.forEach((dim) -> shape.add(dim.longValue()));
			}
			List<Object> data = new ArrayList<>();
			flatten(output.get("data"), data);
			JsonNode name = output.get("name");
			JsonNode datatype = output.get("datatype");
			if (data.contains(null)) {
				throw new SlipwayException(ErrorCode.PREDICTION_FAILED,
						"the model endpoint's answer has null elements in an output");
			}
			tensors.add(new Tensor((name != null) ? name.asString() : null,
					(datatype != null) ? datatype.asString() : null, shape, data));
		}
		List<Object> rowValues = rowValues(tensors.get(0));
		return new Predictions(tensors, null, rowValues.size(), rowValues);
	}

	private static void flatten(JsonNode node, List<Object> into) {
		if (node == null) {
			return;
		}
		if (node.isArray()) {
			node.forEach((element) -> flatten(element, into));
		}
		else {
			into.add(MlflowRequests.value(node));
		}
	}

	private static List<Object> rowValues(Tensor tensor) {
		List<Object> data = tensor.data();
		if (tensor.shape().size() < 2) {
			return data;
		}
		long rows = tensor.shape().get(0);
		if (rows <= 0 || data.size() % rows != 0) {
			return data;
		}
		int width = (int) (data.size() / rows);
		List<Object> values = new ArrayList<>((int) rows);
		for (int row = 0; row < rows; row++) {
			values.add(List.copyOf(data.subList(row * width, row * width + width)));
		}
		return values;
	}

	/** A connected endpoint. */
	private final class Endpoint implements LoadedModel {

		private final ExternalEndpoint endpoint;

		private final URI base;

		private final String who;

		private final Duration timeout;

		private final AtomicBoolean checking = new AtomicBoolean();

		private volatile boolean healthy = true;

		private volatile long checkedAt = System.nanoTime();

		private volatile boolean closed;

		Endpoint(ExternalEndpoint endpoint, URI base) {
			this.endpoint = endpoint;
			this.base = base;
			this.who = "the model endpoint at " + base.getHost() + ((base.getPort() > 0) ? ":" + base.getPort() : "");
			this.timeout = (endpoint.timeout() != null) ? endpoint.timeout() : ExternalRuntime.this.defaultTimeout;
		}

		@Override
		public ModelSignature signature() {
			return ModelSignature.NONE;
		}

		@Override
		public Predictions predict(ModelInput input) {
			if (this.closed) {
				throw new SlipwayException(ErrorCode.SERVICE_UNAVAILABLE, this.who + " is no longer connected");
			}
			boolean v2 = ExternalEndpoint.V2.equals(this.endpoint.protocol());
			String body = v2 ? encodeV2(input) : MlflowRequests.encode(input);
			URI uri = v2 ? resolve("/v2/models/"
					+ URLEncoder.encode(this.endpoint.modelName(), StandardCharsets.UTF_8).replace("+", "%20")
					+ "/infer") : resolve("/invocations");
			HttpRequest request = request(uri, this.timeout).header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
				.build();
			ModelHttp.Answer answer;
			try {
				answer = ExternalRuntime.this.http.send(request, this.timeout, ExternalRuntime.this.maxAnswerBytes,
						this.who);
			}
			catch (SlipwayException ex) {
				if (ex.code() == ErrorCode.SERVICE_UNAVAILABLE) {
					this.healthy = false;
				}
				throw ex;
			}
			if (answer.status() < 200 || answer.status() >= 300) {
				throw ModelHttp.upstreamError(answer, this.who);
			}
			this.healthy = true;
			return v2 ? decodeV2(answer.body()) : MlflowRequests.decode(answer.body(), Long.MAX_VALUE);
		}

		/**
		 * The last health check's answer; one older than a few seconds is renewed in the
		 * background, so a router asking on every request never waits for it.
		 */
		@Override
		public boolean healthy() {
			if (this.closed) {
				return false;
			}
			if (System.nanoTime() - this.checkedAt > HEALTH_TTL.toNanos() && this.checking.compareAndSet(false, true)) {
				try {
					ExternalRuntime.this.http.executor().execute(() -> {
						try {
							check();
						}
						finally {
							this.checking.set(false);
						}
					});
				}
				catch (RuntimeException ex) {
					this.checking.set(false);
				}
			}
			return this.healthy;
		}

		/** Asks the endpoint whether it is ready, and remembers the answer. */
		boolean check() {
			boolean ready;
			if (ExternalEndpoint.V2.equals(this.endpoint.protocol())) {
				ready = answers200("/v2/health/ready");
			}
			else {
				// MLflow's server answers both; other MLflow-compatible servers one of
				// them.
				ready = answers200("/ping") || answers200("/health");
			}
			if (this.healthy != ready) {
				log.info("{} is {}", this.who, ready ? "ready" : "not ready");
			}
			this.healthy = ready;
			this.checkedAt = System.nanoTime();
			return ready;
		}

		private boolean answers200(String path) {
			Duration limit = (this.timeout.compareTo(HEALTH_TIMEOUT) < 0) ? this.timeout : HEALTH_TIMEOUT;
			try {
				HttpRequest request = request(resolve(path), limit).GET().build();
				return ExternalRuntime.this.http.send(request, limit, 64 * 1024, this.who).status() == 200;
			}
			catch (SlipwayException ex) {
				log.debug("The health check of {} failed: {}", this.who, ex.getMessage());
				return false;
			}
		}

		private HttpRequest.Builder request(URI uri, Duration limit) {
			HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
				.timeout(limit)
				.header("Accept", "application/json");
			this.endpoint.headers().forEach(builder::header);
			return builder;
		}

		private URI resolve(String path) {
			return URI.create(this.base + path);
		}

		@Override
		public void close() {
			this.closed = true;
		}

	}

}
