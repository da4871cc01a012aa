package dev.slipway.serving;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;

/**
 * Checks a request against a column-based model signature the way MLflow's schema
 * enforcement does: every required column present, each value cast to the column's type,
 * columns the signature does not name dropped. Every runtime calls it before predicting,
 * so a bad request is a 400 naming the column, never a model failure.
 */
final class SignatureCheck {

	private SignatureCheck() {
	}

	/**
	 * The input with its frame reduced to the signature's columns, in signature order,
	 * and each value cast to the declared type. Tensor input, tensor-based signatures and
	 * models without a signature pass as they came.
	 * @throws SlipwayException {@code INVALID_ARGUMENT} naming the column that is missing
	 * or holds a value that does not cast (rows are counted from 0, as pandas does)
	 */
	static ModelInput check(ModelSignature signature, ModelInput input) {
		if (signature.tensorBased() || signature.inputs().isEmpty()) {
			return input;
		}
		Frame frame = (input.frame() != null) ? input.frame() : columns(input.tensors());
		if (frame == null) {
			return input;
		}
		List<String> columns = new ArrayList<>();
		List<Integer> sources = new ArrayList<>();
		List<String> types = new ArrayList<>();
		for (ModelSignature.Field field : signature.inputs()) {
			int index = frame.columns().indexOf(field.name());
			if (index < 0) {
				if (field.required()) {
					throw new SlipwayException(ErrorCode.INVALID_ARGUMENT,
							"Missing column '" + field.name() + "' required by the model signature");
				}
				continue;
			}
			columns.add(field.name());
			sources.add(index);
			types.add(field.type());
		}
		List<List<Object>> rows = new ArrayList<>(frame.size());
		for (int r = 0; r < frame.size(); r++) {
			List<Object> row = frame.rows().get(r);
			List<Object> cast = new ArrayList<>(columns.size());
			for (int c = 0; c < columns.size(); c++) {
				cast.add(cast(row.get(sources.get(c)), types.get(c), columns.get(c), r));
			}
			rows.add(cast);
		}
		return new ModelInput(new Frame(columns, rows), null, input.params());
	}

	/**
	 * Named one-dimensional tensors of one length ({@code {"inputs": {"a": [1, 3], "b":
	 * [2, 4]}}}) as the columns of a frame, as MLflow reads them for a column-based
	 * signature; null for any other tensors.
	 */
	private static Frame columns(List<Tensor> tensors) {
		long n = -1;
		for (Tensor tensor : tensors) {
			List<Long> shape = tensor.shape();
			boolean column = shape.size() == 1 || (shape.size() == 2 && shape.get(1) == 1);
			if (tensor.name() == null || !column || (n >= 0 && shape.get(0) != n)) {
				return null;
			}
			n = shape.get(0);
		}
		if (n < 0) {
			return null;
		}
		List<String> names = tensors.stream().map(Tensor::name).toList();
		List<List<Object>> rows = new ArrayList<>((int) n);
		for (int r = 0; r < n; r++) {
			List<Object> row = new ArrayList<>(tensors.size());
			for (Tensor tensor : tensors) {
				row.add(tensor.data().get(r));
			}
			rows.add(row);
		}
		return new Frame(names, rows);
	}

	/**
	 * The value as the column type wants it: {@link Double} for {@code double} and
	 * {@code float} (null becomes NaN, as pandas reads a missing number), {@link Long}
	 * for {@code long} and {@code integer}, {@link Boolean}, {@link String} otherwise.
	 */
	static Object cast(Object value, String type, String column, int row) {
		switch (type) {
			case "double", "float" -> {
				if (value == null) {
					return Double.NaN;
				}
				if (value instanceof Number number) {
					return number.doubleValue();
				}
				if (value instanceof String text) {
					try {
						return Double.parseDouble(text.strip());
					}
					catch (NumberFormatException ex) {
						// refused below
					}
				}
			}
			case "long", "integer" -> {
				Long integral = integral(value);
				if (integral != null
						&& ("long".equals(type) || (integral >= Integer.MIN_VALUE && integral <= Integer.MAX_VALUE))) {
					return integral;
				}
			}
			case "boolean" -> {
				if (value instanceof Boolean) {
					return value;
				}
				if (value instanceof String text) {
					String lower = text.strip().toLowerCase(Locale.ROOT);
					if (lower.equals("true") || lower.equals("false")) {
						return Boolean.valueOf(lower);
					}
				}
			}
			case "string" -> {
				if (value instanceof String) {
					return value;
				}
				if (value instanceof Number || value instanceof Boolean) {
					return value.toString();
				}
			}
			default -> {
				// binary (base64 text), datetime (ISO-8601 text) and types MLflow may add
				// later reach the model as they came.
				return value;
			}
		}
		throw new SlipwayException(ErrorCode.INVALID_ARGUMENT,
				"Column '" + column + "' expects " + type + "; row " + row + " has " + describe(value));
	}

	private static Long integral(Object value) {
		if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
			return ((Number) value).longValue();
		}
		try {
			if (value instanceof Number number) {
				return new BigDecimal(number.toString()).longValueExact();
			}
			if (value instanceof String text) {
				return new BigDecimal(text.strip()).longValueExact();
			}
		}
		catch (ArithmeticException | NumberFormatException ex) {
			// not a whole number in range: refused by the caller
		}
		return null;
	}

	private static String describe(Object value) {
		if (value == null) {
			return "no value";
		}
		String text = value.toString();
		if (text.length() > 40) {
			text = text.substring(0, 40) + "...";
		}
		return (value instanceof String) ? "'" + text + "'" : text;
	}

}
