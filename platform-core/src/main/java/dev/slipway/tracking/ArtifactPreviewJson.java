package dev.slipway.tracking;

/**
 * Re-indents JSON text for reading, token by token, without parsing it into objects: a
 * preview needs no model of the document, and text that is not JSON comes out readable
 * too.
 */
final class ArtifactPreviewJson {

	private static final String INDENT = "  ";

	private ArtifactPreviewJson() {
	}

	/** The JSON text, two spaces per level, one member or element per line. */
	static String pretty(String json) {
		StringBuilder out = new StringBuilder(json.length() + json.length() / 4);
		int depth = 0;
		boolean inString = false;
		for (int i = 0; i < json.length(); i++) {
			char c = json.charAt(i);
			if (inString) {
				out.append(c);
				if (c == '\\' && i + 1 < json.length()) {
					out.append(json.charAt(++i));
				}
				else if (c == '"') {
					inString = false;
				}
				continue;
			}
			switch (c) {
				case '"' -> {
					inString = true;
					out.append(c);
				}
				case '{', '[' -> {
					int next = nextSignificant(json, i + 1);
					if (next < json.length() && (json.charAt(next) == '}' || json.charAt(next) == ']')) {
						out.append(c).append(json.charAt(next));
						i = next;
					}
					else {
						depth++;
						out.append(c);
						newLine(out, depth);
					}
				}
				case '}', ']' -> {
					depth = Math.max(0, depth - 1);
					newLine(out, depth);
					out.append(c);
				}
				case ',' -> {
					out.append(c);
					newLine(out, depth);
				}
				case ':' -> out.append(": ");
				case ' ', '\t', '\n', '\r' -> {
					// Whitespace between tokens is replaced by the layout.
				}
				default -> out.append(c);
			}
		}
		return out.toString();
	}

	private static int nextSignificant(String json, int from) {
		int i = from;
		while (i < json.length() && Character.isWhitespace(json.charAt(i))) {
			i++;
		}
		return i;
	}

	private static void newLine(StringBuilder out, int depth) {
		out.append('\n');
		out.append(INDENT.repeat(depth));
	}

}
