package dev.slipway.pipelines;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.nodes.Node;

/**
 * The {@code {{...}}} references in a step's strings and the grammar of {@code when}
 * conditions. Only the shape is checked here; what a reference names is resolved by
 * {@link DefinitionReader}, which knows the pipeline.
 */
final class Templates {

	private static final Pattern REFERENCE = Pattern.compile(
			"\\s*(?:(params|inputs|outputs)\\.([A-Za-z_][A-Za-z0-9_-]*)|steps\\.([a-z0-9][a-z0-9-]*)\\.outputs\\.([A-Za-z_][A-Za-z0-9_-]*))\\s*");

	private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?");

	private static final List<String> OPERATORS = List.of("==", "!=", "<=", ">=", "<", ">");

	private Templates() {
	}

	/** What a reference names: {@code kind} is params, inputs, outputs or steps. */
	record Reference(String kind, String name, String step) {

		@Override
		public String toString() {
			return "{{" + (this.kind.equals("steps") ? "steps." + this.step + ".outputs." + this.name
					: this.kind + "." + this.name) + "}}";
		}

	}

	/** What an operand of a condition is, as far as the definition can tell. */
	enum Operand {

		NUMBER, TEXT, BOOLEAN, TEMPLATE

	}

	/** A parsed {@code when}: two operands and an operator. */
	record Condition(String left, Operand leftKind, String operator, String right, Operand rightKind) {

		boolean isNumericComparison() {
			return this.operator.startsWith("<") || this.operator.startsWith(">");
		}

	}

	/**
	 * The references in {@code text}, in order; anything else between braces is refused.
	 */
	static List<Reference> references(String text, Node node, String path) {
		List<Reference> references = new ArrayList<>();
		int from = 0;
		while (true) {
			int open = text.indexOf("{{", from);
			if (open < 0) {
				return references;
			}
			int close = text.indexOf("}}", open + 2);
			if (close < 0) {
				throw Nodes.refusal(node, path, "'{{' without a closing '}}'");
			}
			references.add(reference(text.substring(open + 2, close), node, path));
			from = close + 2;
		}
	}

	private static Reference reference(String expression, Node node, String path) {
		Matcher matcher = REFERENCE.matcher(expression);
		if (!matcher.matches()) {
			throw Nodes.refusal(node, path, "'{{" + expression + "}}' is not a reference; use {{params.NAME}}, "
					+ "{{inputs.NAME}}, {{outputs.NAME}} or {{steps.STEP.outputs.NAME}}");
		}
		return (matcher.group(1) != null) ? new Reference(matcher.group(1), matcher.group(2), null)
				: new Reference("steps", matcher.group(4), matcher.group(3));
	}

	/**
	 * Parses {@code <operand> <op> <operand>}: an operand is one {@code {{reference}}}, a
	 * quoted string, a number, {@code true} or {@code false}.
	 */
	static Condition condition(String text, Node node, String path) {
		Cursor cursor = new Cursor(text, node, path);
		String left = cursor.operand();
		Operand leftKind = cursor.kind;
		String operator = cursor.operator();
		String right = cursor.operand();
		Operand rightKind = cursor.kind;
		cursor.skipSpaces();
		if (cursor.at < text.length()) {
			throw cursor.refusal("unexpected '" + text.substring(cursor.at) + "' after the condition");
		}
		Condition condition = new Condition(left, leftKind, operator, right, rightKind);
		if (condition.isNumericComparison() && (!numeric(leftKind) || !numeric(rightKind))) {
			throw Nodes.refusal(node, path, "'" + operator + "' compares numbers, and " + text + " does not");
		}
		return condition;
	}

	private static boolean numeric(Operand kind) {
		return kind == Operand.NUMBER || kind == Operand.TEMPLATE;
	}

	/** Reads a condition left to right. */
	private static final class Cursor {

		private final String text;

		private final Node node;

		private final String path;

		private int at;

		private Operand kind;

		Cursor(String text, Node node, String path) {
			this.text = text;
			this.node = node;
			this.path = path;
		}

		void skipSpaces() {
			while (this.at < this.text.length() && Character.isWhitespace(this.text.charAt(this.at))) {
				this.at++;
			}
		}

		String operand() {
			skipSpaces();
			if (this.at >= this.text.length()) {
				throw refusal("a condition is <operand> <op> <operand>, as in {{params.threshold}} > 0.5");
			}
			int start = this.at;
			char first = this.text.charAt(this.at);
			if (this.text.startsWith("{{", this.at)) {
				int close = this.text.indexOf("}}", this.at);
				if (close < 0) {
					throw refusal("'{{' without a closing '}}'");
				}
				this.at = close + 2;
				this.kind = Operand.TEMPLATE;
				return this.text.substring(start, this.at);
			}
			if (first == '\'' || first == '"') {
				int close = this.text.indexOf(first, this.at + 1);
				if (close < 0) {
					throw refusal("a string opened with " + first + " is not closed");
				}
				this.at = close + 1;
				this.kind = Operand.TEXT;
				return this.text.substring(start, this.at);
			}
			while (this.at < this.text.length() && !Character.isWhitespace(this.text.charAt(this.at))
					&& "=!<>".indexOf(this.text.charAt(this.at)) < 0) {
				this.at++;
			}
			String word = this.text.substring(start, this.at);
			if (NUMBER.matcher(word).matches()) {
				this.kind = Operand.NUMBER;
			}
			else if (word.equals("true") || word.equals("false")) {
				this.kind = Operand.BOOLEAN;
			}
			else {
				throw refusal("'" + word + "' is not an operand: write a {{reference}}, a quoted string, "
						+ "a number, true or false");
			}
			return word;
		}

		String operator() {
			skipSpaces();
			for (String operator : OPERATORS) {
				if (this.text.startsWith(operator, this.at)) {
					this.at += operator.length();
					return operator;
				}
			}
			throw refusal("expected one of " + String.join(" ", OPERATORS) + " after the first operand");
		}

		RuntimeException refusal(String problem) {
			return Nodes.refusal(this.node, this.path, problem);
		}

	}

}
