package dev.slipway.monitoring;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads production rows into a {@link Batch}, streaming, with no row objects: JSON
 * records ({@code {"records": [{...}]}}, {@code {"dataframe_records": [...]}} or a bare
 * array), MLflow's split orientation ({@code {"columns": [...], "data": [[...]]}}, also
 * under {@code dataframe_split}), and CSV with a header line. Columns the schema does not
 * name are skipped; a missing or empty value is a null. At most {@code maxRows} rows.
 */
final class BatchReader {

	private static final JsonFactory JSON = JsonFactory.builder().build();

	private enum Role {

		NUMBER, TEXT, TIME, ID, LABEL, PROBABILITY

	}

	private record Target(String name, Role role) {
	}

	private final MonitorSchema schema;

	private final ZoneId zone;

	private final long maxRows;

	private final Map<String, Target> targets = new HashMap<>();

	private final int chunkRows;

	private final Consumer<Batch> sink;

	private Batch batch;

	private long total;

	/**
	 * A reader of one body of at most {@code maxRows} rows; {@code sink} receives the
	 * rows in batches of at most {@code chunkRows}, the last one when the body ends.
	 */
	BatchReader(MonitorSchema schema, ZoneId zone, long maxRows, int chunkRows, Consumer<Batch> sink) {
		this.schema = schema;
		this.chunkRows = chunkRows;
		this.sink = sink;
		this.batch = new Batch(schema, Math.min(chunkRows, 1024));
		this.zone = zone;
		this.maxRows = maxRows;
		for (MonitorSchema.Column column : schema.columns()) {
			this.targets.put(column.name(),
					new Target(column.name(), column.kind().categorical() ? Role.TEXT : Role.NUMBER));
		}
		if (schema.timestamp() != null) {
			this.targets.put(schema.timestamp(), new Target(schema.timestamp(), Role.TIME));
		}
		if (schema.predictionId() != null) {
			this.targets.put(schema.predictionId(), new Target(schema.predictionId(), Role.ID));
		}
		if (schema.label() != null) {
			this.targets.put(schema.label(), new Target(schema.label(), Role.LABEL));
		}
		if (schema.probability() != null && !this.targets.containsKey(schema.probability())) {
			this.targets.put(schema.probability(), new Target(schema.probability(), Role.PROBABILITY));
		}
	}

	/** Reads a JSON body. */
	void json(InputStream body) {
		try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), body)) {
			JsonToken first = parser.nextToken();
			if (first == JsonToken.START_ARRAY) {
				records(parser);
			}
			else if (first == JsonToken.START_OBJECT) {
				jsonObject(parser);
			}
			else {
				throw malformed("the body must be a JSON object or array of records");
			}
		}
		catch (JacksonException ex) {
			throw malformed("the body is not valid JSON: " + ex.getOriginalMessage());
		}
		flush();
	}

	private void jsonObject(JsonParser parser) {
		List<Target> columns = null;
		boolean read = false;
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			JsonToken token = parser.nextToken();
			switch (name) {
				case "records", "dataframe_records" -> {
					expect(token, JsonToken.START_ARRAY, name);
					records(parser);
					read = true;
				}
				case "dataframe_split" -> {
					expect(token, JsonToken.START_OBJECT, name);
					jsonObject(parser);
					read = true;
				}
				case "columns" -> {
					expect(token, JsonToken.START_ARRAY, name);
					columns = new ArrayList<>();
					while (parser.nextToken() == JsonToken.VALUE_STRING) {
						columns.add(this.targets.get(parser.getString()));
					}
				}
				case "data" -> {
					if (columns == null) {
						throw malformed("'columns' must come before 'data'");
					}
					expect(token, JsonToken.START_ARRAY, name);
					split(parser, columns);
					read = true;
				}
				default -> parser.skipChildren();
			}
		}
		if (!read) {
			throw malformed("the body has no 'records' and no 'columns' with 'data'");
		}
	}

	private void records(JsonParser parser) {
		JsonToken token;
		while ((token = parser.nextToken()) == JsonToken.START_OBJECT) {
			int row = row();
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				Target target = this.targets.get(parser.currentName());
				JsonToken value = parser.nextToken();
				if (target == null) {
					parser.skipChildren();
				}
				else {
					value(row, target, parser, value);
				}
			}
		}
		if (token != JsonToken.END_ARRAY) {
			throw malformed("records must be JSON objects");
		}
	}

	private void split(JsonParser parser, List<Target> columns) {
		JsonToken token;
		while ((token = parser.nextToken()) == JsonToken.START_ARRAY) {
			int row = row();
			int i = 0;
			JsonToken value;
			while ((value = parser.nextToken()) != JsonToken.END_ARRAY) {
				Target target = (i < columns.size()) ? columns.get(i) : null;
				if (target == null) {
					parser.skipChildren();
				}
				else {
					value(row, target, parser, value);
				}
				i++;
			}
		}
		if (token != JsonToken.END_ARRAY) {
			throw malformed("'data' must be an array of rows, each an array of values");
		}
	}

	private void value(int row, Target target, JsonParser parser, JsonToken token) {
		switch (token) {
			case VALUE_NULL -> {
			}
			case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
				if (target.role() == Role.NUMBER) {
					this.batch.numbers(target.name())[row] = parser.getDoubleValue();
				}
				else if (target.role() == Role.PROBABILITY) {
					this.batch.ownProbabilities()[row] = parser.getDoubleValue();
				}
				else if (target.role() == Role.TIME) {
					this.batch.times()[row] = epochMillis(parser.getText(), this.total - 1, target);
				}
				else {
					text(row, target, parser.getText());
				}
			}
			case VALUE_STRING -> put(row, target, parser.getString());
			case VALUE_TRUE, VALUE_FALSE -> {
				if (target.role() == Role.NUMBER) {
					this.batch.numbers(target.name())[row] = (token == JsonToken.VALUE_TRUE) ? 1 : 0;
				}
				else {
					put(row, target, (token == JsonToken.VALUE_TRUE) ? "true" : "false");
				}
			}
			default -> throw invalid(this.total - 1, target, "nested values are not read");
		}
	}

	/**
	 * Reads rows handed over as Java values, as JSON's split orientation would carry them
	 * ({@code columns}, then one list of values per row): the values are taken exactly as
	 * {@link #json} takes their JSON form (numbers, text, booleans, null), with no JSON
	 * written and parsed in between.
	 */
	void rows(List<String> columns, List<? extends List<?>> rows) {
		List<Target> targets = new ArrayList<>(columns.size());
		for (String column : columns) {
			targets.add(this.targets.get(column));
		}
		for (List<?> values : rows) {
			int row = row();
			for (int i = 0; i < Math.min(values.size(), targets.size()); i++) {
				Target target = targets.get(i);
				if (target != null) {
					javaValue(row, target, values.get(i));
				}
			}
		}
		flush();
	}

	/**
	 * A number as its JSON text reads back: a float is written as its shortest decimal
	 * ({@code 1.0E-7}), not as the double it widens to.
	 */
	private static double asJsonReads(Number number) {
		return (number instanceof Float single) ? Double.parseDouble(single.toString()) : number.doubleValue();
	}

	private void javaValue(int row, Target target, Object value) {
		if (value == null) {
			return;
		}
		if (value instanceof Number number) {
			switch (target.role()) {
				case NUMBER -> this.batch.numbers(target.name())[row] = asJsonReads(number);
				case PROBABILITY -> this.batch.ownProbabilities()[row] = asJsonReads(number);
				case TIME -> this.batch.times()[row] = epochMillis(number.toString(), this.total - 1, target);
				default -> text(row, target, number.toString());
			}
		}
		else if (value instanceof Boolean bool) {
			if (target.role() == Role.NUMBER) {
				this.batch.numbers(target.name())[row] = bool ? 1 : 0;
			}
			else {
				put(row, target, bool.toString());
			}
		}
		else if (value instanceof CharSequence text) {
			put(row, target, text.toString());
		}
		else {
			throw invalid(this.total - 1, target, "nested values are not read");
		}
	}

	/**
	 * Reads a Parquet file: one row per record, columns by name (top-level primitive
	 * columns; nested ones are skipped). Timestamps annotated in milli-, micro- or
	 * nanoseconds become epoch milliseconds.
	 */
	void parquet(java.nio.file.Path file) {
		blue.strategic.parquet.HydratorSupplier<Integer, Integer> rows = (columns) -> {
			Map<String, Long> timeUnits = new HashMap<>();
			for (org.apache.parquet.column.ColumnDescriptor column : columns) {
				if (column.getPrimitiveType()
					.getLogicalTypeAnnotation() instanceof org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts) {
					timeUnits.put(column.getPath()[column.getPath().length - 1], switch (ts.getUnit()) {
						case MILLIS -> 1L;
						case MICROS -> 1_000L;
						case NANOS -> 1_000_000L;
					});
				}
			}
			return new blue.strategic.parquet.Hydrator<>() {
				@Override
				public Integer start() {
					return row();
				}

				@Override
				public Integer add(Integer row, String heading, Object value) {
					Target target = BatchReader.this.targets.get(heading);
					if (target != null && value != null) {
						parquetValue(row, target, value, timeUnits.getOrDefault(heading, 1L));
					}
					return row;
				}

				@Override
				public Integer finish(Integer row) {
					return row;
				}
			};
		};
		java.util.Set<String> wanted = new java.util.HashSet<>(this.targets.keySet());
		try (java.util.stream.Stream<Integer> stream = blue.strategic.parquet.ParquetReader.streamContent(file.toFile(),
				rows, wanted)) {
			stream.forEach((row) -> {
			});
		}
		catch (IOException | RuntimeException ex) {
			if (ex instanceof SlipwayException slipway) {
				throw slipway;
			}
			throw malformed("the body is not a Parquet file Slipway can read: "
					+ ((ex.getMessage() != null) ? clip(ex.getMessage()) : ex.getClass().getSimpleName()));
		}
		flush();
	}

	private void parquetValue(int row, Target target, Object value, long timeDivisor) {
		if (value instanceof Number number) {
			switch (target.role()) {
				case NUMBER -> this.batch.numbers(target.name())[row] = number.doubleValue();
				case PROBABILITY -> this.batch.ownProbabilities()[row] = number.doubleValue();
				case TIME -> this.batch.times()[row] = number.longValue() / timeDivisor;
				default -> text(row, target, Labels.normalize(number.toString()));
			}
		}
		else if (value instanceof Boolean bool) {
			if (target.role() == Role.NUMBER) {
				this.batch.numbers(target.name())[row] = bool ? 1 : 0;
			}
			else {
				put(row, target, bool.toString());
			}
		}
		else {
			put(row, target, value.toString());
		}
	}

	/** Reads a CSV body: a header line, then one row per line (RFC 4180 quoting). */
	void csv(InputStream body) {
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8), 1 << 16)) {
			CsvLines lines = new CsvLines(reader);
			List<String> header = lines.next();
			if (header == null) {
				throw malformed("the CSV body is empty; it needs a header line");
			}
			Target[] columns = new Target[header.size()];
			for (int i = 0; i < columns.length; i++) {
				columns[i] = this.targets.get(header.get(i).strip());
			}
			List<String> fields;
			while ((fields = lines.next()) != null) {
				if (fields.size() == 1 && fields.get(0).isEmpty()) {
					continue;
				}
				int row = row();
				for (int i = 0; i < Math.min(fields.size(), columns.length); i++) {
					if (columns[i] != null) {
						put(row, columns[i], fields.get(i));
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		flush();
	}

	private void put(int row, Target target, String value) {
		if (value == null || value.isEmpty()) {
			return;
		}
		switch (target.role()) {
			case NUMBER -> this.batch.numbers(target.name())[row] = number(value, this.total - 1, target);
			case PROBABILITY -> this.batch.ownProbabilities()[row] = number(value, this.total - 1, target);
			case TIME -> this.batch.times()[row] = epochMillis(value, this.total - 1, target);
			default -> text(row, target, value);
		}
	}

	private void text(int row, Target target, String value) {
		switch (target.role()) {
			case ID -> this.batch.ids()[row] = value;
			case LABEL -> this.batch.labels()[row] = value;
			default -> this.batch.texts(target.name())[row] = value;
		}
	}

	private static double number(String value, long row, Target target) {
		String v = value.strip();
		if (v.isEmpty() || v.equalsIgnoreCase("nan") || v.equalsIgnoreCase("null")) {
			return Double.NaN;
		}
		try {
			double d = Double.parseDouble(v);
			if (Double.isInfinite(d)) {
				throw invalid(row, target, "'" + clip(value) + "' is not a finite number");
			}
			return d;
		}
		catch (NumberFormatException ex) {
			throw invalid(row, target, "'" + clip(value) + "' is not a number");
		}
	}

	private long epochMillis(String value, long row, Target target) {
		String v = value.strip();
		try {
			if (!v.isEmpty() && (Character.isDigit(v.charAt(0)) || v.charAt(0) == '-') && v.indexOf('-', 1) < 0
					&& v.indexOf(':') < 0) {
				return (long) Double.parseDouble(v);
			}
			if (v.endsWith("Z") || v.matches(".*[+-]\\d\\d:?\\d\\d$")) {
				return OffsetDateTime.parse(v.replace(' ', 'T')).toInstant().toEpochMilli();
			}
			if (v.length() == 10) {
				return LocalDate.parse(v).atStartOfDay(this.zone).toInstant().toEpochMilli();
			}
			return LocalDateTime.parse(v.replace(' ', 'T')).atZone(this.zone).toInstant().toEpochMilli();
		}
		catch (NumberFormatException | DateTimeParseException ex) {
			throw invalid(row, target,
					"'" + clip(value) + "' is not a time: use epoch milliseconds or ISO-8601 (2026-12-05T10:00:00Z)");
		}
	}

	private int row() {
		if (this.total >= this.maxRows) {
			throw new SlipwayException(ErrorCode.PAYLOAD_TOO_LARGE,
					"a body holds at most " + this.maxRows + " rows; send the rest in further batches");
		}
		if (this.batch.rows() >= this.chunkRows) {
			flush();
		}
		this.total++;
		return this.batch.newRow();
	}

	private void flush() {
		if (this.batch.rows() > 0) {
			this.sink.accept(this.batch);
			this.batch = new Batch(this.schema, Math.min(this.chunkRows, 1024));
		}
	}

	/** Rows read so far. */
	long total() {
		return this.total;
	}

	private static void expect(JsonToken token, JsonToken wanted, String name) {
		if (token != wanted) {
			throw malformed(
					"'" + name + "' must be a JSON " + ((wanted == JsonToken.START_ARRAY) ? "array" : "object"));
		}
	}

	private static String clip(String value) {
		return (value.length() > 40) ? value.substring(0, 40) + "…" : value;
	}

	private static SlipwayException invalid(long row, Target target, String message) {
		return new SlipwayException(ErrorCode.INVALID_ARGUMENT,
				"row " + (row + 1) + ", column '" + target.name() + "': " + message);
	}

	private static SlipwayException malformed(String message) {
		return new SlipwayException(ErrorCode.MALFORMED_REQUEST, message);
	}

	/** Splits CSV text into records of fields, honouring quotes across line breaks. */
	private static final class CsvLines {

		private final BufferedReader reader;

		CsvLines(BufferedReader reader) {
			this.reader = reader;
		}

		List<String> next() throws IOException {
			int c = this.reader.read();
			if (c < 0) {
				return null;
			}
			List<String> fields = new ArrayList<>();
			StringBuilder field = new StringBuilder();
			boolean quoted = false;
			while (true) {
				if (quoted) {
					if (c < 0) {
						throw malformed("the CSV body ends inside a quoted field");
					}
					if (c == '"') {
						this.reader.mark(1);
						int n = this.reader.read();
						if (n == '"') {
							field.append('"');
						}
						else {
							quoted = false;
							this.reader.reset();
						}
					}
					else {
						field.append((char) c);
					}
				}
				else if (c < 0 || c == '\n') {
					fields.add(field.toString());
					return fields;
				}
				else if (c == '\r') {
					// CRLF: the \n ends the record.
				}
				else if (c == ',') {
					fields.add(field.toString());
					field.setLength(0);
				}
				else if (c == '"' && field.isEmpty()) {
					quoted = true;
				}
				else {
					field.append((char) c);
				}
				c = this.reader.read();
			}
		}

	}

}
