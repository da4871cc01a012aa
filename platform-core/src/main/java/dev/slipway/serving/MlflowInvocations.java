package dev.slipway.serving;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;

/**
 * MLflow's {@code /invocations} wire format: a JSON body with exactly one of
 * {@code dataframe_split}, {@code dataframe_records}, {@code instances} or {@code inputs}
 * (and optional {@code params}), or CSV with a header row, answered with
 * {@code {"predictions": ...}}. Messages follow MLflow's scoring server, so MLflow
 * clients see what they would see there.
 */
public final class MlflowInvocations {

	/** MLflow's wording for a body without exactly one input field. */
	public static final String REQUIRED_INPUT_FORMAT = "The input must be a JSON dictionary with exactly one of the input fields {'dataframe_split', 'dataframe_records', 'instances', 'inputs'}";

	static final String SCORING_PROTOCOL_CHANGE_INFO = "IMPORTANT: The MLflow Model scoring protocol has changed in MLflow version 2.0. If you are"
			+ " seeing this error, you are likely using an outdated scoring request format. To resolve the"
			+ " error, either update your request format or adjust your MLflow Model's requirements file to"
			+ " specify an older version of MLflow (for example, change the 'mlflow' requirement specifier"
			+ " to 'mlflow==1.30.0'). If you are making a request using the MLflow client"
			+ " (e.g. via `mlflow.pyfunc.spark_udf()`), upgrade your MLflow client to a version >= 2.0 in"
			+ " order to use the new request format. For more information about the updated MLflow"
			+ " Model scoring protocol in MLflow 2.0, see"
			+ " https://mlflow.org/docs/latest/models.html#deploy-mlflow-models.";

	private static final Set<String> FORMATS = Set.of("dataframe_split", "dataframe_records", "instances", "inputs");

	private static final Set<String> CSV_TYPES = Set.of("text/csv", "application/csv");

	private MlflowInvocations() {
	}

	/**
	 * Decodes an {@code /invocations} request body.
	 * @param contentType the request's {@code Content-Type}, with parameters
	 * @param body the body
	 * @param maxBytes the largest body accepted
	 * @throws SlipwayException {@code UNSUPPORTED_MEDIA_TYPE} for a content type other
	 * than JSON or CSV (or a charset other than UTF-8), {@code PAYLOAD_TOO_LARGE},
	 * {@code MALFORMED_REQUEST} for a body that is not JSON or CSV at all, and
	 * {@code INVALID_ARGUMENT} for a body of the wrong shape
	 */
	public static ModelInput decode(String contentType, InputStream body, long maxBytes) {
		String mediaType = mediaType(contentType);
		if (mediaType.equals("application/json")) {
			return decodeJson(WireValues.parse(WireValues.readBounded(body, maxBytes)));
		}
		if (CSV_TYPES.contains(mediaType)) {
			return ModelInput.of(Csv.read(utf8(WireValues.readBounded(body, maxBytes))));
		}
		throw new SlipwayException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
				"This predictor only supports the following content types: application/json, text/csv, application/csv. Got '"
						+ contentType + "'.");
	}

	private static String mediaType(String contentType) {
		if (contentType == null || contentType.isBlank()) {
			throw new SlipwayException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
					"This predictor only supports the following content types: application/json, text/csv, application/csv. Got no Content-Type.");
		}
		String[] parts = contentType.split(";");
		for (int i = 1; i < parts.length; i++) {
			String[] pair = parts[i].split("=", 2);
			String key = pair[0].strip().toLowerCase(Locale.ROOT);
			String value = (pair.length > 1) ? pair[1].strip().replace("\"", "").toLowerCase(Locale.ROOT) : "";
			if (!key.equals("charset")) {
				throw new SlipwayException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
						"Unrecognized content type parameters: " + key + ". " + SCORING_PROTOCOL_CHANGE_INFO);
			}
			if (!value.equals("utf-8")) {
				throw new SlipwayException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "The scoring server only supports UTF-8");
			}
		}
		return parts[0].strip().toLowerCase(Locale.ROOT);
	}

	private static String utf8(byte[] bytes) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new SlipwayException(ErrorCode.MALFORMED_REQUEST,
					"Ensure that input is a valid UTF-8 encoded string.");
		}
	}

	static ModelInput decodeJson(JsonNode root) {
		if (root.isArray()) {
			throw new SlipwayException(ErrorCode.INVALID_ARGUMENT, REQUIRED_INPUT_FORMAT + ". Received a list.");
		}
		if (!root.isObject()) {
			throw new SlipwayException(ErrorCode.INVALID_ARGUMENT,
					REQUIRED_INPUT_FORMAT + ". Received unexpected input type.");
		}
		List<String> keys = new ArrayList<>(root.propertyNames());
		List<String> formats = keys.stream().filter(FORMATS::contains).toList();
		if (formats.size() != 1) {
			String received = keys.stream().map((k) -> "'" + k + "'").collect(Collectors.joining(", ", "[", "]"));
			throw new SlipwayException(ErrorCode.INVALID_ARGUMENT, REQUIRED_INPUT_FORMAT
					+ ". Received dictionary with input fields: " + received + ". " + SCORING_PROTOCOL_CHANGE_INFO);
		}
		Map<String, Object> params = params(root.get("params"));
		String format = formats.get(0);
		JsonNode data = root.get(format);
		ModelInput input = switch (format) {
			case "dataframe_split" -> ModelInput.of(split(data));
			case "dataframe_records" -> ModelInput.of(records(data, "dataframe_records"));
			default -> tfServing(format, data);
		};
		return new ModelInput(input.frame(), input.tensors(), params);
	}

	private static Map<String, Object> params(JsonNode params) {
		if (params == null || params.isNull()) {
			return Map.of();
		}
		if (!params.isObject()) {
			throw new SlipwayException(ErrorCode.INVALID_ARGUMENT, "'params' must be a JSON dictionary");
		}
		Map<String, Object> map = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> e : params.properties()) {
			Object value = WireValues.plain(e.getValue());
			// A null param means "use the default", which leaving it out says too.
			if (value != null) {
				map.put(e.getKey(), value);
			}
		}
		return map;
	}

	/** pandas {@code orient="split"}: columns (optional) and data; index is ignored. */
	private static Frame split(JsonNode split) {
		if (split == null || !split.isObject()) {
			throw new SlipwayException(ErrorCode.INVALID_ARGUMENT,
					"'dataframe_split' must be a JSON dictionary with 'columns' and 'data'");
		}
		JsonNode data = split.path("data");
		if (!data.isArray()) {
			throw new SlipwayException(ErrorCode.INVALID_ARGUMENT, "'dataframe_split' needs a 'data' list of rows");
		}
		List<String> columns = new ArrayList<>();
		JsonNode names = split.get("columns");
		if (names != null && !names.isNull()) {
			if (!names.isArray()) {
				throw new SlipwayException(ErrorCode.INVALID_ARGUMENT, "'dataframe_split' columns must be a list");
			}
			for (JsonNode name : names) {
				columns.add(name.isString() ? name.stringValue() : name.toString());
			}
		}
		else if (!data.isEmpty()) {
			// pandas names unnamed columns 0, 1, ...
			int width = data.get(0).isArray() ? data.get(0).size() : 1;
			for (int i = 0; i < width; i++) {
				columns.add(Integer.toString(i));
			}
		}
		List<List<Object>> rows = new ArrayList<>(data.size());
		int r = 0;
		for (JsonNode row : data) {
			List<Object> values = new ArrayList<>(columns.size());
			if (row.isArray()) {
				for (JsonNode value : row) {
					values.add(cell(value, columns, values.size(), r));
				}
			}
			else {
				values.add(cell(row, columns, 0, r));
			}
			if (values.size() != columns.size()) {
				throw new SlipwayException(ErrorCode.INVALID_ARGUMENT, "'dataframe_split' row " + r + " has "
						+ values.size() + " values for " + columns.size() + " columns");
			}
			rows.add(values);
			r++;
		}
		return new Frame(columns, rows);
	}

	/**
	 * pandas {@code orient="records"}: a list of objects; a missing key is a null value.
	 */
	private static Frame records(JsonNode records, String field) {
		if (records == null || !records.isArray()) {
			throw new SlipwayException(ErrorCode.INVALID_ARGUMENT, "'" + field + "' must be a list of dictionaries");
		}
		List<String> columns = new ArrayList<>();
		Map<String, Integer> index = new LinkedHashMap<>();
		for (JsonNode record : records) {
			if (!record.isObject()) {
				throw new SlipwayException(ErrorCode.INVALID_ARGUMENT,
						"'" + field + "' must be a list of dictionaries");
			}
			for (String name : record.propertyNames()) {
				if (index.putIfAbsent(name, columns.size()) == null) {
					columns.add(name);
				}
			}
		}
		List<List<Object>> rows = new ArrayList<>(records.size());
		int r = 0;
		for (JsonNode record : records) {
			List<Object> values = new ArrayList<>(columns.size());
			for (int c = 0; c < columns.size(); c++) {
				values.add(cell(record.get(columns.get(c)), columns, c, r));
			}
			rows.add(values);
			r++;
		}
		return new Frame(columns, rows);
	}

	private static Object cell(JsonNode value, List<String> columns, int column, int row) {
		if (value != null && (value.isArray() || value.isObject())) {
			String name = (column < columns.size()) ? columns.get(column) : Integer.toString(column);
			throw new SlipwayException(ErrorCode.INVALID_ARGUMENT,
					"Column '" + name + "' holds a list or dictionary in row " + row
							+ "; send tensors as {\"inputs\": {\"name\": [...]}}");
		}
		return WireValues.scalar(value, "Column");
	}

	/**
	 * TF Serving's {@code instances} (rows) and {@code inputs} (columns): a list of
	 * objects is a frame, a list of values one unnamed tensor, and {@code inputs} as a
	 * dictionary one tensor per name.
	 */
	private static ModelInput tfServing(String format, JsonNode data) {
		if (data == null || data.isNull()) {
			throw new SlipwayException(ErrorCode.INVALID_ARGUMENT, "'" + format + "' is empty");
		}
		if (data.isArray() && !data.isEmpty() && data.get(0).isObject()) {
			return ModelInput.of(records(data, format));
		}
		if (data.isObject()) {
			if ("instances".equals(format)) {
				throw new SlipwayException(ErrorCode.INVALID_ARGUMENT, "'instances' must be a list");
			}
			List<Tensor> tensors = new ArrayList<>();
			for (Map.Entry<String, JsonNode> e : data.properties()) {
				tensors.add(WireValues.inferTensor(e.getKey(), e.getValue()));
			}
			if (tensors.isEmpty()) {
				throw new SlipwayException(ErrorCode.INVALID_ARGUMENT, "'inputs' is empty");
			}
			return ModelInput.of(tensors);
		}
		return ModelInput.of(List.of(WireValues.inferTensor(null, data)));
	}

	/**
	 * The {@code /invocations} answer: {@code {"predictions": ...}} holding, for one
	 * output, its values per row (nested for more than one dimension), for several, a
	 * dictionary of output name to values (as MLflow's ONNX flavor answers), and a model
	 * server's {@code predictions} as it came.
	 */
	public static String encode(Predictions predictions) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (JsonGenerator json = ServingJson.JSON.createGenerator(out)) {
			json.writeStartObject();
			json.writeName("predictions");
			if (predictions.json() != null) {
				json.writeRawValue(predictions.json());
			}
			else if (predictions.outputs().size() == 1) {
				writeTensor(json, predictions.outputs().get(0));
			}
			else {
				json.writeStartObject();
				for (Tensor output : predictions.outputs()) {
					json.writeName((output.name() != null) ? output.name() : "output");
					writeTensor(json, output);
				}
				json.writeEndObject();
			}
			json.writeEndObject();
		}
		return out.toString(StandardCharsets.UTF_8);
	}

	private static void writeTensor(JsonGenerator json, Tensor tensor) {
		if (tensor.shape().isEmpty()) {
			// A scalar output still answers a list, as numpy's tolist() of a 0-d array
			// would not; MLflow clients expect one.
			json.writeStartArray();
			WireValues.writeScalar(json, tensor.data().isEmpty() ? null : tensor.data().get(0));
			json.writeEndArray();
			return;
		}
		WireValues.writeNested(json, tensor.data(), tensor.shape(), 0, 0);
	}

	/** CSV with a header row, typed per column as pandas reads it. */
	static final class Csv {

		private Csv() {
		}

		static Frame read(String text) {
			List<List<String>> records = parse(text);
			if (records.isEmpty()) {
				throw new SlipwayException(ErrorCode.INVALID_ARGUMENT,
						"Failed to parse input as a Pandas DataFrame: the CSV has no header row");
			}
			List<String> columns = records.get(0);
			List<List<String>> body = records.subList(1, records.size());
			for (int r = 0; r < body.size(); r++) {
				if (body.get(r).size() != columns.size()) {
					throw new SlipwayException(ErrorCode.INVALID_ARGUMENT,
							"Failed to parse input as a Pandas DataFrame: row " + r + " has " + body.get(r).size()
									+ " fields for " + columns.size() + " columns");
				}
			}
			List<List<Object>> rows = new ArrayList<>(body.size());
			for (int r = 0; r < body.size(); r++) {
				rows.add(new ArrayList<>(columns.size()));
			}
			for (int c = 0; c < columns.size(); c++) {
				Kind kind = kind(body, c);
				for (int r = 0; r < body.size(); r++) {
					rows.get(r).add(kind.value(body.get(r).get(c)));
				}
			}
			return new Frame(columns, rows);
		}

		private static Kind kind(List<List<String>> body, int column) {
			boolean longs = true;
			boolean doubles = true;
			boolean bools = true;
			for (List<String> row : body) {
				String v = row.get(column);
				if (v.isEmpty()) {
					continue;
				}
				longs &= Kind.LONG.parses(v);
				doubles &= Kind.DOUBLE.parses(v);
				bools &= Kind.BOOLEAN.parses(v);
			}
			return longs ? Kind.LONG : doubles ? Kind.DOUBLE : bools ? Kind.BOOLEAN : Kind.STRING;
		}

		/** RFC 4180 records: quoted fields may hold commas, quotes ("") and newlines. */
		static List<List<String>> parse(String text) {
			List<List<String>> records = new ArrayList<>();
			List<String> record = new ArrayList<>();
			StringBuilder field = new StringBuilder();
			boolean quoted = false;
			boolean any = false;
			for (int i = 0; i < text.length(); i++) {
				char ch = text.charAt(i);
				if (quoted) {
					if (ch == '"') {
						if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
							field.append('"');
							i++;
						}
						else {
							quoted = false;
						}
					}
					else {
						field.append(ch);
					}
					continue;
				}
				if (ch == '"') {
					quoted = true;
					any = true;
				}
				else if (ch == ',') {
					record.add(field.toString());
					field.setLength(0);
					any = true;
				}
				else if (ch == '\n' || ch == '\r') {
					if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
						i++;
					}
					if (any || field.length() > 0) {
						record.add(field.toString());
						records.add(record);
					}
					record = new ArrayList<>();
					field.setLength(0);
					any = false;
				}
				else {
					field.append(ch);
					any = true;
				}
			}
			if (quoted) {
				throw new SlipwayException(ErrorCode.INVALID_ARGUMENT,
						"Failed to parse input as a Pandas DataFrame: a quoted field is not closed");
			}
			if (any || field.length() > 0) {
				record.add(field.toString());
				records.add(record);
			}
			return records;
		}

		private enum Kind {

			LONG, DOUBLE, BOOLEAN, STRING;

			boolean parses(String v) {
				try {
					switch (this) {
						case LONG -> Long.parseLong(v.strip());
						case DOUBLE -> Double.parseDouble(v.strip());
						case BOOLEAN -> {
							return v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false");
						}
						default -> {
							return true;
						}
					}
					return true;
				}
				catch (NumberFormatException ex) {
					return false;
				}
			}

			Object value(String v) {
				if (v.isEmpty()) {
					return null;
				}
				return switch (this) {
					case LONG -> Long.parseLong(v.strip());
					case DOUBLE -> Double.parseDouble(v.strip());
					case BOOLEAN -> Boolean.parseBoolean(v.strip());
					case STRING -> v;
				};
			}

		}

	}

}
