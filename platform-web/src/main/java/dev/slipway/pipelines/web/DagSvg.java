package dev.slipway.pipelines.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A pipeline's graph as an inline SVG element, laid out by {@link DagLayout} and drawn on
 * the server so that a page needs no script: each step a rounded box (linked when it has
 * an href) whose classes {@code dag-node state-<state>} carry its colour, each dependency
 * a curve with an arrow. Everything the caller gives is escaped.
 */
final class DagSvg {

	/**
	 * The stylesheet both ways: the pages link it (their CSP refuses inline styles) and a
	 * standalone drawing embeds it. It holds neither {@code <} nor {@code &}, so it stays
	 * well-formed XML inside {@code <style>}.
	 */
	static final String STYLESHEET = "/static/css/dag.css";

	private static final String STYLE = readStyle();

	/** The order in which the summary counts states, the usual life of a step. */
	private static final List<String> STATES = List.of("SUCCEEDED", "CACHED", "FAILED", "RUNNING", "PENDING",
			"CANCELING", "CANCELED", "SKIPPED");

	private static final double PADDING = 12;

	private static final double LABEL_SIZE = 13;

	private static final double DETAIL_SIZE = 11;

	private static final String EDGE_COLOUR = "#8a94a6";

	private DagSvg() {
	}

	/**
	 * The graph as a complete {@code <svg>} element with its own stylesheet, which shows
	 * the same anywhere (a file, an image, a page without a strict CSP).
	 * @throws IllegalArgumentException when two nodes share an id, an edge names an
	 * unknown node, the edges form a cycle, or an href has a scheme other than http(s)
	 */
	static String render(List<DagNode> nodes, List<DagEdge> edges) {
		return render(nodes, edges, true);
	}

	/**
	 * The graph without the embedded {@code <style>}, for Slipway's pages: their CSP
	 * refuses inline styles, so they link {@link #STYLESHEET} instead.
	 */
	static String renderWithoutStyle(List<DagNode> nodes, List<DagEdge> edges) {
		return render(nodes, edges, false);
	}

	private static String render(List<DagNode> nodes, List<DagEdge> edges, boolean withStyle) {
		for (DagNode node : nodes) {
			checkHref(node.href());
		}
		DagLayout layout = DagLayout.of(nodes, edges);
		String width = number(layout.width());
		String height = number(layout.height());
		String summary = escape(summary(layout.nodes()));
		StringBuilder svg = new StringBuilder(512 + 400 * nodes.size() + 120 * edges.size());
		svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"dag\" viewBox=\"0 0 ")
			.append(width)
			.append(' ')
			.append(height)
			.append("\" width=\"")
			.append(width)
			.append("\" height=\"")
			.append(height)
			.append("\" role=\"img\" aria-label=\"")
			.append(summary)
			.append("\">");
		svg.append("<title>").append(summary).append("</title>");
		if (withStyle) {
			svg.append("<style>").append(STYLE).append("</style>");
		}
		svg.append("<defs><marker id=\"dag-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" ")
			.append("markerWidth=\"7\" markerHeight=\"7\" markerUnits=\"userSpaceOnUse\" orient=\"auto\">")
			.append("<path class=\"dag-arrow\" d=\"M0,0L10,5L0,10z\" fill=\"")
			.append(EDGE_COLOUR)
			.append("\"/></marker></defs>");
		svg.append("<g class=\"dag-edges\">");
		for (DagLayout.Route route : layout.routes()) {
			svg.append("<path class=\"dag-edge\" data-from=\"")
				.append(escape(route.edge().from()))
				.append("\" data-to=\"")
				.append(escape(route.edge().to()))
				.append("\" d=\"")
				.append(path(route.points()))
				.append("\" fill=\"none\" stroke=\"")
				.append(EDGE_COLOUR)
				.append("\" stroke-width=\"1.5\" marker-end=\"url(#dag-arrow)\"/>");
		}
		svg.append("</g><g class=\"dag-nodes\">");
		for (DagNode node : layout.nodes()) {
			node(svg, node, layout.box(node.id()));
		}
		svg.append("</g></svg>");
		return svg.toString();
	}

	private static void node(StringBuilder svg, DagNode node, DagLayout.Box box) {
		if (node.href() != null) {
			svg.append("<a href=\"").append(escape(node.href())).append("\">");
		}
		svg.append("<g class=\"dag-node");
		if (node.state() != null) {
			svg.append(" state-").append(stateClass(node.state()));
		}
		svg.append("\" data-node=\"").append(escape(node.id())).append("\">");
		svg.append("<title>").append(escape(tooltip(node))).append("</title>");
		svg.append("<rect x=\"")
			.append(number(box.x()))
			.append("\" y=\"")
			.append(number(box.y()))
			.append("\" width=\"")
			.append(number(box.width()))
			.append("\" height=\"")
			.append(number(box.height()))
			.append("\" rx=\"8\" fill=\"#fff\" stroke=\"#5b6478\" stroke-width=\"1.5\"/>");
		double room = box.width() - 2 * PADDING;
		String center = number(box.centerX());
		double labelBaseline = box.y() + ((node.detail() != null) ? 21 : 29);
		svg.append("<text class=\"dag-label\" x=\"")
			.append(center)
			.append("\" y=\"")
			.append(number(labelBaseline))
			.append("\" text-anchor=\"middle\" font-size=\"")
			.append(number(LABEL_SIZE))
			.append("\" font-weight=\"600\">")
			.append(escape(fit(node.label(), room, LABEL_SIZE * 1.05)))
			.append("</text>");
		if (node.detail() != null) {
			svg.append("<text class=\"dag-detail\" x=\"")
				.append(center)
				.append("\" y=\"")
				.append(number(box.y() + 37))
				.append("\" text-anchor=\"middle\" font-size=\"")
				.append(number(DETAIL_SIZE))
				.append("\">")
				.append(escape(fit(node.detail(), room, DETAIL_SIZE)))
				.append("</text>");
		}
		svg.append("</g>");
		if (node.href() != null) {
			svg.append("</a>");
		}
	}

	/**
	 * The path through a route's points: a curve across each gap between layers (vertical
	 * at both ends, so it stays inside the gap), a straight line through each layer a
	 * long edge passes, and one line where several such lines meet in a column.
	 */
	static String path(List<DagLayout.Point> points) {
		List<String[]> commands = new ArrayList<>();
		DagLayout.Point first = points.get(0);
		commands.add(new String[] { "M", number(first.x()), number(first.y()) });
		boolean lastVertical = false;
		for (int k = 1; k < points.size(); k++) {
			DagLayout.Point from = points.get(k - 1);
			DagLayout.Point to = points.get(k);
			String fromX = number(from.x());
			String toX = number(to.x());
			boolean acrossGap = k % 2 == 1;
			if (fromX.equals(toX)) {
				if (lastVertical) {
					// the line continues down the same column: move its end
					commands.get(commands.size() - 1)[2] = number(to.y());
				}
				else {
					commands.add(new String[] { "L", toX, number(to.y()) });
				}
				lastVertical = true;
			}
			else if (acrossGap) {
				String middle = number((from.y() + to.y()) / 2);
				commands.add(new String[] { "C", fromX, middle, toX, middle, toX, number(to.y()) });
				lastVertical = false;
			}
			else {
				commands.add(new String[] { "L", toX, number(to.y()) });
				lastVertical = false;
			}
		}
		StringBuilder d = new StringBuilder();
		for (String[] command : commands) {
			d.append(command[0]);
			for (int i = 1; i < command.length; i += 2) {
				if (i > 1) {
					d.append(' ');
				}
				d.append(command[i]).append(',').append(command[i + 1]);
			}
		}
		return d.toString();
	}

	/** What the drawing shows, for a screen reader: how many steps in which state. */
	private static String summary(List<DagNode> nodes) {
		StringBuilder summary = new StringBuilder("Pipeline graph of ").append(nodes.size())
			.append((nodes.size() == 1) ? " step" : " steps");
		Map<String, Integer> counts = new LinkedHashMap<>();
		for (String state : STATES) {
			counts.put(state, 0);
		}
		for (DagNode node : nodes) {
			if (node.state() != null) {
				counts.merge(node.state(), 1, Integer::sum);
			}
		}
		String separator = ": ";
		for (Map.Entry<String, Integer> count : counts.entrySet()) {
			if (count.getValue() > 0) {
				summary.append(separator)
					.append(count.getValue())
					.append(' ')
					.append(count.getKey().toLowerCase(Locale.ROOT));
				separator = ", ";
			}
		}
		return summary.toString();
	}

	private static String tooltip(DagNode node) {
		StringBuilder tooltip = new StringBuilder(node.label());
		if (node.state() != null) {
			tooltip.append(": ").append(node.state());
		}
		if (node.detail() != null) {
			tooltip.append((node.state() != null) ? ", " : ": ").append(node.detail());
		}
		return tooltip.toString();
	}

	/**
	 * A state as a class name: lower case, anything but letters, digits, - and _ as -.
	 */
	private static String stateClass(String state) {
		StringBuilder name = new StringBuilder();
		for (char c : state.toLowerCase(Locale.ROOT).toCharArray()) {
			boolean plain = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
			name.append(plain ? c : '-');
		}
		return name.toString();
	}

	/**
	 * Refuses an href that a browser would run or open as something other than a web page
	 * ({@code javascript:}, {@code data:}): escaping keeps the markup whole but not the
	 * link harmless. Relative links and http(s) pass.
	 */
	private static void checkHref(String href) {
		if (href == null) {
			return;
		}
		int colon = href.indexOf(':');
		if (colon < 0) {
			return;
		}
		for (int i = 0; i < colon; i++) {
			char c = href.charAt(i);
			if (c == '/' || c == '?' || c == '#') {
				// the colon is in the path, query or fragment: no scheme
				return;
			}
		}
		String scheme = href.substring(0, colon).toLowerCase(Locale.ROOT);
		if (!scheme.equals("http") && !scheme.equals("https")) {
			throw new IllegalArgumentException("A node's link may only be relative or http(s)");
		}
	}

	/**
	 * The text cut with an ellipsis to fit the width, measured by a rough estimate of
	 * each character's width in ems: the server knows no font, so this errs wide.
	 */
	static String fit(String text, double room, double fontSize) {
		String flat = text.strip().replaceAll("\\s+", " ");
		double available = room / fontSize;
		if (ems(flat) <= available) {
			return flat;
		}
		double ellipsis = 1.0;
		StringBuilder fitted = new StringBuilder();
		double used = 0;
		for (int i = 0; i < flat.length();) {
			int codePoint = flat.codePointAt(i);
			double w = ems(codePoint);
			if (used + w + ellipsis > available) {
				break;
			}
			fitted.appendCodePoint(codePoint);
			used += w;
			i += Character.charCount(codePoint);
		}
		return fitted.toString().stripTrailing() + "\u2026";
	}

	private static double ems(String text) {
		return text.codePoints().mapToDouble(DagSvg::ems).sum();
	}

	private static double ems(int c) {
		if ("iljtfrI.,:;'|!()[] ".indexOf(c) >= 0) {
			return 0.34;
		}
		if ("mwMW@%".indexOf(c) >= 0) {
			return 0.92;
		}
		if (c >= 'A' && c <= 'Z') {
			return 0.72;
		}
		if (c < 0x80) {
			return 0.58;
		}
		// wide scripts (CJK, Hangul, emoji) take about a whole em
		return (c >= 0x1100) ? 1.0 : 0.62;
	}

	/**
	 * Text for XML content and attributes: markup characters as entities, and characters
	 * XML cannot hold at all (most control characters, lone surrogates) as U+FFFD.
	 */
	static String escape(String text) {
		StringBuilder escaped = new StringBuilder(text.length() + 16);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '<' -> escaped.append("&lt;");
				case '>' -> escaped.append("&gt;");
				case '&' -> escaped.append("&amp;");
				case '"' -> escaped.append("&quot;");
				case '\'' -> escaped.append("&#39;");
				default -> {
					if (Character.isHighSurrogate(c) && i + 1 < text.length()
							&& Character.isLowSurrogate(text.charAt(i + 1))) {
						escaped.append(c).append(text.charAt(++i));
					}
					else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || Character.isSurrogate(c)
							|| c == '\uFFFE' || c == '\uFFFF') {
						escaped.append('\uFFFD');
					}
					else {
						escaped.append(c);
					}
				}
			}
		}
		return escaped.toString();
	}

	/**
	 * A coordinate to a tenth of a pixel, without a trailing .0, the same on every JVM.
	 */
	static String number(double value) {
		long tenths = Math.round(value * 10);
		long magnitude = Math.abs(tenths);
		String text = ((tenths < 0) ? "-" : "") + (magnitude / 10);
		return (magnitude % 10 == 0) ? text : text + "." + (magnitude % 10);
	}

	private static String readStyle() {
		try (InputStream in = DagSvg.class.getResourceAsStream(STYLESHEET)) {
			if (in == null) {
				throw new IllegalStateException("Missing " + STYLESHEET);
			}
			String css = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			if (css.contains("<") || css.contains("&")) {
				throw new IllegalStateException(STYLESHEET + " must hold neither < nor &");
			}
			return css.strip().replaceAll("\\s*\\n\\s*", " ");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
