package dev.slipway.pipelines.web;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Where each step of a pipeline graph goes, drawn top to bottom in the layered manner of
 * Sugiyama et al.: layers by the longest path from the sources, a chain of dummy vertices
 * for each edge that skips layers (so it is routed between the boxes, never through one),
 * crossings reduced by barycenter sweeps with adjacent swaps (from a few starting orders,
 * keeping the best), and x coordinates that pull each vertex towards its neighbours
 * without breaking the order. Every step is a bounded number of passes over the vertices
 * and edges, and nothing depends on hash order, so the same graph always gets the same
 * layout.
 */
final class DagLayout {

	static final double NODE_WIDTH = 180;

	static final double NODE_HEIGHT = 48;

	/** The room a long edge takes where it passes a layer. */
	static final double DUMMY_WIDTH = 16;

	static final double GAP_X = 28;

	static final double GAP_Y = 56;

	static final double MARGIN = 16;

	/** Enough for the graphs of pipelines; a sweep costs about O(vertices + edges). */
	private static final int SWEEPS = 24;

	/** Sweeps without a better order after which a start is given up. */
	private static final int PATIENCE = 6;

	/** Orders to sweep from: the given one, two depth-first ones, shuffles. */
	private static final int STARTS = 8;

	/** Swaps of neighbours within one sweep; bounded so the cost stays linear. */
	private static final int TRANSPOSE_ROUNDS = 4;

	private static final int PLACEMENT_PASSES = 8;

	/** Dummies weigh more in the placement, so that long edges run straight. */
	private static final double DUMMY_WEIGHT = 2;

	/** A box in the drawing's coordinates, its corner at top left. */
	record Box(double x, double y, double width, double height) {

		double centerX() {
			return this.x + this.width / 2;
		}

	}

	/** A point in the drawing's coordinates. */
	record Point(double x, double y) {

	}

	/**
	 * The way an edge is drawn: from the bottom of its source through the place of each
	 * dummy (where it enters and where it leaves that layer) to the top of its target.
	 */
	record Route(DagEdge edge, List<Point> points) {

	}

	private final List<DagNode> nodes;

	private final Map<String, Integer> index;

	/**
	 * The layer of each vertex: the nodes first, in the order given, then the dummies.
	 */
	private final int[] layer;

	private final int[][] up;

	private final int[][] down;

	/** The vertices of each layer, left to right. */
	private int[][] order;

	private final int[] pos;

	private final double[] x;

	private final List<DagEdge> edges;

	private final List<int[]> chains;

	private final long crossings;

	private final double width;

	private final double height;

	private DagLayout(List<DagNode> nodes, List<DagEdge> edges) {
		this.nodes = List.copyOf(nodes);
		this.index = indexOf(this.nodes);
		this.edges = distinct(edges, this.index);
		int n = this.nodes.size();
		int[] nodeLayer = layers(n, this.edges, this.index, this.nodes);
		List<Integer> layerOfVertex = new ArrayList<>();
		for (int l : nodeLayer) {
			layerOfVertex.add(l);
		}
		List<List<Integer>> upList = new ArrayList<>();
		List<List<Integer>> downList = new ArrayList<>();
		for (int v = 0; v < n; v++) {
			upList.add(new ArrayList<>());
			downList.add(new ArrayList<>());
		}
		this.chains = new ArrayList<>();
		for (DagEdge edge : this.edges) {
			int from = this.index.get(edge.from());
			int to = this.index.get(edge.to());
			int[] chain = new int[nodeLayer[to] - nodeLayer[from] + 1];
			chain[0] = from;
			for (int k = 1; k < chain.length - 1; k++) {
				chain[k] = layerOfVertex.size();
				layerOfVertex.add(nodeLayer[from] + k);
				upList.add(new ArrayList<>());
				downList.add(new ArrayList<>());
			}
			chain[chain.length - 1] = to;
			for (int k = 0; k + 1 < chain.length; k++) {
				downList.get(chain[k]).add(chain[k + 1]);
				upList.get(chain[k + 1]).add(chain[k]);
			}
			this.chains.add(chain);
		}
		int vertices = layerOfVertex.size();
		this.layer = layerOfVertex.stream().mapToInt(Integer::intValue).toArray();
		this.up = upList.stream().map((l) -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
		this.down = downList.stream()
			.map((l) -> l.stream().mapToInt(Integer::intValue).toArray())
			.toArray(int[][]::new);
		int layers = Arrays.stream(nodeLayer).max().orElse(-1) + 1;
		int[] sizes = new int[layers];
		for (int v = 0; v < vertices; v++) {
			sizes[this.layer[v]]++;
		}
		this.order = new int[layers][];
		for (int l = 0; l < layers; l++) {
			this.order[l] = new int[sizes[l]];
		}
		this.pos = new int[vertices];
		int[] filled = new int[layers];
		for (int v = 0; v < vertices; v++) {
			int l = this.layer[v];
			this.pos[v] = filled[l];
			this.order[l][filled[l]++] = v;
		}
		this.crossings = reduceCrossings();
		this.x = new double[vertices];
		place();
		double right = 0;
		for (int v = 0; v < vertices; v++) {
			right = Math.max(right, this.x[v] + widthOf(v) / 2);
		}
		this.width = (vertices == 0) ? 2 * MARGIN : right + MARGIN;
		this.height = (layers == 0) ? 2 * MARGIN : 2 * MARGIN + layers * NODE_HEIGHT + (layers - 1) * GAP_Y;
	}

	/**
	 * Lays out a graph.
	 * @throws IllegalArgumentException when two nodes share an id, an edge names an
	 * unknown node, or the edges form a cycle
	 */
	static DagLayout of(List<DagNode> nodes, List<DagEdge> edges) {
		return new DagLayout(nodes, edges);
	}

	List<DagNode> nodes() {
		return this.nodes;
	}

	/** The edges, each once, in the order first given. */
	List<DagEdge> edges() {
		return this.edges;
	}

	double width() {
		return this.width;
	}

	double height() {
		return this.height;
	}

	/** The number of edge crossings left between adjacent layers. */
	long crossings() {
		return this.crossings;
	}

	int layerOf(String id) {
		return this.layer[vertex(id)];
	}

	Box box(String id) {
		int v = vertex(id);
		return new Box(this.x[v] - NODE_WIDTH / 2, top(this.layer[v]), NODE_WIDTH, NODE_HEIGHT);
	}

	List<Route> routes() {
		List<Route> routes = new ArrayList<>();
		for (int e = 0; e < this.edges.size(); e++) {
			int[] chain = this.chains.get(e);
			List<Point> points = new ArrayList<>();
			int source = chain[0];
			points.add(new Point(this.x[source], top(this.layer[source]) + NODE_HEIGHT));
			for (int k = 1; k < chain.length - 1; k++) {
				double top = top(this.layer[chain[k]]);
				points.add(new Point(this.x[chain[k]], top));
				points.add(new Point(this.x[chain[k]], top + NODE_HEIGHT));
			}
			int target = chain[chain.length - 1];
			points.add(new Point(this.x[target], top(this.layer[target])));
			routes.add(new Route(this.edges.get(e), List.copyOf(points)));
		}
		return routes;
	}

	private int vertex(String id) {
		Integer v = this.index.get(id);
		if (v == null) {
			throw new IllegalArgumentException("No node " + id);
		}
		return v;
	}

	private static double top(int layer) {
		return MARGIN + layer * (NODE_HEIGHT + GAP_Y);
	}

	private double widthOf(int v) {
		return (v < this.nodes.size()) ? NODE_WIDTH : DUMMY_WIDTH;
	}

	private static Map<String, Integer> indexOf(List<DagNode> nodes) {
		Map<String, Integer> index = new HashMap<>();
		for (int v = 0; v < nodes.size(); v++) {
			if (index.putIfAbsent(nodes.get(v).id(), v) != null) {
				throw new IllegalArgumentException("Two nodes are named " + nodes.get(v).id());
			}
		}
		return index;
	}

	private static List<DagEdge> distinct(List<DagEdge> edges, Map<String, Integer> index) {
		Set<DagEdge> distinct = new LinkedHashSet<>();
		for (DagEdge edge : edges) {
			for (String end : List.of(edge.from(), edge.to())) {
				if (!index.containsKey(end)) {
					throw new IllegalArgumentException("An edge names an unknown node: " + end);
				}
			}
			distinct.add(edge);
		}
		return List.copyOf(distinct);
	}

	/**
	 * The layer of each node: 0 for a source, else one below the lowest of its
	 * predecessors, found in topological order (Kahn's, which also finds cycles).
	 */
	private static int[] layers(int n, List<DagEdge> edges, Map<String, Integer> index, List<DagNode> nodes) {
		List<List<Integer>> successors = new ArrayList<>();
		for (int v = 0; v < n; v++) {
			successors.add(new ArrayList<>());
		}
		int[] indegree = new int[n];
		for (DagEdge edge : edges) {
			int from = index.get(edge.from());
			int to = index.get(edge.to());
			successors.get(from).add(to);
			indegree[to]++;
		}
		int[] layer = new int[n];
		Deque<Integer> ready = new ArrayDeque<>();
		for (int v = 0; v < n; v++) {
			if (indegree[v] == 0) {
				ready.add(v);
			}
		}
		int done = 0;
		while (!ready.isEmpty()) {
			int v = ready.poll();
			done++;
			for (int w : successors.get(v)) {
				layer[w] = Math.max(layer[w], layer[v] + 1);
				if (--indegree[w] == 0) {
					ready.add(w);
				}
			}
		}
		if (done < n) {
			List<String> inCycle = new ArrayList<>();
			for (int v = 0; v < n && inCycle.size() < 10; v++) {
				if (indegree[v] > 0) {
					inCycle.add(nodes.get(v).id());
				}
			}
			throw new IllegalArgumentException("The edges form a cycle through some of " + inCycle);
		}
		return layer;
	}

	/**
	 * The order with the fewest crossings found by sweeping from several starts: the
	 * order given (kept as it is when nothing crosses), two depth-first orders (which
	 * keep chains together), the second from the vertices with fewest edges, so that it
	 * walks a long path from one end, then a few shuffles from fixed seeds. Barycenter
	 * sweeps can get stuck where the graph folds back on itself; another start often does
	 * not.
	 */
	private long reduceCrossings() {
		long best = sweep();
		int[][] bestOrder = copy(this.order);
		for (int start = 1; start < STARTS && best > 0; start++) {
			if (start == 1) {
				depthFirstOrder(Comparator.naturalOrder());
			}
			else if (start == 2) {
				depthFirstOrder(Comparator.comparingInt((Integer v) -> this.up[v].length + this.down[v].length)
					.thenComparing(Comparator.naturalOrder()));
			}
			else {
				shuffle(new Random(start));
			}
			long crossings = sweep();
			if (crossings < best) {
				best = crossings;
				bestOrder = copy(this.order);
			}
		}
		this.order = bestOrder;
		positions();
		return best;
	}

	/**
	 * Sweeps down and up from the current order, each vertex moved to the barycenter of
	 * its neighbours in the layer just placed, then neighbours swapped where that removes
	 * crossings; leaves the best order seen and returns its crossings.
	 */
	private long sweep() {
		long best = countCrossings();
		int[][] bestOrder = copy(this.order);
		int sinceBest = 0;
		for (int sweep = 0; sweep < SWEEPS && best > 0 && sinceBest < PATIENCE; sweep++) {
			boolean downwards = sweep % 2 == 0;
			if (downwards) {
				for (int l = 1; l < this.order.length; l++) {
					sortByBarycenter(l, this.up);
				}
			}
			else {
				for (int l = this.order.length - 2; l >= 0; l--) {
					sortByBarycenter(l, this.down);
				}
			}
			transpose();
			long crossings = countCrossings();
			sinceBest++;
			if (crossings < best) {
				best = crossings;
				bestOrder = copy(this.order);
				sinceBest = 0;
			}
		}
		this.order = bestOrder;
		positions();
		return best;
	}

	private void positions() {
		for (int[] vertices : this.order) {
			for (int i = 0; i < vertices.length; i++) {
				this.pos[vertices[i]] = i;
			}
		}
	}

	/**
	 * Each layer in the order a depth-first walk over the edges in both directions
	 * reaches its vertices, starting from each vertex not yet reached in the order given.
	 */
	private void depthFirstOrder(Comparator<Integer> roots) {
		boolean[] seen = new boolean[this.pos.length];
		int[] filled = new int[this.order.length];
		Deque<Integer> stack = new ArrayDeque<>();
		List<Integer> sorted = new ArrayList<>();
		for (int v = 0; v < this.pos.length; v++) {
			sorted.add(v);
		}
		sorted.sort(roots);
		for (int root : sorted) {
			stack.push(root);
			while (!stack.isEmpty()) {
				int v = stack.pop();
				if (seen[v]) {
					continue;
				}
				seen[v] = true;
				this.order[this.layer[v]][filled[this.layer[v]]++] = v;
				// pushed in reverse, so the first neighbour is walked first
				for (int i = this.up[v].length - 1; i >= 0; i--) {
					stack.push(this.up[v][i]);
				}
				for (int i = this.down[v].length - 1; i >= 0; i--) {
					stack.push(this.down[v][i]);
				}
			}
		}
		positions();
	}

	private void shuffle(Random random) {
		for (int[] vertices : this.order) {
			for (int i = vertices.length - 1; i > 0; i--) {
				int j = random.nextInt(i + 1);
				int swap = vertices[i];
				vertices[i] = vertices[j];
				vertices[j] = swap;
			}
		}
		positions();
	}

	/**
	 * Orders a layer by the mean position of each vertex's neighbours in the adjacent
	 * layer; a vertex without any there keeps its own position as its key. The sort is
	 * stable, so ties keep the current order.
	 */
	private void sortByBarycenter(int l, int[][] neighbours) {
		int[] vertices = this.order[l];
		double[] key = new double[vertices.length];
		for (int i = 0; i < vertices.length; i++) {
			int[] adjacent = neighbours[vertices[i]];
			if (adjacent.length == 0) {
				key[i] = i;
			}
			else {
				double sum = 0;
				for (int w : adjacent) {
					sum += this.pos[w];
				}
				key[i] = sum / adjacent.length;
			}
		}
		Integer[] sorted = new Integer[vertices.length];
		for (int i = 0; i < sorted.length; i++) {
			sorted[i] = i;
		}
		Arrays.sort(sorted, (a, b) -> Double.compare(key[a], key[b]));
		int[] before = vertices.clone();
		for (int i = 0; i < sorted.length; i++) {
			vertices[i] = before[sorted[i]];
			this.pos[vertices[i]] = i;
		}
	}

	/** Swaps neighbours in a layer while that lowers the crossings of their edges. */
	private void transpose() {
		boolean improved = true;
		for (int round = 0; round < TRANSPOSE_ROUNDS && improved; round++) {
			improved = false;
			for (int[] vertices : this.order) {
				for (int i = 0; i + 1 < vertices.length; i++) {
					int v = vertices[i];
					int w = vertices[i + 1];
					if (betterSwapped(v, w)) {
						vertices[i] = w;
						vertices[i + 1] = v;
						this.pos[w] = i;
						this.pos[v] = i + 1;
						improved = true;
					}
				}
			}
		}
	}

	/**
	 * Whether {@code w} left of {@code v} crosses fewer edges than {@code v} left of
	 * {@code w}, counted over both adjacent layers.
	 */
	private boolean betterSwapped(int v, int w) {
		long[] counts = new long[2];
		count(this.up[v], this.up[w], counts);
		count(this.down[v], this.down[w], counts);
		return counts[1] < counts[0];
	}

	/**
	 * Adds the crossings with v left of w to counts[0], with w left of v to counts[1].
	 */
	private void count(int[] ofV, int[] ofW, long[] counts) {
		for (int a : ofV) {
			for (int b : ofW) {
				if (this.pos[a] > this.pos[b]) {
					counts[0]++;
				}
				else if (this.pos[a] < this.pos[b]) {
					counts[1]++;
				}
			}
		}
	}

	/**
	 * All crossings: for each pair of adjacent layers, the inversions among the lower
	 * ends of the edges ordered by their upper ends (counted with a Fenwick tree).
	 */
	private long countCrossings() {
		long crossings = 0;
		int[] ends = new int[16];
		for (int l = 0; l + 1 < this.order.length; l++) {
			int lowerSize = this.order[l + 1].length;
			long[] tree = new long[lowerSize + 1];
			long seen = 0;
			for (int v : this.order[l]) {
				int degree = this.down[v].length;
				if (ends.length < degree) {
					ends = new int[degree];
				}
				for (int i = 0; i < degree; i++) {
					ends[i] = this.pos[this.down[v][i]];
				}
				Arrays.sort(ends, 0, degree);
				for (int k = 0; k < degree; k++) {
					long atMost = 0;
					for (int i = ends[k] + 1; i > 0; i -= i & -i) {
						atMost += tree[i];
					}
					crossings += seen - atMost;
				}
				// added after the whole group: edges from one vertex never cross each
				// other
				for (int k = 0; k < degree; k++) {
					for (int i = ends[k] + 1; i <= lowerSize; i += i & -i) {
						tree[i]++;
					}
					seen++;
				}
			}
		}
		return crossings;
	}

	private static int[][] copy(int[][] order) {
		int[][] copy = new int[order.length][];
		for (int l = 0; l < order.length; l++) {
			copy[l] = order[l].clone();
		}
		return copy;
	}

	/**
	 * The x of each vertex: each layer packed and centred, then passes down and up that
	 * move every vertex towards the mean x of its neighbours (the last pass looks both
	 * ways), each layer solved as the closest placement that keeps its order and spacing.
	 */
	private void place() {
		for (int[] vertices : this.order) {
			double total = -GAP_X;
			for (int v : vertices) {
				total += widthOf(v) + GAP_X;
			}
			double left = -total / 2;
			for (int v : vertices) {
				this.x[v] = left + widthOf(v) / 2;
				left += widthOf(v) + GAP_X;
			}
		}
		for (int pass = 0; pass < PLACEMENT_PASSES; pass++) {
			boolean last = pass == PLACEMENT_PASSES - 1;
			boolean downwards = pass % 2 == 0;
			for (int step = 0; step < this.order.length; step++) {
				int l = (downwards || last) ? step : this.order.length - 1 - step;
				int[] vertices = this.order[l];
				double[] desired = new double[vertices.length];
				for (int i = 0; i < vertices.length; i++) {
					int v = vertices[i];
					double sum = 0;
					int count = 0;
					if (downwards || last) {
						for (int w : this.up[v]) {
							sum += this.x[w];
							count++;
						}
					}
					if (!downwards || last) {
						for (int w : this.down[v]) {
							sum += this.x[w];
							count++;
						}
					}
					desired[i] = (count == 0) ? this.x[v] : sum / count;
				}
				closestPlacement(vertices, desired);
			}
		}
		straightenLongEdges();
		double left = Double.MAX_VALUE;
		for (int v = 0; v < this.x.length; v++) {
			left = Math.min(left, this.x[v] - widthOf(v) / 2);
		}
		for (int v = 0; v < this.x.length; v++) {
			this.x[v] += MARGIN - left;
		}
	}

	/**
	 * Puts the dummies of each long edge in one column where its neighbours leave room,
	 * so the edge runs straight down instead of wavering between them: at the mean of
	 * their x, else under its source, over its target, or at one of the dummies' x.
	 */
	private void straightenLongEdges() {
		for (int[] chain : this.chains) {
			if (chain.length < 4) {
				continue;
			}
			double sum = 0;
			for (int k = 1; k < chain.length - 1; k++) {
				sum += this.x[chain[k]];
			}
			List<Double> candidates = new ArrayList<>();
			candidates.add(sum / (chain.length - 2));
			candidates.add(this.x[chain[0]]);
			candidates.add(this.x[chain[chain.length - 1]]);
			for (int k = 1; k < chain.length - 1; k++) {
				candidates.add(this.x[chain[k]]);
			}
			for (double candidate : candidates) {
				if (fitsColumn(chain, candidate)) {
					for (int k = 1; k < chain.length - 1; k++) {
						this.x[chain[k]] = candidate;
					}
					break;
				}
			}
		}
	}

	private boolean fitsColumn(int[] chain, double column) {
		for (int k = 1; k < chain.length - 1; k++) {
			int d = chain[k];
			int[] vertices = this.order[this.layer[d]];
			int i = this.pos[d];
			if (i > 0) {
				int left = vertices[i - 1];
				if (this.x[left] + (widthOf(left) + DUMMY_WIDTH) / 2 + GAP_X > column) {
					return false;
				}
			}
			if (i + 1 < vertices.length) {
				int right = vertices[i + 1];
				if (this.x[right] - (widthOf(right) + DUMMY_WIDTH) / 2 - GAP_X < column) {
					return false;
				}
			}
		}
		return true;
	}

	/**
	 * Places a layer's vertices as near their desired x as they can be, in the least
	 * squares sense, keeping order and spacing: with the spacing subtracted this is an
	 * isotonic regression, solved exactly by pooling adjacent violators.
	 */
	private void closestPlacement(int[] vertices, double[] desired) {
		int count = vertices.length;
		double[] offset = new double[count];
		for (int i = 1; i < count; i++) {
			offset[i] = offset[i - 1] + (widthOf(vertices[i - 1]) + widthOf(vertices[i])) / 2 + GAP_X;
		}
		double[] mean = new double[count];
		double[] weight = new double[count];
		int[] start = new int[count];
		int blocks = 0;
		for (int i = 0; i < count; i++) {
			double w = (vertices[i] < this.nodes.size()) ? 1 : DUMMY_WEIGHT;
			mean[blocks] = desired[i] - offset[i];
			weight[blocks] = w;
			start[blocks] = i;
			blocks++;
			while (blocks > 1 && mean[blocks - 2] > mean[blocks - 1]) {
				double total = weight[blocks - 2] + weight[blocks - 1];
				mean[blocks - 2] = (mean[blocks - 2] * weight[blocks - 2] + mean[blocks - 1] * weight[blocks - 1])
						/ total;
				weight[blocks - 2] = total;
				blocks--;
			}
		}
		for (int b = 0; b < blocks; b++) {
			int end = (b + 1 < blocks) ? start[b + 1] : count;
			for (int i = start[b]; i < end; i++) {
				this.x[vertices[i]] = mean[b] + offset[i];
			}
		}
	}

	/** The node ids in each layer, left to right (for tests and debugging). */
	List<List<String>> layersOfIds() {
		List<List<String>> layers = new ArrayList<>();
		for (int[] vertices : this.order) {
			List<String> ids = new ArrayList<>();
			for (int v : vertices) {
				if (v < this.nodes.size()) {
					ids.add(this.nodes.get(v).id());
				}
			}
			layers.add(ids);
		}
		return layers;
	}

}
