package dev.slipway.pipelines.web;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The pipeline graph drawn as SVG: its layers, long edges routed around the boxes,
 * crossings removed where the graph allows, escaping of everything the caller gives, the
 * same bytes for the same graph, and refusals of graphs that are not DAGs. Every drawing
 * is parsed as XML, and geometry is checked on the parsed drawing.
 */
class DagSvgTest {

	@Test
	void diamondPutsTheJoinBelowBothBranches() {
		List<DagEdge> edges = List.of(edge("a", "b"), edge("a", "c"), edge("b", "d"), edge("c", "d"));
		DagLayout layout = DagLayout.of(nodes("a", "b", "c", "d"), edges);
		assertThat(layout.layersOfIds()).containsExactly(List.of("a"), List.of("b", "c"), List.of("d"));

		Drawing drawing = Drawing.of(DagSvg.render(nodes("a", "b", "c", "d"), edges));
		Rect a = drawing.rect("a");
		Rect b = drawing.rect("b");
		Rect c = drawing.rect("c");
		Rect d = drawing.rect("d");
		assertThat(b.y).isEqualTo(c.y).isGreaterThan(a.y + a.height);
		assertThat(d.y).isGreaterThan(b.y + b.height);
		assertThat(b.x + b.width).as("b and c side by side").isLessThan(c.x);
		assertThat(a.centerX()).as("the fork above its branches").isCloseTo((b.centerX() + c.centerX()) / 2, within());
		assertThat(d.centerX()).as("the join below its branches").isCloseTo(a.centerX(), within());
	}

	@Test
	void aNodeGoesOneLayerBelowItsLowestPredecessor() {
		// longest path: e waits for d, three layers down, though a feeds it directly
		List<DagEdge> edges = List.of(edge("a", "b"), edge("b", "c"), edge("c", "d"), edge("a", "e"), edge("d", "e"));
		DagLayout layout = DagLayout.of(nodes("a", "b", "c", "d", "e"), edges);
		assertThat(List.of("a", "b", "c", "d", "e").stream().map(layout::layerOf)).containsExactly(0, 1, 2, 3, 4);
	}

	@Test
	void aLongEdgeIsRoutedAroundTheBoxesItPasses() {
		List<DagEdge> edges = List.of(edge("a", "b"), edge("b", "c"), edge("c", "d"), edge("a", "d"));
		Drawing drawing = Drawing.of(DagSvg.render(nodes("a", "b", "c", "d"), edges));
		String longEdge = drawing.path("a", "d");
		assertThat(longEdge).as("the edge bends around b and c").contains("L").contains("C");
		List<double[]> points = sample(longEdge);
		Rect b = drawing.rect("b");
		double passing = points.stream()
			.filter((p) -> p[1] > b.y && p[1] < b.y + b.height)
			.mapToDouble((p) -> p[0])
			.findFirst()
			.orElseThrow();
		assertThat(passing < b.x || passing > b.x + b.width).as("beside b, not through it").isTrue();
		assertThat(drawing.edgeThroughABox()).isEmpty();
	}

	@Test
	void noEdgePassesThroughABox() {
		List<List<DagEdge>> graphs = new ArrayList<>();
		graphs.add(List.of(edge("a", "b"), edge("a", "c"), edge("b", "d"), edge("c", "d"), edge("a", "d")));
		graphs.add(example().edges());
		graphs.add(List.of(edge("a", "e"), edge("b", "e"), edge("c", "e"), edge("a", "b"), edge("b", "c"),
				edge("c", "d"), edge("d", "e"), edge("a", "d")));
		for (long seed = 1; seed <= 6; seed++) {
			graphs.add(randomDag(seed, 18, 0.15));
		}
		for (List<DagEdge> edges : graphs) {
			List<DagNode> nodes = nodesOf(edges);
			Drawing drawing = Drawing.of(DagSvg.render(nodes, edges));
			assertThat(drawing.edgeThroughABox()).as("edges through boxes in %s", edges).isEmpty();
			assertThat(drawing.overlappingBoxes()).as("boxes overlapping in %s", edges).isEmpty();
		}
	}

	@Test
	void crossingsDisappearWhereTheGraphAllowsIt() {
		// given in an order that crosses three times; [z y x] above [p q] crosses nowhere
		List<DagEdge> edges = List.of(edge("a", "z"), edge("b", "y"), edge("c", "x"), edge("x", "q"), edge("z", "p"),
				edge("y", "q"));
		DagLayout layout = DagLayout.of(nodes("a", "b", "c", "x", "y", "z", "p", "q"), edges);
		assertThat(layout.crossings()).isZero();
		assertThat(geometricCrossings(layout)).isZero();

		// a ladder given shuffled: s(i) feeds t(i) and t(i+1)
		List<DagNode> ladder = nodes("s3", "s0", "s5", "s1", "s4", "s2", "t2", "t6", "t0", "t4", "t1", "t5", "t3");
		List<DagEdge> rungs = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			rungs.add(edge("s" + i, "t" + i));
			rungs.add(edge("s" + i, "t" + (i + 1)));
		}
		DagLayout ladderLayout = DagLayout.of(ladder, rungs);
		assertThat(ladderLayout.crossings()).isZero();
		assertThat(geometricCrossings(ladderLayout)).isZero();
	}

	@Test
	void everythingTheCallerGivesIsEscaped() {
		List<DagNode> nodes = List.of(new DagNode("a\"><script>x</script>", "<script>x</script>", "FAILED", "x & y < z",
				"/runs/1?step=a&x=\"><script>"), new DagNode("b'", "b", null, null, null));
		String svg = DagSvg.render(nodes, List.of(new DagEdge("a\"><script>x</script>", "b'")));
		assertThat(svg).doesNotContain("<script").contains("&lt;script&gt;x&lt;/script&gt;");
		Drawing drawing = Drawing.of(svg);
		assertThat(drawing.document.getElementsByTagNameNS("*", "script").getLength()).isZero();
		Element link = (Element) drawing.document.getElementsByTagNameNS("*", "a").item(0);
		assertThat(link.getAttribute("href")).isEqualTo("/runs/1?step=a&x=\"><script>");
		Element node = drawing.node("a\"><script>x</script>");
		assertThat(text(node, "title")).isEqualTo("<script>x</script>: FAILED, x & y < z");
		assertThat(text(node, "text")).isEqualTo("<script>x</script>");
		assertThat(drawing.path("a\"><script>x</script>", "b'")).startsWith("M");
	}

	@Test
	void charactersXmlCannotHoldBecomeReplacementCharacters() {
		String svg = DagSvg.render(List.of(new DagNode("a", "bell\u0007 and \uD800 lone", null, null, null)),
				List.of());
		assertThat(text(Drawing.of(svg).node("a"), "title")).isEqualTo("bell\uFFFD and \uFFFD lone");
	}

	@Test
	void linksThatRunScriptsAreRefused() {
		for (String href : List.of("javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)",
				"java\tscript:alert(1)", "data:text/html,x")) {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> DagSvg.render(List.of(new DagNode("a", "a", null, null, href)), List.of()));
		}
		for (String href : List.of("/pipelines/runs/7/steps/train", "steps/train", "https://example.org/x", "?step=a:b",
				"#train")) {
			assertThat(DagSvg.render(List.of(new DagNode("a", "a", null, null, href)), List.of())).contains("<a href=");
		}
	}

	@Test
	void aNodeCarriesItsStateLinkAndTooltip() {
		List<DagNode> nodes = List.of(new DagNode("prep", "prep", "SUCCEEDED", "1m 20s", null),
				new DagNode("train", "train", "FAILED", "attempt 2/3", "/pipelines/runs/7/steps/train"),
				new DagNode("eval", "eval", null, null, null));
		Drawing drawing = Drawing.of(DagSvg.render(nodes, List.of(edge("prep", "train"), edge("train", "eval"))));
		Element train = drawing.node("train");
		assertThat(train.getAttribute("class")).isEqualTo("dag-node state-failed");
		assertThat(text(train, "title")).isEqualTo("train: FAILED, attempt 2/3");
		assertThat(((Element) train.getParentNode()).getTagName()).isEqualTo("a");
		assertThat(((Element) train.getParentNode()).getAttribute("href")).isEqualTo("/pipelines/runs/7/steps/train");
		NodeList texts = train.getElementsByTagNameNS("*", "text");
		assertThat(texts.item(1).getTextContent()).isEqualTo("attempt 2/3");
		assertThat(drawing.node("prep").getAttribute("class")).isEqualTo("dag-node state-succeeded");
		assertThat(drawing.node("eval").getAttribute("class")).isEqualTo("dag-node");
		assertThat(((Element) drawing.node("eval").getParentNode()).getTagName()).isEqualTo("g");
		assertThat(text(drawing.node("eval"), "title")).isEqualTo("eval");
		Element edge = drawing.pathElement("prep", "train");
		assertThat(edge.getAttribute("class")).isEqualTo("dag-edge");
		assertThat(edge.getAttribute("marker-end")).isEqualTo("url(#dag-arrow)");
	}

	@Test
	void theSvgElementDescribesItself() {
		Drawing drawing = Drawing.of(DagSvg.render(example().nodes(), example().edges()));
		Element svg = drawing.document.getDocumentElement();
		assertThat(svg.getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
		assertThat(svg.getAttribute("role")).isEqualTo("img");
		assertThat(svg.getAttribute("aria-label"))
			.isEqualTo("Pipeline graph of 6 steps: 2 succeeded, 1 cached, 1 running, 1 pending, 1 skipped");
		assertThat(text(svg, "title")).isEqualTo(svg.getAttribute("aria-label"));
		String[] viewBox = svg.getAttribute("viewBox").split(" ");
		assertThat(viewBox[2]).isEqualTo(svg.getAttribute("width"));
		assertThat(viewBox[3]).isEqualTo(svg.getAttribute("height"));
		double width = Double.parseDouble(viewBox[2]);
		double height = Double.parseDouble(viewBox[3]);
		for (DagNode node : example().nodes()) {
			Rect rect = drawing.rect(node.id());
			assertThat(rect.x).isGreaterThanOrEqualTo(0);
			assertThat(rect.y).isGreaterThanOrEqualTo(0);
			assertThat(rect.x + rect.width).isLessThanOrEqualTo(width);
			assertThat(rect.y + rect.height).isLessThanOrEqualTo(height);
		}
		assertThat(drawing.document.getElementsByTagNameNS("*", "marker").getLength()).isOne();
	}

	@Test
	void aStandaloneDrawingCarriesTheStylesheetAndAPageDrawingLeavesItOut() {
		String standalone = DagSvg.render(example().nodes(), example().edges());
		String forPage = DagSvg.renderWithoutStyle(example().nodes(), example().edges());
		String style = text(Drawing.of(standalone).document.getDocumentElement(), "style");
		assertThat(style).contains(".dag-node.state-failed rect")
			.contains(".dag-node.state-running rect")
			.contains("prefers-reduced-motion: no-preference")
			.contains("stroke-dasharray");
		assertThat(Drawing.of(forPage).document.getElementsByTagNameNS("*", "style").getLength()).isZero();
		assertThat(forPage).isEqualTo(standalone.replace("<style>" + style + "</style>", ""));
	}

	@Test
	void longTextIsCutWithAnEllipsis() {
		String label = "train-the-gradient-boosted-model-on-every-feature-of-the-warehouse";
		String detail = "cached from run 123456789 of the nightly training pipeline";
		Element node = Drawing.of(DagSvg.render(List.of(new DagNode("a", label, "CACHED", detail, null)), List.of()))
			.node("a");
		NodeList texts = node.getElementsByTagNameNS("*", "text");
		String shownLabel = texts.item(0).getTextContent();
		String shownDetail = texts.item(1).getTextContent();
		assertThat(shownLabel).endsWith("\u2026").hasSizeBetween(12, 30);
		assertThat(label).startsWith(shownLabel.substring(0, shownLabel.length() - 1));
		assertThat(shownDetail).endsWith("\u2026").hasSizeBetween(12, 36);
		assertThat(text(node, "title")).as("the tooltip keeps it all").contains(label).contains(detail);
		assertThat(DagSvg.fit("train", 156, 13)).isEqualTo("train");
		assertThat(DagSvg.fit("\uD83D\uDE80".repeat(40), 156, 13)).as("never half a surrogate pair")
			.matches("(\uD83D\uDE80)+\u2026");
	}

	@Test
	void theSameGraphGivesTheSameBytes() {
		List<DagEdge> edges = randomDag(42, 60, 0.08);
		List<DagNode> nodes = nodesOf(edges);
		String first = DagSvg.render(nodes, edges);
		String second = DagSvg.render(new ArrayList<>(nodes), new ArrayList<>(edges));
		assertThat(second).isEqualTo(first);
		assertThat(DagSvg.render(nodesOf(randomDag(42, 60, 0.08)), randomDag(42, 60, 0.08))).isEqualTo(first);
	}

	@Test
	void repeatedEdgesAreDrawnOnce() {
		String svg = DagSvg.render(nodes("a", "b"), List.of(edge("a", "b"), edge("a", "b")));
		assertThat(Drawing.of(svg).document.getElementsByTagNameNS("*", "path").getLength()).as("edge and arrow")
			.isEqualTo(2);
	}

	@Test
	void graphsThatAreNotDagsAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> DagSvg.render(nodes("a"), List.of(edge("a", "b"))))
			.withMessageContaining("unknown node: b");
		assertThatIllegalArgumentException()
			.isThrownBy(
					() -> DagSvg.render(nodes("a", "b", "c"), List.of(edge("a", "b"), edge("b", "c"), edge("c", "b"))))
			.withMessageContaining("cycle")
			.withMessageContaining("b")
			.withMessageContaining("c");
		assertThatIllegalArgumentException().isThrownBy(() -> DagSvg.render(nodes("a"), List.of(edge("a", "a"))))
			.withMessageContaining("cycle");
		assertThatIllegalArgumentException().isThrownBy(() -> DagSvg.render(nodes("a", "a"), List.of()))
			.withMessageContaining("Two nodes");
	}

	@Test
	void anEmptyGraphIsAnEmptyDrawing() {
		Drawing drawing = Drawing.of(DagSvg.render(List.of(), List.of()));
		assertThat(drawing.document.getDocumentElement().getAttribute("aria-label"))
			.isEqualTo("Pipeline graph of 0 steps");
		assertThat(drawing.document.getElementsByTagNameNS("*", "rect").getLength()).isZero();
	}

	@Test
	void twoHundredStepsRender() {
		// a chain of 100 steps, and a fan-out of 100 from its head whose branches all
		// join the chain's tail: 100 edges that each pass 97 layers
		List<DagNode> nodes = new ArrayList<>();
		List<DagEdge> edges = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			nodes.add(new DagNode("c" + i, "chain step " + i, "SUCCEEDED", null, null));
			if (i > 0) {
				edges.add(edge("c" + (i - 1), "c" + i));
			}
		}
		for (int i = 0; i < 100; i++) {
			nodes.add(new DagNode("f" + i, "fan-out " + i, "PENDING", null, null));
			edges.add(edge("c0", "f" + i));
			edges.add(edge("f" + i, "c99"));
		}
		String svg = DagSvg.render(nodes, edges);
		Drawing drawing = Drawing.of(svg);
		assertThat(drawing.document.getElementsByTagNameNS("*", "rect").getLength()).isEqualTo(200);
		assertThat(drawing.document.getElementsByTagNameNS("*", "path").getLength()).isEqualTo(edges.size() + 1);
		assertThat(drawing.rect("c99").y).isGreaterThan(drawing.rect("c98").y);
		assertThat(DagLayout.of(nodes, edges).crossings()).isZero();
	}

	/** Not a check of looks: writes a drawing to look at, target/dag-example.svg. */
	@Test
	void writesAnExampleToLookAt() throws Exception {
		Path file = Path.of("target", "dag-example.svg");
		Files.createDirectories(file.getParent());
		Files.writeString(file, DagSvg.render(example().nodes(), example().edges()));
		Files.writeString(Path.of("target", "dag-random.svg"),
				DagSvg.render(nodesOf(randomDag(7, 24, 0.12)), randomDag(7, 24, 0.12)));
		assertThat(Drawing.of(Files.readString(file)).document.getElementsByTagNameNS("*", "rect").getLength())
			.isEqualTo(6);
	}

	/** Six steps with a long edge, a fork and a join, in most states. */
	static Graph example() {
		List<DagNode> nodes = List.of(new DagNode("ingest", "ingest", "SUCCEEDED", "42s", "/runs/12/steps/ingest"),
				new DagNode("validate", "validate", "CACHED", "cached from run 11", "/runs/12/steps/validate"),
				new DagNode("features", "build-features", "SUCCEEDED", "3m 05s", "/runs/12/steps/features"),
				new DagNode("train", "train-gradient-boosted-trees-with-early-stopping", "RUNNING", "attempt 2/3",
						"/runs/12/steps/train"),
				new DagNode("evaluate", "evaluate", "PENDING", null, "/runs/12/steps/evaluate"),
				new DagNode("report", "report", "SKIPPED", "condition false", null));
		List<DagEdge> edges = List.of(edge("ingest", "validate"), edge("ingest", "features"),
				edge("validate", "features"), edge("features", "train"), edge("train", "evaluate"),
				edge("ingest", "evaluate"), edge("validate", "report"));
		return new Graph(nodes, edges);
	}

	record Graph(List<DagNode> nodes, List<DagEdge> edges) {
	}

	static DagEdge edge(String from, String to) {
		return new DagEdge(from, to);
	}

	static List<DagNode> nodes(String... ids) {
		List<DagNode> nodes = new ArrayList<>();
		for (String id : ids) {
			nodes.add(new DagNode(id, id, null, null, null));
		}
		return nodes;
	}

	static List<DagNode> nodesOf(List<DagEdge> edges) {
		Map<String, DagNode> nodes = new LinkedHashMap<>();
		for (DagEdge edge : edges) {
			for (String id : List.of(edge.from(), edge.to())) {
				nodes.putIfAbsent(id, new DagNode(id, id, null, null, null));
			}
		}
		return List.copyOf(nodes.values());
	}

	/** A random DAG: an edge from n(i) to n(j), i before j, with the given chance. */
	static List<DagEdge> randomDag(long seed, int size, double chance) {
		Random random = new Random(seed);
		List<DagEdge> edges = new ArrayList<>();
		for (int j = 1; j < size; j++) {
			edges.add(edge("n" + random.nextInt(j), "n" + j));
			for (int i = 0; i < j; i++) {
				if (random.nextDouble() < chance) {
					edges.add(edge("n" + i, "n" + j));
				}
			}
		}
		return edges;
	}

	/** Crossings counted from the drawn positions, each edge cut into its layer steps. */
	static long geometricCrossings(DagLayout layout) {
		List<double[]> segments = new ArrayList<>();
		for (DagLayout.Route route : layout.routes()) {
			List<DagLayout.Point> points = route.points();
			for (int k = 1; k < points.size(); k += 2) {
				segments.add(new double[] { points.get(k - 1).y(), points.get(k - 1).x(), points.get(k).x() });
			}
		}
		long crossings = 0;
		for (int i = 0; i < segments.size(); i++) {
			for (int j = i + 1; j < segments.size(); j++) {
				double[] s = segments.get(i);
				double[] t = segments.get(j);
				if (s[0] == t[0] && (s[1] - t[1]) * (s[2] - t[2]) < 0) {
					crossings++;
				}
			}
		}
		return crossings;
	}

	static Offset<Double> within() {
		return Offset.offset(0.11);
	}

	static String text(Element parent, String tag) {
		return parent.getElementsByTagNameNS("*", tag).item(0).getTextContent();
	}

	/** Points along a path of M, L and C commands, 40 for each curve and line. */
	static List<double[]> sample(String d) {
		List<double[]> points = new ArrayList<>();
		Matcher command = Pattern.compile("([MLC])([^MLC]*)").matcher(d);
		double[] current = null;
		while (command.find()) {
			String[] pairs = command.group(2).trim().split(" ");
			double[][] p = new double[pairs.length][];
			for (int i = 0; i < pairs.length; i++) {
				String[] xy = pairs[i].split(",");
				p[i] = new double[] { Double.parseDouble(xy[0]), Double.parseDouble(xy[1]) };
			}
			switch (command.group(1)) {
				case "M" -> current = p[0];
				case "L" -> {
					for (int s = 0; s <= 40; s++) {
						double t = s / 40.0;
						points.add(new double[] { current[0] + t * (p[0][0] - current[0]),
								current[1] + t * (p[0][1] - current[1]) });
					}
					current = p[0];
				}
				default -> {
					for (int s = 0; s <= 40; s++) {
						double t = s / 40.0;
						double u = 1 - t;
						double[] point = new double[2];
						for (int axis = 0; axis < 2; axis++) {
							point[axis] = u * u * u * current[axis] + 3 * u * u * t * p[0][axis]
									+ 3 * u * t * t * p[1][axis] + t * t * t * p[2][axis];
						}
						points.add(point);
					}
					current = p[2];
				}
			}
		}
		return points;
	}

	record Rect(double x, double y, double width, double height) {

		double centerX() {
			return this.x + this.width / 2;
		}

		/** Strictly inside, a pixel in from the border where an edge starts or ends. */
		boolean holds(double[] point) {
			return point[0] > this.x + 1 && point[0] < this.x + this.width - 1 && point[1] > this.y + 1
					&& point[1] < this.y + this.height - 1;
		}

		boolean overlaps(Rect other) {
			return this.x < other.x + other.width && other.x < this.x + this.width && this.y < other.y + other.height
					&& other.y < this.y + this.height;
		}

	}

	/** A parsed drawing, with its boxes and edges found by the node ids they carry. */
	record Drawing(Document document) {

		static Drawing of(String svg) {
			try {
				DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
				factory.setNamespaceAware(true);
				factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
				return new Drawing(factory.newDocumentBuilder()
					.parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8))));
			}
			catch (Exception ex) {
				throw new AssertionError("Not well-formed XML: " + ex.getMessage() + "\n" + svg, ex);
			}
		}

		Element node(String id) {
			NodeList groups = this.document.getElementsByTagNameNS("*", "g");
			for (int i = 0; i < groups.getLength(); i++) {
				Element group = (Element) groups.item(i);
				if (group.hasAttribute("data-node") && group.getAttribute("data-node").equals(id)) {
					return group;
				}
			}
			throw new AssertionError("No node " + id);
		}

		Rect rect(String id) {
			Element rect = (Element) node(id).getElementsByTagNameNS("*", "rect").item(0);
			return new Rect(Double.parseDouble(rect.getAttribute("x")), Double.parseDouble(rect.getAttribute("y")),
					Double.parseDouble(rect.getAttribute("width")), Double.parseDouble(rect.getAttribute("height")));
		}

		Map<String, Rect> rects() {
			Map<String, Rect> rects = new LinkedHashMap<>();
			NodeList groups = this.document.getElementsByTagNameNS("*", "g");
			for (int i = 0; i < groups.getLength(); i++) {
				Element group = (Element) groups.item(i);
				if (group.hasAttribute("data-node")) {
					rects.put(group.getAttribute("data-node"), rect(group.getAttribute("data-node")));
				}
			}
			return rects;
		}

		Element pathElement(String from, String to) {
			NodeList paths = this.document.getElementsByTagNameNS("*", "path");
			for (int i = 0; i < paths.getLength(); i++) {
				Element path = (Element) paths.item(i);
				if (path.getAttribute("data-from").equals(from) && path.getAttribute("data-to").equals(to)) {
					return path;
				}
			}
			throw new AssertionError("No edge " + from + " -> " + to);
		}

		String path(String from, String to) {
			return pathElement(from, to).getAttribute("d");
		}

		/**
		 * Each edge that has a sampled point inside a box, as "from -> to through id".
		 */
		List<String> edgeThroughABox() {
			Map<String, Rect> rects = rects();
			List<String> through = new ArrayList<>();
			NodeList paths = this.document.getElementsByTagNameNS("*", "path");
			for (int i = 0; i < paths.getLength(); i++) {
				Element path = (Element) paths.item(i);
				if (!path.hasAttribute("data-from")) {
					continue;
				}
				List<double[]> points = sample(path.getAttribute("d"));
				for (Map.Entry<String, Rect> rect : rects.entrySet()) {
					if (points.stream().anyMatch(rect.getValue()::holds)) {
						through.add(path.getAttribute("data-from") + " -> " + path.getAttribute("data-to") + " through "
								+ rect.getKey());
					}
				}
			}
			return through;
		}

		List<String> overlappingBoxes() {
			List<Map.Entry<String, Rect>> rects = new ArrayList<>(rects().entrySet());
			List<String> overlapping = new ArrayList<>();
			for (int i = 0; i < rects.size(); i++) {
				for (int j = i + 1; j < rects.size(); j++) {
					if (rects.get(i).getValue().overlaps(rects.get(j).getValue())) {
						overlapping.add(rects.get(i).getKey() + " and " + rects.get(j).getKey());
					}
				}
			}
			return overlapping;
		}

	}

}
