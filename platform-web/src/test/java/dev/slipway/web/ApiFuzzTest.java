package dev.slipway.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.api.MlflowErrors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every MLflow and native route the running server maps, fed what careless and hostile
 * clients send: malformed and truncated JSON, NUL characters, strings over the body
 * limit, numbers beyond 64 bits and doubles, deep nesting, every field of a valid example
 * with the wrong type, duplicate keys, invalid UTF-8, wrong media types, bad path
 * variables and query parameters, as an admin and anonymously. No answer may be a 5xx (a
 * deterministic failure is never one: MLflow clients retry those) or carry internal
 * detail (a stack trace, a class name, SQL, a server path), and every error answers the
 * catalogue's JSON.
 * <p>
 * The routes come from the server's own handler mappings, the valid examples from
 * {@code security/authorization-matrix.txt} (which has a row for every route). The cases
 * are a pure function of the seed, printed first; rerun them with
 * {@code -Dslipway.fuzz.seed=N}. Every failure is collected and reported together.
 */
@EmbeddedServer
// A context and database of its own: the cases create objects up to their limits (20
// global
// webhooks, say), which would refuse the same creation in tests that share a context.
@TestPropertySource(properties = "slipway.test.context=api-fuzz")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiFuzzTest {

	/** The seed when none is given, so CI runs the same cases every time. */
	static final long DEFAULT_SEED = 20_261_205L;

	/**
	 * Fewer routes than this means the enumeration broke, not that the API shrank: the
	 * test must not pass by testing nothing.
	 */
	private static final int MIN_ROUTES = 150;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String PASSWORD = "fuzz-password-1";

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)\\}");

	private static final Pattern VARIABLE = Pattern.compile("\\{\\*?([A-Za-z_]+)(:[^}]*)?\\}");

	/**
	 * What no answer may contain: stack traces, class and package names, SQL, drivers.
	 */
	private static final List<String> INTERNALS = List.of("Exception", "\tat ", "at dev.slipway", "org.springframework",
			"java.", "jakarta.", "tools.jackson", "com.fasterxml", "org.apache", "SQL", "jdbc", "org.h2",
			"org.postgresql", "Hibernate", "PSQL");

	/**
	 * Stack trace markers, checked in successful answers too (which echo stored data).
	 */
	private static final List<String> TRACES = List.of("\tat ", "at dev.slipway", "Exception:", "org.springframework");

	private static final String MARKER = "__fuzz_raw__";

	/** 10,000 levels: Jackson refuses beyond 500 (its default), so this must be a 400. */
	private static final int DEEP = 10_000;

	private static final HttpClient CLIENT = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	@Autowired
	Environment environment;

	private final Map<String, String> fixture = new LinkedHashMap<>();

	private String admin;

	private long unique;

	/** A route as the server maps it, with its example from the matrix, if any. */
	record Route(String method, String pattern, Example example) {

		boolean mlflow() {
			return MlflowErrors.isMlflowPath(this.pattern);
		}

		boolean ajax() {
			return this.pattern.startsWith("/ajax-api/");
		}

		boolean jsonBody() {
			return !this.method.equals("GET") && !this.pattern.startsWith("/api/2.0/mlflow-artifacts/artifacts");
		}

		/** Runs last: what succeeds here may remove the fixture other routes use. */
		boolean destructive() {
			return this.method.equals("DELETE")
					|| this.pattern.matches(".*/(delete|rename|revoke|abort|rollback|reject|cancel|approve)(/.*)?");
		}

	}

	/**
	 * A matrix row: the request with its placeholders, the body, and what an anonymous
	 * caller gets.
	 */
	record Example(String request, String body, String anonymous) {
	}

	/** One request to send and judge. */
	record Case(String name, String method, String path, String contentType, String accept, byte[] body,
			String authorization, Integer expected) {
	}

	/** A request whose answer broke a rule. */
	record Failure(String route, String kind, String request, int status, String excerpt) {

		@Override
		public String toString() {
			return this.route + " [" + this.kind + "] " + this.request + " → " + this.status + " " + this.excerpt;
		}

	}

	@BeforeAll
	void fixture() {
		String prefix = "fz" + Long.toString(System.currentTimeMillis(), 36);
		String basic = "Basic " + Base64.getEncoder()
			.encodeToString((TestAdmin.USERNAME + ":" + TestAdmin.PASSWORD).getBytes(StandardCharsets.UTF_8));
		// An admin of its own, so nothing the fuzz does to its account (a wrong current
		// password, a token revoked) reaches the test admin other classes sign in as.
		String adminName = prefix + "-admin";
		ok(basic, "POST", "/api/v1/users",
				"{\"username\": \"" + adminName + "\", \"role\": \"ADMIN\", \"password\": \"" + PASSWORD + "\"}");
		String adminBasic = "Basic "
				+ Base64.getEncoder().encodeToString((adminName + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
		this.admin = "Bearer "
				+ ok(adminBasic, "POST", "/api/v1/tokens", "{\"name\": \"fuzz\"}").get("secret").asString();
		String victim = prefix + "-victim";
		ok(this.admin, "POST", "/api/v1/users",
				"{\"username\": \"" + victim + "\", \"role\": \"VIEWER\", \"password\": \"" + PASSWORD + "\"}");
		this.fixture.put("user", victim);
		this.fixture.put("token",
				ok(this.admin, "POST", "/api/v1/tokens", "{\"name\": \"victim\"}").get("token").get("id").asString());
		String service = prefix + "-svc";
		ok(this.admin, "POST", "/api/v1/users",
				"{\"username\": \"" + service + "\", \"role\": \"EDITOR\", \"serviceAccount\": true}");
		this.fixture.put("service", service);
		this.fixture.put("service_token", service + "/tokens/"
				+ ok(this.admin, "POST", "/api/v1/tokens", "{\"name\": \"ci\", \"username\": \"" + service + "\"}")
					.get("token")
					.get("id")
					.asString());

		String experimentName = prefix + "-exp";
		String experiment = ok(this.admin, "POST", "/api/2.0/mlflow/experiments/create",
				"{\"name\": \"" + experimentName + "\"}")
			.get("experiment_id")
			.asString();
		this.fixture.put("exp", experiment);
		this.fixture.put("exp_name", experimentName);
		String run = ok(this.admin, "POST", "/api/2.0/mlflow/runs/create",
				"{\"experiment_id\": \"" + experiment + "\"}")
			.get("run")
			.get("info")
			.get("run_id")
			.asString();
		this.fixture.put("run", run);
		ok(this.admin, "POST", "/api/2.0/mlflow/runs/log-metric",
				"{\"run_id\": \"" + run + "\", \"key\": \"m\", \"value\": 1.5, \"timestamp\": 1, \"step\": 0}");
		this.fixture.put("model",
				ok(this.admin, "POST", "/api/2.0/mlflow/logged-models",
						"{\"experiment_id\": \"" + experiment + "\", \"name\": \"" + prefix + "-lm\"}")
					.get("model")
					.get("info")
					.get("model_id")
					.asString());
		String artifact = experiment + "/" + run + "/artifacts/fuzz.txt";
		send(new Case("fixture", "PUT", "/api/2.0/mlflow-artifacts/artifacts/" + artifact, "text/plain", "*/*",
				"content".getBytes(StandardCharsets.UTF_8), this.admin, null));
		this.fixture.put("artifact", artifact);
		this.fixture.put("artifact_name", "fuzz.txt");

		String model = prefix + "-rm";
		ok(this.admin, "POST", "/api/2.0/mlflow/registered-models/create", "{\"name\": \"" + model + "\"}");
		ok(this.admin, "POST", "/api/2.0/mlflow/model-versions/create",
				"{\"name\": \"" + model + "\", \"source\": \"runs:/" + run + "/model\", \"run_id\": \"" + run + "\"}");
		ok(this.admin, "POST", "/api/2.0/mlflow/registered-models/alias",
				"{\"name\": \"" + model + "\", \"alias\": \"mx\", \"version\": \"1\"}");
		this.fixture.put("rm", model);
		ok(this.admin, "POST", "/api/v1/deployments",
				"{\"name\": \"" + prefix + "-dep\", \"model\": \"" + model + "\", \"version\": \"1\"}");
		this.fixture.put("deployment", prefix + "-dep");
		this.fixture.put("request",
				ok(this.admin, "POST", "/api/v1/models/" + model + "/requests",
						"{\"version\": \"1\", \"target_kind\": \"ALIAS\", \"target\": \"champion\"}")
					.get("id")
					.asString());
		this.fixture.put("webhook", ok(this.admin, "POST", "/api/v1/models/" + model + "/webhooks",
				"{\"name\": \"fz\", \"url\": \"http://127.0.0.1:9/fz\", " + "\"events\": [\"model_version.created\"]}")
			.get("webhook")
			.get("id")
			.asString());
		String monitor = ok(this.admin, "POST", "/api/v1/models/" + model + "/monitors",
				"{\"name\": \"fz\", \"schema\": {\"columns\": [{\"name\": \"x\", \"kind\": \"numerical\"}]}}")
			.get("id")
			.asString();
		this.fixture.put("monitor", monitor);
		this.fixture.put("monitor_rule",
				monitor + "/alerts/" + ok(this.admin, "POST", "/api/v1/monitors/" + monitor + "/alerts",
						"{\"name\": \"fz\", \"metric\": \"dataset_drift\"}")
					.get("id")
					.asString());
		String pipeline = prefix + "-pipe";
		ok(this.admin, "POST", "/api/v1/pipelines",
				"{\"name\": \"" + pipeline + "\", \"steps\": [{\"name\": \"only\", \"command\": [\"true\"]}]}");
		this.fixture.put("pipeline", pipeline);
		this.fixture.put("prun",
				ok(this.admin, "POST", "/api/v1/pipelines/" + pipeline + "/runs", "{}").get("id").asString());
		ok(this.admin, "POST", "/api/v1/pipelines/" + pipeline + "/schedules",
				"{\"name\": \"fz\", \"cron\": \"@hourly\", \"enabled\": false}");
		this.fixture.put("pipeline_schedule", pipeline + "/schedules/fz");
		ok(this.admin, "POST", "/api/v1/pipelines/" + pipeline + "/triggers",
				"{\"name\": \"fz\", \"kind\": \"MODEL_VERSION\", \"source_name\": \"" + model + "\"}");
		this.fixture.put("pipeline_trigger", pipeline + "/triggers/fz");
	}

	@Test
	void noRouteAnswersAServerErrorOrInternalDetail() {
		long seed = Long.getLong("slipway.fuzz.seed", DEFAULT_SEED);
		System.out.println("[fuzz] seed " + seed + " (rerun: -Dslipway.fuzz.seed=" + seed + ")");
		Random random = new Random(seed);
		List<Route> routes = routes();
		assertThat(routes).as("API routes found in the handler mappings").hasSizeGreaterThanOrEqualTo(MIN_ROUTES);
		assertThat(routes).as("MLflow, MLflow UI and native routes")
			.anyMatch((route) -> route.pattern().startsWith("/api/2.0/mlflow/"))
			.anyMatch((route) -> route.pattern().startsWith("/api/2.0/mlflow-artifacts/"))
			.anyMatch(Route::ajax)
			.anyMatch((route) -> route.pattern().startsWith("/api/v1/"));

		long started = System.nanoTime();
		List<Failure> failures = new ArrayList<>();
		int requests = 0;
		for (Route route : routes) {
			for (Case fuzz : cases(route, random)) {
				requests++;
				check(route, fuzz, failures);
			}
		}
		long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
		System.out.println("[fuzz] " + routes.size() + " routes, " + requests + " requests in " + seconds + " s, "
				+ failures.size() + " failures (seed " + seed + ")");
		assertThat(failures)
			.as("answers that broke a rule (seed %d):%n%s", seed,
					String.join("\n", failures.stream().limit(300).map(Failure::toString).toList()))
			.isEmpty();
	}

	/**
	 * Every route under the MLflow and native prefixes, with each method it accepts:
	 * sorted, so the seed alone decides the cases, and destructive routes last.
	 */
	private List<Route> routes() {
		Map<String, Example> examples = examples();
		Map<String, Route> kept = new TreeMap<>();
		Map<String, Route> destructive = new TreeMap<>();
		for (ServedRoute served : ServedRoute.of(this.context)) {
			String pattern = served.pattern();
			if (!(pattern.startsWith("/api/") || pattern.startsWith("/ajax-api/") || pattern.equals("/health")
					|| pattern.equals("/version"))) {
				continue;
			}
			Collection<String> methods = served.methods().isEmpty() ? List.of("GET", "POST") : served.methods();
			for (String method : methods) {
				Route route = new Route(method, pattern, examples.get(method + " " + served.normalized()));
				(route.destructive() ? destructive : kept).put(pattern + " " + method, route);
			}
		}
		List<Route> routes = new ArrayList<>(kept.values());
		routes.addAll(destructive.values());
		return routes;
	}

	private List<Case> cases(Route route, Random random) {
		List<Case> cases = new ArrayList<>();
		String request = resolve(route);
		String path = request.contains("?") ? request.substring(0, request.indexOf('?')) : request;
		String query = request.contains("?") ? request.substring(request.indexOf('?') + 1) : "";
		String body = (route.example() != null && route.example().body() != null) ? resolve(route.example().body())
				: (route.jsonBody() ? "{}" : null);
		Integer anonymous = (route.example() != null && route.example().anonymous().equals("401")) ? 401 : null;
		String json = "application/json";

		// Anonymous and bad credentials: refused before the body is read.
		cases.add(new Case("anonymous", route.method(), request, json, json, bytes(body), null, anonymous));
		cases.add(new Case("anonymous, malformed body", route.method(), request, json, json, bytes("{\"a\": [1,"), null,
				anonymous));
		cases.add(new Case("garbage Basic credentials", route.method(), request, json, json, bytes(body),
				"Basic !!!not-base64", anonymous));
		cases.add(new Case("garbage token", route.method(), request, json, json, bytes(body),
				"Bearer slw_" + "x".repeat(300), anonymous));
		cases.add(new Case("Basic without a colon", route.method(), request, json, json, bytes(body),
				"Basic " + Base64.getEncoder().encodeToString("fuzz".getBytes(StandardCharsets.UTF_8)), anonymous));

		// The example itself, and wrong media types around it.
		cases.add(admin("valid example", route.method(), request, json, bytes(body)));
		// Not application/xml: the test classpath has an XML converter (through s3proxy)
		// that the packaged server has not.
		cases.add(new Case("Accept: image/png", route.method(), request, json, "image/png", bytes(body), this.admin,
				null));
		cases.add(new Case("Accept: text/html", route.method(), request, json, "text/html", bytes(body), this.admin,
				null));
		cases.add(new Case("Accept: garbage", route.method(), request, json, "x/y;q=bogus, ;;", bytes(body), this.admin,
				null));
		if (!route.method().equals("GET")) {
			for (String type : List.of("text/plain", "application/xml", "application/json; charset=bogus-charset",
					"multipart/form-data", "application/x-www-form-urlencoded", "garbage")) {
				cases.add(admin("Content-Type: " + type, route.method(), request, type, bytes(body)));
			}
			cases.add(admin("no Content-Type", route.method(), request, null, bytes(body)));
		}
		if (route.jsonBody()) {
			bodyCases(route, request, body, random, cases);
		}
		if (!route.ajax()) {
			pathCases(route, path, query, body, random, cases);
			queryCases(route, path, query, body, random, cases);
		}
		return cases;
	}

	private void bodyCases(Route route, String request, String body, Random random, List<Case> cases) {
		String method = route.method();
		String json = "application/json";
		cases.add(admin("empty body", method, request, json, new byte[0]));
		cases.add(admin("truncated", method, request, json, bytes(body.substring(0, body.length() - 1))));
		cases.add(admin("trailing garbage", method, request, json, bytes(body + "}}]garbage")));
		for (String top : List.of("[]", "\"text\"", "42", "null", "true", "[" + body + "]")) {
			cases.add(admin("top level " + abbreviate(top, 20), method, request, json, bytes(top)));
		}
		cases.add(admin("raw NUL byte", method, request, json, bytes("{\"a\u0000\": \"b\u0000\"}")));
		cases.add(admin("invalid UTF-8", method, request, json, concat(bytes("{\"name\": \""),
				new byte[] { (byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xFE }, bytes("\"}"))));
		cases.add(admin("invalid escape", method, request, json, bytes("{\"name\": \"\\uZZZZ\"}")));
		cases.add(admin(DEEP + " nested arrays", method, request, json, bytes("[".repeat(DEEP) + "]".repeat(DEEP))));
		cases.add(admin(DEEP + " nested objects", method, request, json,
				bytes("{\"a\":".repeat(DEEP) + "1" + "}".repeat(DEEP))));
		if (route.ajax()) {
			// The same handler as its /api twin, which gets every case below.
			return;
		}
		cases.add(admin("100,000-element array", method, request, json, bytes("[" + "0,".repeat(99_999) + "0]")));
		cases.add(admin("100,000-character key", method, request, json, bytes("{\"" + "k".repeat(100_000) + "\": 1}")));
		cases.add(admin("binary garbage", method, request, json, randomBytes(random, 512)));
		cases.add(admin("string holding broken JSON", method, request, json, bytes("\"{\\\"a\\\": [\"")));
		cases.add(admin("string holding JSON with NUL", method, request, json,
				bytes("\"{\\\"name\\\": \\\"a\\u0000\\\"}\"")));

		JsonNode example = parse(body);
		if (example == null) {
			return;
		}
		if (example.isObject() && !example.isEmpty()) {
			String first = example.propertyNames().iterator().next();
			cases.add(admin("duplicate key", method, request, json,
					bytes(body.substring(0, body.lastIndexOf('}')) + ", \"" + first + "\": [[]]}")));
			cases.add(admin("duplicate key first", method, request, json,
					bytes("{\"" + first + "\": {}, " + body.substring(body.indexOf('{') + 1))));
		}
		// Over the 1 MB body limit, in the first text field (or a field of its own).
		List<List<Object>> leaves = new ArrayList<>();
		paths(example, new ArrayList<>(), leaves);
		List<Object> firstText = leaves.stream()
			.filter((leaf) -> at(example, leaf).isString())
			.findFirst()
			.orElse(null);
		String huge = "\"" + "a".repeat(1_200_000) + "\"";
		cases.add(admin("1.2 MB string", method, request, json,
				bytes((firstText != null) ? replace(example, firstText, huge) : "{\"x\": " + huge + "}")));
		// Random byte flips of the valid body.
		for (int i = 0; i < 3; i++) {
			byte[] flipped = bytes(body);
			for (int f = 0; f < 3 && flipped.length > 0; f++) {
				flipped[random.nextInt(flipped.length)] = (byte) random.nextInt(256);
			}
			cases.add(admin("byte flips " + i, method, request, json, flipped));
		}
		// Every field, and every container, with every kind of wrong or extreme value.
		List<List<Object>> nodes = new ArrayList<>();
		allPaths(example, new ArrayList<>(), nodes);
		for (List<Object> node : nodes) {
			List<String> values = new ArrayList<>(values(at(example, node)));
			values.add(JSON.writeValueAsString(junk(random)));
			for (String value : values) {
				cases.add(admin(pathName(node) + " = " + abbreviate(value, 40), method, request, json,
						bytes(replace(example, node, value))));
			}
		}
		// Fields that searches and pages read, which the examples mostly leave out.
		if (example.isObject()) {
			for (String extra : extras()) {
				String merged = body.strip().equals("{}") ? "{" + extra + "}"
						: body.substring(0, body.lastIndexOf('}')) + ", " + extra + "}";
				cases.add(admin("extra " + abbreviate(extra, 50), method, request, json, bytes(merged)));
			}
		}
	}

	private void pathCases(Route route, String path, String query, String body, Random random, List<Case> cases) {
		String[] patternSegments = route.pattern().split("/", -1);
		String[] segments = path.split("/", -1);
		for (int i = 0; i < patternSegments.length; i++) {
			Matcher variable = VARIABLE.matcher(patternSegments[i]);
			if (!variable.matches()) {
				continue;
			}
			boolean catchAll = patternSegments[i].startsWith("{*");
			if (i >= segments.length || (!catchAll && patternSegments.length != segments.length)) {
				continue;
			}
			List<String> values = new ArrayList<>(
					List.of("%00", "a%00b", "99999999999999999999999", "-9223372036854775809", "9223372036854775807",
							"-1", "0", "1e400", "NaN", "-0", "..", "..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e",
							"%FF%FE%FD", "%C0%AF", "%ED%A0%80", "x".repeat(4000), "%20", "%27%22%3B--", "%E2%80%AE"));
			values.add(encode(junk(random)));
			if (catchAll) {
				values.add("../../../../etc/passwd");
				values.add("a/../../../" + segments[i]);
				values.add("/absolute");
			}
			for (String value : values) {
				String[] changed = segments.clone();
				String rest = catchAll ? "" : tail(segments, i + 1);
				changed[i] = value;
				String mutated = String.join("/", java.util.Arrays.copyOf(changed, i + 1)) + rest;
				String target = mutated + (query.isEmpty() ? "" : "?" + query);
				cases.add(admin("{" + variable.group(1) + "} = " + abbreviate(value, 30), route.method(), target,
						"application/json", bytes(body)));
			}
		}
	}

	private void queryCases(Route route, String path, String query, String body, Random random, List<Case> cases) {
		if (!route.method().equals("GET")) {
			return;
		}
		List<String> parameters = query.isEmpty() ? List.of() : List.of(query.split("&"));
		List<String> values = new ArrayList<>(List.of("%00", "a%00", "99999999999999999999999", "-1", "1e400", "NaN",
				"%FF%FE", "%ED%A0%80", "", "x".repeat(5000), "%27%22%3C%3E", "%5B%5D", "%7B%7D"));
		values.add(encode(junk(random)));
		for (int p = 0; p < parameters.size(); p++) {
			String name = parameters.get(p).split("=", 2)[0];
			for (String value : values) {
				List<String> changed = new ArrayList<>(parameters);
				changed.set(p, name + "=" + value);
				cases.add(admin(name + "=" + abbreviate(value, 30), "GET", path + "?" + String.join("&", changed),
						"application/json", null));
			}
			List<String> without = new ArrayList<>(parameters);
			without.remove(p);
			cases.add(admin("without " + name, "GET", path + (without.isEmpty() ? "" : "?" + String.join("&", without)),
					"application/json", null));
			cases.add(
					admin(name + " twice", "GET", path + "?" + query + "&" + name + "=%00x", "application/json", null));
		}
		for (String extra : List.of("max_results=99999999999999999999", "max_results=-5", "max_results=1e400",
				"max_results=NaN", "page_token=%00", "page_token=AAAA%21%21",
				"page_token=" + encode(Base64.getEncoder()
					.encodeToString("{\"offset\": 1e400, \"id\": -1}".getBytes(StandardCharsets.UTF_8))),
				"order_by=%27%3B%20DROP", "filter=" + "(".repeat(2000), "filter=name%20%3D%20%27unterminated",
				"filter=metrics.m%20%3E%2099999999999999999999999", "filter=attributes.start_time%20%3E%201e400",
				"view_type=BOGUS", "run_view_type=BOGUS", "experiment_ids=99999999999999999999", "%00=1",
				"status=BOGUS", "from=99999999999-01-01", "to=-1")) {
			cases.add(admin("query " + abbreviate(extra, 40), "GET",
					path + "?" + (query.isEmpty() ? "" : query + "&") + extra, "application/json", null));
		}
	}

	/**
	 * Raw JSON values put in place of a field of a valid example: every other JSON type,
	 * and the extremes of its own.
	 */
	private static List<String> values(JsonNode field) {
		List<String> values = new ArrayList<>(List.of("null", "true", "{}", "[]", "\"a\\u0000b\"", "1e400"));
		if (field.isString()) {
			values.addAll(List.of("\"\\u0000\"", "\"\\ud800x\"", "\"\\udfff\"", "123456789012345678901234567890",
					"\"" + "x".repeat(10_000) + "\"", JSON.writeValueAsString("[".repeat(DEEP) + "]".repeat(DEEP)),
					JSON.writeValueAsString("{\"a\": " + "[".repeat(DEEP)), "\"\"", "\" \""));
		}
		else if (field.isNumber()) {
			values.addAll(List.of("123456789012345678901234567890", "18446744073709551616", "-9223372036854775809",
					"9223372036854775807", "-9223372036854775808", "-1e400", "4.9e-325", "-0", "-0.0", "1.5", "\"NaN\"",
					"NaN", "\"-Infinity\"", "\"12abc\"", "\"99999999999999999999\""));
		}
		else if (field.isBoolean()) {
			values.addAll(List.of("\"maybe\"", "2", "\"TRUE\""));
		}
		else {
			values.addAll(List.of("\"x\"", "[null]", "{\"a\": [1, {\"b\": null}]}",
					"[" + "\"v\",".repeat(5_000) + "\"v\"]", "[".repeat(DEEP) + "]".repeat(DEEP)));
		}
		return values;
	}

	/** Fields that searches, pages and batches read. */
	private static List<String> extras() {
		return List.of("\"filter\": \"" + "(".repeat(2000) + "\"", "\"filter\": \"name = 'unterminated\"",
				"\"filter_string\": \"metrics.m > 99999999999999999999999\"",
				"\"filter\": \"attributes.start_time > 1e400\"", "\"page_token\": \"AAAA!!\"",
				"\"page_token\": \"eyJvZmZzZXQiOiAxZTQwMH0=\"", "\"max_results\": 99999999999999999999",
				"\"max_results\": -5", "\"order_by\": [\"x DESC NULLS\", \"\\u0000\"]", "\"run_view_type\": \"BOGUS\"",
				"\"experiment_ids\": [\"99999999999999999999\", \"\\u0000\"]",
				"\"metrics\": [{\"key\": \"m\", \"value\": 1e400, \"timestamp\": 99999999999999999999, \"step\": 1}]",
				"\"params\": [{\"key\": \"../../x\", \"value\": \"\\u0000\"}]",
				"\"tags\": [{\"key\": \"" + "k".repeat(300) + "\", \"value\": 1}]");
	}

	private void check(Route route, Case fuzz, List<Failure> failures) {
		String where = route.method() + " " + route.pattern();
		String request = fuzz.method() + " " + abbreviate(fuzz.path(), 160);
		HttpResponse<String> response;
		try {
			response = send(fuzz);
		}
		catch (UncheckedIOException ex) {
			failures.add(new Failure(where, fuzz.name(), request, 0, "no answer: " + ex.getCause()));
			return;
		}
		int status = response.statusCode();
		String answer = response.body();
		List<String> problems = new ArrayList<>();
		// 501 is the catalogue's "recognised but not offered" (multipart uploads on a
		// local
		// artifact store, as MLflow's own server answers): a promise, not a failure.
		boolean notImplemented = status == 501 && answer.contains("\"NOT_IMPLEMENTED\"");
		if (status >= 500 && !notImplemented) {
			problems.add("a server error");
		}
		if (fuzz.expected() != null && status != fuzz.expected()) {
			problems.add("expected " + fuzz.expected());
		}
		for (String internal : (status >= 400) ? internals() : TRACES) {
			if (answer.contains(internal)) {
				problems.add("internal detail '" + internal.strip() + "'");
			}
		}
		// A caller that accepts no JSON may get an error without a body (406, say).
		if (status >= 400 && fuzz.accept().equals("application/json")) {
			String code = errorCode(route, fuzz.path(), answer);
			if (code != null) {
				problems.add(code);
			}
		}
		if (!problems.isEmpty()) {
			failures.add(new Failure(where, fuzz.name() + ": " + String.join(", ", problems), request, status,
					abbreviate(answer.replace('\n', ' '), 300)));
		}
	}

	/** Why the error body is not the catalogue's JSON for the path, or {@code null}. */
	private static String errorCode(Route route, String path, String answer) {
		JsonNode body = parse(answer);
		if (body == null || !body.isObject()) {
			return "an error body that is not JSON";
		}
		boolean mlflow = MlflowErrors.isMlflowPath(path.startsWith("/") ? path : "/" + path) && route.mlflow();
		String field = mlflow ? "error_code" : "code";
		Set<String> codes = new LinkedHashSet<>();
		for (ErrorCode code : ErrorCode.values()) {
			codes.add(mlflow ? MlflowErrors.of(code).code() : code.name());
		}
		JsonNode code = body.get(field);
		if (code == null || !code.isString() || !codes.contains(code.asString())) {
			return "no catalogue '" + field + "'";
		}
		return null;
	}

	private List<String> internals() {
		List<String> internals = new ArrayList<>(INTERNALS);
		internals
			.add(Path.of(this.environment.getProperty("slipway.data-dir", "/no-data-dir")).toAbsolutePath().toString());
		internals.add(Path.of("").toAbsolutePath().toString());
		return internals;
	}

	private Case admin(String name, String method, String path, String contentType, byte[] body) {
		return new Case(name, method, path, contentType, "application/json", body, this.admin, null);
	}

	private HttpResponse<String> send(Case fuzz) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + fuzz.path()))
			.timeout(Duration.ofSeconds(30))
			.header("Accept", fuzz.accept());
		if (fuzz.contentType() != null) {
			request.header("Content-Type", fuzz.contentType());
		}
		if (fuzz.authorization() != null) {
			request.header("Authorization", fuzz.authorization());
		}
		request.method(fuzz.method(), (fuzz.body() == null) ? HttpRequest.BodyPublishers.noBody()
				: HttpRequest.BodyPublishers.ofByteArray(fuzz.body()));
		try {
			return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private JsonNode ok(String authorization, String method, String path, String body) {
		HttpResponse<String> response = send(new Case("fixture", method, path, "application/json", "application/json",
				bytes(body), authorization, null));
		assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 299);
		return JSON.readTree(response.body());
	}

	/**
	 * The examples of the authorization matrix, by method and pattern (the first row).
	 */
	private static Map<String, Example> examples() {
		String text;
		try (InputStream in = ApiFuzzTest.class.getResourceAsStream("/security/authorization-matrix.txt")) {
			text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Map<String, Example> examples = new LinkedHashMap<>();
		for (String line : text.split("\n")) {
			if (line.isBlank() || line.strip().startsWith("#")) {
				continue;
			}
			String[] cells = line.split("(?<!\\\\)\\|", -1);
			if (cells.length < 5) {
				continue;
			}
			String body = cells[3].strip();
			examples.putIfAbsent(cells[0].strip() + " " + cells[1].strip().replace("\\|", "|"),
					new Example(cells[2].strip(), body.isEmpty() ? null : body, cells[4].strip()));
		}
		return examples;
	}

	/** The route's example request with the fixture's ids, or the pattern filled in. */
	private String resolve(Route route) {
		String request = (route.example() != null) ? resolve(route.example().request())
				: VARIABLE.matcher(route.pattern()).replaceAll("x");
		if (route.ajax() && request.startsWith("/api/")) {
			request = "/ajax-api/" + request.substring("/api/".length());
		}
		return request;
	}

	private String resolve(String template) {
		Matcher matcher = PLACEHOLDER.matcher(template.replaceAll("mx-(viewer|editor|maintainer)", "{user}"));
		StringBuilder out = new StringBuilder();
		while (matcher.find()) {
			matcher.appendReplacement(out, Matcher.quoteReplacement(value(matcher.group(1))));
		}
		matcher.appendTail(out);
		return out.toString();
	}

	/**
	 * A matrix placeholder's value: the fixture's object of that kind ({@code rm_fresh}
	 * is the fixture's registered model).
	 */
	private String value(String placeholder) {
		if (placeholder.equals("unique")) {
			return "fz-" + (++this.unique);
		}
		if (placeholder.equals("password")) {
			return "not-the-password-1";
		}
		if (this.fixture.containsKey(placeholder)) {
			return this.fixture.get(placeholder);
		}
		for (String kind : List.of("monitor_rule", "exp", "run", "model", "rm", "artifact", "user", "service_token",
				"service", "token", "request", "webhook", "monitor", "pipeline_schedule", "pipeline_trigger", "prun",
				"pipeline", "deployment")) {
			if (placeholder.startsWith(kind + "_")) {
				return this.fixture.get(kind);
			}
		}
		throw new IllegalStateException("The matrix has a placeholder {" + placeholder
				+ "} this test does not know: give it a fixture value in ApiFuzzTest#value");
	}

	private static void paths(JsonNode node, List<Object> path, List<List<Object>> leaves) {
		if (node.isObject()) {
			for (Map.Entry<String, JsonNode> field : node.properties()) {
				paths(field.getValue(), plus(path, field.getKey()), leaves);
			}
		}
		else if (node.isArray()) {
			for (int i = 0; i < node.size(); i++) {
				paths(node.get(i), plus(path, i), leaves);
			}
		}
		else {
			leaves.add(path);
		}
	}

	/** Every node below the root: fields, containers and array items. */
	private static void allPaths(JsonNode node, List<Object> path, List<List<Object>> nodes) {
		if (!path.isEmpty()) {
			nodes.add(path);
		}
		if (node.isObject()) {
			for (Map.Entry<String, JsonNode> field : node.properties()) {
				allPaths(field.getValue(), plus(path, field.getKey()), nodes);
			}
		}
		else if (node.isArray()) {
			for (int i = 0; i < node.size(); i++) {
				allPaths(node.get(i), plus(path, i), nodes);
			}
		}
	}

	private static List<Object> plus(List<Object> path, Object step) {
		List<Object> longer = new ArrayList<>(path);
		longer.add(step);
		return longer;
	}

	private static JsonNode at(JsonNode root, List<Object> path) {
		JsonNode node = root;
		for (Object step : path) {
			node = (step instanceof Integer index) ? node.get(index) : node.get((String) step);
		}
		return node;
	}

	/** The example with the node at {@code path} replaced by the raw JSON {@code raw}. */
	private static String replace(JsonNode example, List<Object> path, String raw) {
		JsonNode copy = example.deepCopy();
		JsonNode parent = at(copy, path.subList(0, path.size() - 1));
		Object last = path.get(path.size() - 1);
		if (last instanceof Integer index) {
			((ArrayNode) parent).set(index, JSON.getNodeFactory().stringNode(MARKER));
		}
		else {
			((ObjectNode) parent).put((String) last, MARKER);
		}
		return JSON.writeValueAsString(copy).replace("\"" + MARKER + "\"", raw);
	}

	private static String pathName(List<Object> path) {
		StringBuilder name = new StringBuilder();
		for (Object step : path) {
			name.append((step instanceof Integer index) ? "[" + index + "]" : ((name.length() > 0) ? "." : "") + step);
		}
		return name.toString();
	}

	/** Random text: letters, controls, quotes, lone surrogates, right-to-left marks. */
	private static String junk(Random random) {
		String alphabet = "aZ9 _-./\\\"'<>{}[]%&?#;:\u0000\u0001\u007f\u00e9\u202e\ud800\udfff\u4e2d";
		StringBuilder junk = new StringBuilder();
		int length = 1 + random.nextInt(40);
		for (int i = 0; i < length; i++) {
			junk.append(alphabet.charAt(random.nextInt(alphabet.length())));
		}
		return junk.toString();
	}

	private static byte[] randomBytes(Random random, int length) {
		byte[] bytes = new byte[length];
		random.nextBytes(bytes);
		return bytes;
	}

	private static String encode(String text) {
		StringBuilder encoded = new StringBuilder();
		for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
			encoded.append('%').append(String.format("%02X", b & 0xff));
		}
		return encoded.toString();
	}

	private static String tail(String[] segments, int from) {
		StringBuilder tail = new StringBuilder();
		for (int i = from; i < segments.length; i++) {
			tail.append('/').append(segments[i]);
		}
		return tail.toString();
	}

	private static JsonNode parse(String text) {
		if (text == null || text.isBlank()) {
			return null;
		}
		try {
			return JSON.readTree(text);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static byte[] bytes(String text) {
		return (text == null) ? null : text.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] concat(byte[]... parts) {
		int length = 0;
		for (byte[] part : parts) {
			length += part.length;
		}
		byte[] all = new byte[length];
		int at = 0;
		for (byte[] part : parts) {
			System.arraycopy(part, 0, all, at, part.length);
			at += part.length;
		}
		return all;
	}

	private static String abbreviate(String text, int max) {
		return (text == null || text.length() <= max) ? text : text.substring(0, max) + "…";
	}

}
