package dev.slipway.serving;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxMap;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.SequenceInfo;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;
import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;

/**
 * Serves ONNX models in this process with ONNX Runtime: packages with MLflow's
 * {@code onnx} flavor and bare {@code .onnx} files. One session per loaded model, shared
 * by all requests ({@code OrtSession.run} is thread-safe).
 */
class OnnxModelRuntime implements ModelRuntime {

	/** The most elements (rows × columns, or tensor elements) one request may send. */
	static final long DEFAULT_MAX_ELEMENTS = 100_000;

	private static final Set<OnnxJavaType> FED_TYPES = Set.of(OnnxJavaType.FLOAT, OnnxJavaType.DOUBLE,
			OnnxJavaType.INT64, OnnxJavaType.INT32, OnnxJavaType.BOOL, OnnxJavaType.STRING);

	/**
	 * How long one prediction may run by default (MLflow's scoring server allows 60 s).
	 */
	static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

	/**
	 * Stops runs that passed their time limit; one daemon thread for all models, as the
	 * work it does is setting a flag.
	 */
	private static final RunWatch WATCH = new RunWatch();

	private final int intraOpThreads;

	private final long maxElements;

	private final Duration timeout;

	/** A runtime with one intra-op thread per session and the default bounds. */
	OnnxModelRuntime() {
		this(1, DEFAULT_MAX_ELEMENTS, DEFAULT_TIMEOUT);
	}

	/**
	 * @param intraOpThreads the threads one prediction may use (small models gain nothing
	 * from more, and concurrent requests already fill the cores)
	 * @param maxElements the most elements one request may send
	 * @param timeout how long one prediction may run before it is stopped
	 */
	OnnxModelRuntime(int intraOpThreads, long maxElements, Duration timeout) {
		this.intraOpThreads = intraOpThreads;
		this.maxElements = maxElements;
		this.timeout = timeout;
	}

	@Override
	public String kind() {
		return "onnx";
	}

	@Override
	public boolean supports(ModelPackage model) {
		if (model.flavors().get("onnx") instanceof Map<?, ?> onnx) {
			return onnx.get("data") instanceof String;
		}
		return model.mlmodel().isEmpty() && ModelPackages.onnxFiles(model.directory()).size() == 1;
	}

	@Override
	public LoadedModel load(ModelPackage model) {
		Path file = modelFile(model);
		OrtEnvironment env = OrtEnvironment.getEnvironment();
		OrtSession session;
		try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
			options.setIntraOpNumThreads(this.intraOpThreads);
			options.setInterOpNumThreads(1);
			session = env.createSession(file.toString(), options);
		}
		catch (OrtException ex) {
			throw new SlipwayException(ErrorCode.INVALID_ARGUMENT,
					describe(model) + " cannot be loaded by ONNX Runtime: " + ortMessage(ex));
		}
		try {
			OnnxLoadedModel loaded = new OnnxLoadedModel(describe(model), env, session, model.signature(),
					this.maxElements, this.timeout);
			loaded.warmUp();
			return loaded;
		}
		catch (RuntimeException ex) {
			closeQuietly(session);
			throw ex;
		}
	}

	private static Path modelFile(ModelPackage model) {
		Path directory = model.directory().toAbsolutePath().normalize();
		Path file;
		if (model.flavors().get("onnx") instanceof Map<?, ?> onnx && onnx.get("data") instanceof String data) {
			file = directory.resolve(data).normalize();
			// The MLmodel file is user content: it must not point outside the package.
			if (!file.startsWith(directory)) {
				throw new SlipwayException(ErrorCode.INVALID_ARGUMENT,
						describe(model) + ": the onnx flavor's data path leaves the model folder");
			}
		}
		else {
			List<Path> files = ModelPackages.onnxFiles(directory);
			if (files.size() != 1 || !model.mlmodel().isEmpty()) {
				throw new SlipwayException(ErrorCode.INVALID_ARGUMENT,
						describe(model) + " has neither the onnx flavor nor exactly one .onnx file");
			}
			file = files.get(0);
		}
		if (!Files.isRegularFile(file)) {
			throw new SlipwayException(ErrorCode.INVALID_ARGUMENT, describe(model) + ": the model file is missing");
		}
		return file;
	}

	private static String describe(ModelPackage model) {
		return "Model '" + model.model() + "' version " + model.version();
	}

	static String ortMessage(OrtException ex) {
		String message = (ex.getMessage() != null) ? ex.getMessage() : "unknown error";
		return (message.length() > 300) ? message.substring(0, 300) + "..." : message;
	}

	private static void closeQuietly(OrtSession session) {
		try {
			session.close();
		}
		catch (OrtException ex) {
			// Nothing more can be done for a session that fails to close.
		}
	}

	/** The Open Inference Protocol datatype of an ONNX element type. */
	static String datatype(OnnxJavaType type) {
		return switch (type) {
			case FLOAT -> "FP32";
			case DOUBLE -> "FP64";
			case INT8 -> "INT8";
			case INT16 -> "INT16";
			case INT32 -> "INT32";
			case INT64 -> "INT64";
			case BOOL -> "BOOL";
			case STRING -> "BYTES";
			case UINT8 -> "UINT8";
			case FLOAT16 -> "FP16";
			default -> "BYTES";
		};
	}

	/**
	 * Stops one run when its time is up. The watch may fire while the run is ending: the
	 * lock makes sure the terminate flag is never set on options already closed.
	 */
	static final class RunTimer {

		private final OrtSession.RunOptions options;

		private final long deadline;

		private boolean finished;

		private boolean expired;

		RunTimer(OrtSession.RunOptions options, long deadline) {
			this.options = options;
			this.deadline = deadline;
		}

		boolean due(long now) {
			return now - this.deadline >= 0;
		}

		synchronized void expire() {
			if (this.finished) {
				return;
			}
			this.expired = true;
			try {
				this.options.setTerminate(true);
			}
			catch (OrtException ex) {
				// The run goes on to its end; it is still answered as late.
			}
		}

		synchronized boolean expired() {
			return this.expired;
		}

		synchronized void finish() {
			this.finished = true;
		}

	}

	/** A graph input: its name, element type and dimensions (-1 where variable). */
	private record GraphInput(String name, OnnxJavaType type, long[] shape) {

		String shapeText() {
			return Arrays.toString(this.shape).replace(" ", "");
		}

	}

	/** One loaded ONNX model. */
	static final class OnnxLoadedModel implements LoadedModel {

		private final String description;

		private final OrtEnvironment env;

		private final OrtSession session;

		private final ModelSignature declared;

		private final ModelSignature signature;

		private final List<GraphInput> inputs;

		private final long maxElements;

		private final Duration timeout;

		// Closing a session while another thread runs it would crash the process: close
		// takes the write lock, predictions share the read lock.
		private final ReadWriteLock lock = new ReentrantReadWriteLock();

		private boolean closed;

		OnnxLoadedModel(String description, OrtEnvironment env, OrtSession session, ModelSignature declared,
				long maxElements, Duration timeout) {
			this.description = description;
			this.timeout = timeout;
			this.env = env;
			this.session = session;
			this.declared = declared;
			this.maxElements = maxElements;
			try {
				this.inputs = graphInputs(session.getInputInfo());
				this.signature = (declared.inputs().isEmpty())
						? new ModelSignature(fields(this.inputs), outputFields(session.getOutputInfo()), true)
						: declared;
			}
			catch (OrtException ex) {
				throw new SlipwayException(ErrorCode.INVALID_ARGUMENT,
						description + ": its graph cannot be read: " + ortMessage(ex));
			}
		}

		private List<GraphInput> graphInputs(Map<String, NodeInfo> info) {
			List<GraphInput> result = new ArrayList<>();
			for (NodeInfo node : info.values()) {
				if (!(node.getInfo() instanceof TensorInfo tensor) || !FED_TYPES.contains(tensor.type)) {
					throw new SlipwayException(ErrorCode.INVALID_ARGUMENT, this.description + ": graph input '"
							+ node.getName() + "' is " + node.getInfo()
							+ "; the onnx runtime feeds tensors of float, double, int64, int32, bool or string");
				}
				result.add(new GraphInput(node.getName(), tensor.type, tensor.getShape()));
			}
			if (result.isEmpty()) {
				throw new SlipwayException(ErrorCode.INVALID_ARGUMENT, this.description + ": the graph has no inputs");
			}
			return result;
		}

		private static List<ModelSignature.Field> fields(List<GraphInput> inputs) {
			List<ModelSignature.Field> fields = new ArrayList<>();
			for (GraphInput input : inputs) {
				fields.add(new ModelSignature.Field(input.name(), datatype(input.type()),
						Arrays.stream(input.shape()).boxed().toList(), true));
			}
			return fields;
		}

		private static List<ModelSignature.Field> outputFields(Map<String, NodeInfo> info) {
			List<ModelSignature.Field> fields = new ArrayList<>();
			for (NodeInfo node : info.values()) {
				ValueInfo value = node.getInfo();
				if (value instanceof TensorInfo tensor) {
					fields.add(new ModelSignature.Field(node.getName(), datatype(tensor.type),
							Arrays.stream(tensor.getShape()).boxed().toList(), true));
				}
				else if (value instanceof SequenceInfo sequence && sequence.isSequenceOfMaps()) {
					// ZipMap: answered as an [n, classes] FP32 tensor
					fields.add(new ModelSignature.Field(node.getName(), "FP32", List.of(-1L, -1L), true));
				}
			}
			return fields;
		}

		@Override
		public ModelSignature signature() {
			return this.signature;
		}

		@Override
		public boolean healthy() {
			this.lock.readLock().lock();
			try {
				return !this.closed;
			}
			finally {
				this.lock.readLock().unlock();
			}
		}

		@Override
		public Predictions predict(ModelInput request) {
			ModelInput input = SignatureCheck.check(this.declared, request);
			long elements = elements(input);
			if (elements > this.maxElements) {
				throw new SlipwayException(ErrorCode.INVALID_ARGUMENT,
						"The input has " + elements + " values; one request may send at most " + this.maxElements);
			}
			this.lock.readLock().lock();
			try {
				if (this.closed) {
					throw new SlipwayException(ErrorCode.SERVICE_UNAVAILABLE, this.description + " is unloaded");
				}
				Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
				try {
					if (input.frame() != null) {
						feedFrame(input.frame(), feeds);
					}
					else {
						feedTensors(input.tensors(), feeds);
					}
					return run(feeds, input.rows());
				}
				finally {
					feeds.values().forEach(OnnxTensor::close);
				}
			}
			finally {
				this.lock.readLock().unlock();
			}
		}

		private static long elements(ModelInput input) {
			if (input.frame() != null) {
				return (long) input.frame().size() * Math.max(1, input.frame().columns().size());
			}
			return input.tensors().stream().mapToLong((t) -> t.data().size()).sum();
		}

		/** Runs once on a synthetic row, so a model that cannot run fails now. */
		void warmUp() {
			Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
			try {
				for (GraphInput input : this.inputs) {
					long[] shape = Arrays.stream(input.shape()).map((d) -> (d < 0) ? 1 : d).toArray();
					int n = (int) Math.min(this.maxElements, Arrays.stream(shape).reduce(1, (a, b) -> a * b));
					Object zero = (input.type() == OnnxJavaType.STRING) ? ""
							: (input.type() == OnnxJavaType.BOOL) ? Boolean.FALSE : (Object) 0L;
					List<Object> data = new ArrayList<>(Collections.nCopies(n, zero));
					feeds.put(input.name(), tensor(input, shape, data, input.name(), null));
				}
				try (OrtSession.Result result = this.session.run(feeds)) {
					convertOutputs(result);
				}
			}
			catch (OrtException | SlipwayException ex) {
				String message = (ex instanceof OrtException ort) ? ortMessage(ort) : ex.getMessage();
				throw new SlipwayException(ErrorCode.INVALID_ARGUMENT,
						this.description + " failed its warm-up prediction: " + message);
			}
			finally {
				feeds.values().forEach(OnnxTensor::close);
			}
		}

		/**
		 * One graph input of [-1, k]: the columns packed into one [n, k] tensor. Several
		 * graph inputs: one column each, by name, as [n, 1] (or [n]).
		 */
		private void feedFrame(Frame frame, Map<String, OnnxTensor> feeds) {
			int n = frame.size();
			if (this.inputs.size() == 1) {
				GraphInput input = this.inputs.get(0);
				long[] shape = input.shape();
				int k = frame.columns().size();
				if (shape.length == 2 && shape[1] >= 0 && shape[1] != k) {
					throw new SlipwayException(ErrorCode.INVALID_ARGUMENT,
							"The model takes " + shape[1] + " columns; the input has " + k + " " + frame.columns());
				}
				if (shape.length == 1 && k != 1 || shape.length > 2 || shape.length == 0) {
					throw new SlipwayException(ErrorCode.INVALID_ARGUMENT, "The model takes one tensor '" + input.name()
							+ "' of shape " + input.shapeText() + "; send it as a tensor, not as columns");
				}
				List<Object> data = new ArrayList<>(n * k);
				for (List<Object> row : frame.rows()) {
					data.addAll(row);
				}
				long[] actual = (shape.length == 1) ? new long[] { n } : new long[] { n, k };
				feeds.put(input.name(), tensor(input, actual, data, null, frame));
				return;
			}
			for (GraphInput input : this.inputs) {
				int column = frame.columns().indexOf(input.name());
				if (column < 0) {
					throw new SlipwayException(ErrorCode.INVALID_ARGUMENT,
							"Missing column '" + input.name() + "' the model takes");
				}
				long[] shape = input.shape();
				if (shape.length > 2 || shape.length == 0 || (shape.length == 2 && shape[1] > 1)) {
					throw new SlipwayException(ErrorCode.INVALID_ARGUMENT, "Input '" + input.name() + "' has shape "
							+ input.shapeText() + "; send it as a tensor, not as a column");
				}
				List<Object> data = new ArrayList<>(n);
				for (List<Object> row : frame.rows()) {
					data.add(row.get(column));
				}
				long[] actual = (shape.length == 1) ? new long[] { n } : new long[] { n, 1 };
				feeds.put(input.name(), tensor(input, actual, data, input.name(), null));
			}
		}

		private void feedTensors(List<Tensor> tensors, Map<String, OnnxTensor> feeds) {
			if (this.inputs.size() == 1 && tensors.size() == 1) {
				// One input, one tensor: positional, whatever the tensor was called.
				GraphInput input = this.inputs.get(0);
				Tensor tensor = tensors.get(0);
				feeds.put(input.name(), tensor(input, fit(input, tensor), tensor.data(), label(tensor, input), null));
				return;
			}
			for (Tensor tensor : tensors) {
				if (this.inputs.stream().noneMatch((i) -> i.name().equals(tensor.name()))) {
					throw new SlipwayException(ErrorCode.INVALID_ARGUMENT,
							"The model has no input '" + tensor.name() + "'; it takes " + inputNames());
				}
			}
			for (GraphInput input : this.inputs) {
				Tensor tensor = tensors.stream().filter((t) -> input.name().equals(t.name())).findFirst().orElse(null);
				if (tensor == null) {
					throw new SlipwayException(ErrorCode.INVALID_ARGUMENT,
							"Missing tensor '" + input.name() + "' the model takes");
				}
				feeds.put(input.name(), tensor(input, fit(input, tensor), tensor.data(), input.name(), null));
			}
		}

		private List<String> inputNames() {
			return this.inputs.stream().map(GraphInput::name).toList();
		}

		private static String label(Tensor tensor, GraphInput input) {
			return (tensor.name() != null) ? tensor.name() : input.name();
		}

		/**
		 * The shape to feed: the tensor's own, when it matches the graph's rank and fixed
		 * dimensions; a column [n] fed to an [n, 1] input is reshaped.
		 */
		private static long[] fit(GraphInput input, Tensor tensor) {
			long[] wanted = input.shape();
			long[] given = tensor.shape().stream().mapToLong(Long::longValue).toArray();
			if (given.length == 1 && wanted.length == 2 && wanted[1] == 1) {
				given = new long[] { given[0], 1 };
			}
			boolean fits = given.length == wanted.length;
			for (int i = 0; fits && i < given.length; i++) {
				fits = wanted[i] < 0 || wanted[i] == given[i];
			}
			if (!fits) {
				throw new SlipwayException(ErrorCode.INVALID_ARGUMENT,
						"Tensor '" + label(tensor, input) + "' has shape " + tensor.shape().toString().replace(" ", "")
								+ "; the model takes " + input.shapeText());
			}
			return given;
		}

		/**
		 * A tensor of the graph input's element type. Values that do not convert are
		 * refused naming the column (a frame's, by position) or the tensor.
		 */
		private OnnxTensor tensor(GraphInput input, long[] shape, List<Object> data, String name, Frame frame) {
			int size = data.size();
			try {
				switch (input.type()) {
					case FLOAT -> {
						float[] values = new float[size];
						for (int i = 0; i < size; i++) {
							values[i] = (float) number(data.get(i), true, i, name, frame, "float");
						}
						return OnnxTensor.createTensor(this.env, FloatBuffer.wrap(values), shape);
					}
					case DOUBLE -> {
						double[] values = new double[size];
						for (int i = 0; i < size; i++) {
							values[i] = number(data.get(i), true, i, name, frame, "double");
						}
						return OnnxTensor.createTensor(this.env, DoubleBuffer.wrap(values), shape);
					}
					case INT64 -> {
						long[] values = new long[size];
						for (int i = 0; i < size; i++) {
							values[i] = integral(data.get(i), Long.MIN_VALUE, Long.MAX_VALUE, i, name, frame, "int64");
						}
						return OnnxTensor.createTensor(this.env, LongBuffer.wrap(values), shape);
					}
					case INT32 -> {
						int[] values = new int[size];
						for (int i = 0; i < size; i++) {
							values[i] = (int) integral(data.get(i), Integer.MIN_VALUE, Integer.MAX_VALUE, i, name,
									frame, "int32");
						}
						return OnnxTensor.createTensor(this.env, IntBuffer.wrap(values), shape);
					}
					case BOOL -> {
						ByteBuffer values = ByteBuffer.allocateDirect(Math.max(1, size)).order(ByteOrder.nativeOrder());
						for (int i = 0; i < size; i++) {
							values.put(i, bool(data.get(i), i, name, frame) ? (byte) 1 : (byte) 0);
						}
						values.limit(size);
						return OnnxTensor.createTensor(this.env, values, shape, OnnxJavaType.BOOL);
					}
					default -> {
						String[] values = new String[size];
						for (int i = 0; i < size; i++) {
							Object value = data.get(i);
							if (value == null) {
								throw refusal(i, name, frame, "string", null);
							}
							values[i] = value.toString();
						}
						return OnnxTensor.createTensor(this.env, values, shape);
					}
				}
			}
			catch (OrtException ex) {
				throw new SlipwayException(ErrorCode.INVALID_ARGUMENT,
						"Input '" + input.name() + "' cannot be made a tensor: " + ortMessage(ex));
			}
		}

		private static double number(Object value, boolean nullIsNaN, int i, String name, Frame frame, String type) {
			if (value instanceof Number number) {
				return number.doubleValue();
			}
			if (value == null && nullIsNaN) {
				return Double.NaN;
			}
			if (value instanceof String text) {
				try {
					return Double.parseDouble(text.strip());
				}
				catch (NumberFormatException ex) {
					// refused below
				}
			}
			throw refusal(i, name, frame, type, value);
		}

		private static long integral(Object value, long min, long max, int i, String name, Frame frame, String type) {
			Long result = null;
			if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
				result = ((Number) value).longValue();
			}
			else if (value instanceof Double || value instanceof Float || value instanceof String) {
				try {
					result = new BigDecimal(value.toString().strip()).longValueExact();
				}
				catch (ArithmeticException | NumberFormatException ex) {
					// refused below
				}
			}
			if (result == null || result < min || result > max) {
				throw refusal(i, name, frame, type, value);
			}
			return result;
		}

		private static boolean bool(Object value, int i, String name, Frame frame) {
			if (value instanceof Boolean b) {
				return b;
			}
			if (value instanceof String text && (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false"))) {
				return Boolean.parseBoolean(text);
			}
			throw refusal(i, name, frame, "bool", value);
		}

		private static SlipwayException refusal(int index, String name, Frame frame, String type, Object value) {
			String shown = (value == null) ? "no value" : (value instanceof String s)
					? "'" + ((s.length() > 40) ? s.substring(0, 40) + "..." : s) + "'" : value.toString();
			if (frame != null) {
				// A packed frame: element i is row i / k, column i % k.
				int k = frame.columns().size();
				return new SlipwayException(ErrorCode.INVALID_ARGUMENT, "Column '" + frame.columns().get(index % k)
						+ "' expects " + type + "; row " + (index / k) + " has " + shown);
			}
			return new SlipwayException(ErrorCode.INVALID_ARGUMENT,
					"Tensor '" + name + "' expects " + type + "; element " + index + " is " + shown);
		}

		private Predictions run(Map<String, OnnxTensor> feeds, int rows) {
			try (OrtSession.RunOptions options = new OrtSession.RunOptions()) {
				RunTimer timer = new RunTimer(options, System.nanoTime() + this.timeout.toNanos());
				WATCH.add(timer);
				try (OrtSession.Result result = this.session.run(feeds, options)) {
					List<Tensor> outputs = convertOutputs(result);
					return new Predictions(outputs, null, rows, rowValues(outputs.get(0)));
				}
				catch (OrtException ex) {
					if (timer.expired()) {
						throw new SlipwayException(ErrorCode.PREDICTION_TIMEOUT,
								this.description + " did not answer within " + this.timeout.toMillis() + " ms");
					}
					throw new SlipwayException(ErrorCode.PREDICTION_FAILED,
							this.description + " failed to predict: " + ortMessage(ex), ex);
				}
				finally {
					WATCH.remove(timer);
					timer.finish();
				}
			}
			catch (OrtException ex) {
				throw new SlipwayException(ErrorCode.PREDICTION_FAILED,
						this.description + " failed to predict: " + ortMessage(ex), ex);
			}
		}

		private List<Tensor> convertOutputs(OrtSession.Result result) throws OrtException {
			List<Tensor> outputs = new ArrayList<>();
			for (Map.Entry<String, OnnxValue> entry : result) {
				outputs.add(output(entry.getKey(), entry.getValue()));
			}
			if (outputs.isEmpty()) {
				throw new SlipwayException(ErrorCode.PREDICTION_FAILED, this.description + " answered no outputs");
			}
			return outputs;
		}

		private Tensor output(String name, OnnxValue value) throws OrtException {
			if (value instanceof OnnxTensor tensor) {
				TensorInfo info = tensor.getInfo();
				List<Long> shape = Arrays.stream(info.getShape()).boxed().toList();
				return new Tensor(name, datatype(info.type), shape, elements(tensor, info));
			}
			if (value instanceof OnnxSequence sequence && sequence.getInfo().isSequenceOfMaps()) {
				return zipMap(name, sequence);
			}
			throw new SlipwayException(ErrorCode.PREDICTION_FAILED,
					this.description + ": output '" + name + "' is neither a tensor nor a list of class scores");
		}

		private static List<Object> elements(OnnxTensor tensor, TensorInfo info) throws OrtException {
			int n = (int) info.getNumElements();
			List<Object> data = new ArrayList<>(n);
			switch (info.type) {
				case FLOAT -> {
					FloatBuffer buffer = tensor.getFloatBuffer();
					for (int i = 0; i < n; i++) {
						data.add(buffer.get(i));
					}
				}
				case DOUBLE -> {
					DoubleBuffer buffer = tensor.getDoubleBuffer();
					for (int i = 0; i < n; i++) {
						data.add(buffer.get(i));
					}
				}
				case INT64 -> {
					LongBuffer buffer = tensor.getLongBuffer();
					for (int i = 0; i < n; i++) {
						data.add(buffer.get(i));
					}
				}
				case INT32 -> {
					IntBuffer buffer = tensor.getIntBuffer();
					for (int i = 0; i < n; i++) {
						data.add((long) buffer.get(i));
					}
				}
				case INT16 -> {
					ShortBuffer buffer = tensor.getShortBuffer();
					for (int i = 0; i < n; i++) {
						data.add((long) buffer.get(i));
					}
				}
				case INT8, UINT8, BOOL -> {
					ByteBuffer buffer = tensor.getByteBuffer();
					for (int i = 0; i < n; i++) {
						byte b = buffer.get(i);
						data.add((info.type == OnnxJavaType.BOOL) ? (Object) (b != 0)
								: (info.type == OnnxJavaType.UINT8) ? (Object) (long) (b & 0xff) : (Object) (long) b);
					}
				}
				default -> flatten(tensor.getValue(), data);
			}
			return data;
		}

		/** Nested Java arrays (strings, half floats) flattened row-major. */
		private static void flatten(Object value, List<Object> into) {
			if (value != null && value.getClass().isArray()) {
				int length = Array.getLength(value);
				for (int i = 0; i < length; i++) {
					flatten(Array.get(value, i), into);
				}
			}
			else {
				into.add(value);
			}
		}

		/**
		 * skl2onnx's ZipMap (one class → probability map per row) as an [n, classes] FP32
		 * tensor, classes in sorted order as scikit-learn's {@code classes_} are.
		 */
		private static Tensor zipMap(String name, OnnxSequence sequence) throws OrtException {
			List<? extends OnnxValue> maps = sequence.getValue();
			List<Object> data = new ArrayList<>();
			int classes = -1;
			for (OnnxValue item : maps) {
				Map<? extends Object, ? extends Object> map = ((OnnxMap) item).getValue();
				TreeMap<Object, Object> sorted = new TreeMap<>(map);
				if (classes >= 0 && classes != sorted.size()) {
					throw new SlipwayException(ErrorCode.PREDICTION_FAILED,
							"Output '" + name + "' has rows with different numbers of classes");
				}
				classes = sorted.size();
				for (Object probability : sorted.values()) {
					data.add(((Number) probability).floatValue());
				}
			}
			return new Tensor(name, "FP32", List.of((long) maps.size(), (long) Math.max(0, classes)), data);
		}

		/**
		 * The first output's value per row: a scalar for [n] and [n, 1], a list for [n,
		 * k].
		 */
		private static List<Object> rowValues(Tensor first) {
			List<Long> shape = first.shape();
			if (shape.isEmpty() || shape.get(0) <= 0) {
				return first.data();
			}
			int n = (int) (long) shape.get(0);
			int width = first.data().size() / n;
			List<Object> values = new ArrayList<>(n);
			for (int r = 0; r < n; r++) {
				values.add((width == 1) ? first.data().get(r)
						: new ArrayList<>(first.data().subList(r * width, (r + 1) * width)));
			}
			return values;
		}

		@Override
		public void close() {
			this.lock.writeLock().lock();
			try {
				if (!this.closed) {
					this.closed = true;
					closeQuietly(this.session);
				}
			}
			finally {
				this.lock.writeLock().unlock();
			}
		}

	}

	/**
	 * Watches the runs in flight and stops each once its time is up, sweeping them every
	 * {@link RunWatch#TICK_MILLIS} ms from one daemon thread. A run only joins and leaves
	 * a concurrent set: an alarm scheduled per run woke the timer's thread twice per
	 * prediction (a new head of its queue, then its removal), a cost a small model's
	 * prediction paid in full at low concurrency ({@code docs/benchmarks.md}, "Serving").
	 * A run is stopped at most one tick late.
	 */
	static final class RunWatch {

		static final long TICK_MILLIS = 10;

		private final Set<RunTimer> running = ConcurrentHashMap.newKeySet();

		private volatile Thread thread;

		void add(RunTimer timer) {
			this.running.add(timer);
			if (this.thread == null) {
				start();
			}
		}

		void remove(RunTimer timer) {
			this.running.remove(timer);
		}

		private synchronized void start() {
			if (this.thread != null) {
				return;
			}
			Thread watch = new Thread(this::watch, "onnx-run-timeout");
			watch.setDaemon(true);
			watch.start();
			this.thread = watch;
		}

		private void watch() {
			while (true) {
				try {
					Thread.sleep(TICK_MILLIS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
				long now = System.nanoTime();
				for (RunTimer timer : this.running) {
					if (timer.due(now)) {
						this.running.remove(timer);
						timer.expire();
					}
				}
			}
		}

	}

}
