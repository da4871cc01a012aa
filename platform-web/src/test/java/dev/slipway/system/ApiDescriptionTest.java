package dev.slipway.system;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import dev.slipway.error.ErrorCode;
import dev.slipway.testsupport.Requirement;
import dev.slipway.testsupport.Requires;
import dev.slipway.web.ChromeBrowser;
import dev.slipway.web.EmbeddedServer;
import dev.slipway.web.HttpProbe;
import dev.slipway.web.PageSession;
import dev.slipway.web.PageSession.Page;
import dev.slipway.web.TestAdmin;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI description of the native API, read over HTTP as its users read it: every
 * {@code /api/v1} route Spring MVC serves is described with its method, a tag, a summary
 * and its Problem Details errors, and nothing else is; only signed-in callers read it or
 * open Swagger UI, and Swagger UI renders under the pages' strict CSP.
 */
@EmbeddedServer
class ApiDescriptionTest {

	static final String DESCRIPTION = "/api/v1/openapi";

	static final String PROBLEM = "#/components/schemas/Problem";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Test
	void everyNativeRouteIsDescribedWithItsErrors() {
		JsonNode description = read(admin().getJson(DESCRIPTION));
		Set<String> served = nativeRoutes();
		assertThat(served).as("native routes served by Spring MVC").hasSizeGreaterThan(30);

		List<String> problems = new ArrayList<>();
		Set<String> described = new TreeSet<>();
		for (String path : description.get("paths").propertyNames()) {
			for (String method : description.get("paths").get(path).propertyNames()) {
				described.add(method.toUpperCase() + " " + path);
			}
		}
		assertThat(described).as("described operations").containsExactlyInAnyOrderElementsOf(served);

		for (String route : served) {
			String method = route.substring(0, route.indexOf(' '));
			String path = route.substring(route.indexOf(' ') + 1);
			JsonNode operation = description.get("paths").get(path).get(method.toLowerCase());
			if (!operation.has("summary") || operation.get("summary").asString().isBlank()) {
				problems.add(route + ": no summary");
			}
			if (!operation.has("tags") || operation.get("tags").isEmpty()) {
				problems.add(route + ": no tag");
			}
			JsonNode responses = operation.get("responses");
			List<String> expected = new ArrayList<>(List.of("401", "403", "503"));
			if (path.contains("{")) {
				expected.add("400");
				expected.add("404");
			}
			if (operation.has("requestBody")) {
				expected.add("400");
			}
			for (String status : expected) {
				if (!responses.has(status)) {
					problems.add(route + ": no " + status + " response");
				}
			}
			boolean success = false;
			for (String status : responses.propertyNames()) {
				if (status.startsWith("2")) {
					success = true;
				}
				if (status.startsWith("4") || status.startsWith("5")) {
					JsonNode schema = responses.get(status)
						.path("content")
						.path("application/problem+json")
						.path("schema");
					if (!PROBLEM.equals(schema.path("$ref").asString(null))) {
						problems.add(route + ": " + status + " is not a Problem");
					}
				}
			}
			if (!success) {
				problems.add(route + ": no success response");
			}
		}
		assertThat(problems).as("operations whose description is incomplete").isEmpty();

		JsonNode problem = description.get("components").get("schemas").get("Problem");
		List<String> codes = new ArrayList<>();
		problem.get("properties").get("code").get("enum").forEach((code) -> codes.add(code.asString()));
		assertThat(codes).containsExactlyElementsOf(Arrays.stream(ErrorCode.values()).map(Enum::name).toList());
		assertThat(description.get("components").get("securitySchemes").propertyNames()).contains("token", "password");
	}

	@Test
	void answersCarryTheDescribedPropertyNames() {
		HttpProbe admin = admin();
		String model = "described-" + System.nanoTime();
		assertThat(admin.postJson("/api/2.0/mlflow/registered-models/create", "{\"name\": \"" + model + "\"}")
			.statusCode()).isEqualTo(200);
		JsonNode description = read(admin.getJson(DESCRIPTION));
		JsonNode schemas = description.get("components").get("schemas");

		// A snake_case record (Jackson 3's @JsonNaming, which swagger-core cannot read).
		JsonNode policy = read(admin.getJson("/api/v1/models/" + model + "/policy"));
		JsonNode policySchema = schemas.get(answerSchema(description, "/api/v1/models/{name}/policy"));
		JsonNode ruleSchema = schemas.get(name(policySchema.get("properties").get("rules").get("items")));
		assertThat(policy.get("rules")).isNotEmpty();
		assertThat(ruleSchema.get("properties").propertyNames()).contains("target_kind", "approval_required")
			.containsAll(policy.get("rules").get(0).propertyNames());
		assertThat(policySchema.get("properties").propertyNames()).containsAll(policy.propertyNames());

		// A camelCase record.
		JsonNode me = read(admin.getJson("/api/v1/users/me"));
		assertThat(schemas.get(answerSchema(description, "/api/v1/users/me")).get("properties").propertyNames())
			.contains("mustChangePassword")
			.containsAll(me.propertyNames());
	}

	@Test
	void onlySignedInCallersReadTheDescription() {
		HttpProbe anonymous = new HttpProbe(base());
		for (String accept : List.of("application/json", "text/html")) {
			HttpResponse<String> refused = anonymous.get(DESCRIPTION, accept);
			assertThat(refused.statusCode()).as(accept).isEqualTo(401);
			assertThat(refused.body()).contains("UNAUTHENTICATED");
			assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
		}
		assertThat(anonymous.getJson(DESCRIPTION + "/swagger-config").statusCode()).isEqualTo(401);
		assertThat(anonymous.get(DESCRIPTION + ".yaml", "*/*").statusCode()).isEqualTo(401);
		assertThat(anonymous.basic(TestAdmin.USERNAME, "not-the-password").getJson(DESCRIPTION).statusCode())
			.isEqualTo(401);

		String token = read(admin().postJson("/api/v1/tokens", "{\"name\": \"describe\"}")).get("secret").asString();
		HttpResponse<String> withToken = anonymous.bearer(token).getJson(DESCRIPTION);
		assertThat(withToken.statusCode()).isEqualTo(200);
		assertThat(withToken.headers().firstValue("Set-Cookie")).as("a token caller gets no session").isEmpty();
		assertThat(anonymous.bearer(token).get(DESCRIPTION + ".yaml", "*/*").body()).startsWith("openapi:");

		PageSession browser = PageSession.admin(this.port);
		assertThat(read(browser.json(DESCRIPTION)).get("paths").has("/api/v1/system")).isTrue();
		assertThat(read(browser.json(DESCRIPTION + "/swagger-config")).get("url").asString()).isEqualTo(DESCRIPTION);
	}

	@Test
	void swaggerUiIsAPageForSignedInUsers() {
		PageSession anonymous = new PageSession(this.port);
		for (String page : List.of("/swagger-ui.html", "/swagger-ui/index.html",
				"/swagger-ui/swagger-initializer.js")) {
			Page refused = anonymous.get(page);
			assertThat(refused.status()).as(page).isEqualTo(302);
			assertThat(refused.location()).as(page).isEqualTo("/login");
		}
		assertThat(new HttpProbe(base()).getJson("/swagger-ui/index.html").statusCode()).isEqualTo(401);

		PageSession browser = PageSession.admin(this.port);
		Page entry = browser.get("/swagger-ui.html");
		assertThat(entry.status()).isEqualTo(302);
		assertThat(entry.location()).isEqualTo("/swagger-ui/index.html");
		Page index = browser.get(entry.location());
		assertThat(index.status()).isEqualTo(200);
		assertThat(index.header("Content-Security-Policy")).contains("script-src 'self'")
			.doesNotContain("unsafe-inline");
		// The CSP allows no inline script: each script the page runs is a file of its
		// own.
		assertThat(index.body()).contains("<script src=\"./swagger-initializer.js\"")
			.doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>");
		Page initializer = browser.get("/swagger-ui/swagger-initializer.js");
		assertThat(initializer.status()).isEqualTo(200);
		assertThat(initializer.body()).contains(DESCRIPTION + "/swagger-config");
		assertThat(browser.get("/swagger-ui/swagger-ui-bundle.js").status()).isEqualTo(200);
	}

	@Test
	@Requires(Requirement.CHROMIUM)
	void swaggerUiRendersEveryOperationUnderTheContentSecurityPolicy() {
		int operations = 0;
		JsonNode paths = read(admin().getJson(DESCRIPTION)).get("paths");
		for (String path : paths.propertyNames()) {
			operations += paths.get(path).size();
		}
		try (ChromeBrowser browser = ChromeBrowser.start(base())) {
			browser.signIn(TestAdmin.USERNAME, TestAdmin.PASSWORD);
			browser.open("/swagger-ui.html");
			browser.visible(By.cssSelector(".opblock"));
			int expected = operations;
			browser.until((driver) -> driver.findElements(By.cssSelector(".opblock")).size() == expected);
			assertThat(browser.driver().findElement(By.cssSelector(".info .title")).getText())
				.contains("Slipway native API");
			// An operation opened shows its parameters, responses and the Problem schema.
			browser.driver().findElement(By.cssSelector(".opblock .opblock-summary")).click();
			browser.visible(By.cssSelector(".opblock .opblock-body .responses-table"));
			assertThat(cspViolations(browser)).as("what the CSP refused").isEmpty();
		}
	}

	/** What the Content-Security-Policy refused, from the browser's console. */
	private static List<String> cspViolations(ChromeBrowser browser) {
		return browser.driver()
			.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.map(LogEntry::getMessage)
			.filter((message) -> message.contains("Content Security Policy"))
			.toList();
	}

	/** Every method and pattern Spring MVC serves under {@code /api/v1/}. */
	private Set<String> nativeRoutes() {
		Set<String> routes = new TreeSet<>();
		for (RequestMappingInfo info : this.mappings.getHandlerMethods().keySet()) {
			for (String pattern : info.getPatternValues()) {
				if (!pattern.startsWith("/api/v1/") || pattern.startsWith(DESCRIPTION)) {
					continue;
				}
				String path = pattern.replaceAll("\\{(\\w+):[^}]*}", "{$1}");
				if (info.getMethodsCondition().getMethods().isEmpty()) {
					// Described under no method: fails the comparison until it names one.
					routes.add("ANY " + path);
				}
				info.getMethodsCondition().getMethods().forEach((method) -> routes.add(method.name() + " " + path));
			}
		}
		return routes;
	}

	/** The schema name of the JSON answer of {@code GET path}. */
	private static String answerSchema(JsonNode description, String path) {
		return name(description.get("paths")
			.get(path)
			.get("get")
			.get("responses")
			.get("200")
			.get("content")
			.get("application/json")
			.get("schema"));
	}

	private static String name(JsonNode reference) {
		String ref = reference.get("$ref").asString();
		return ref.substring(ref.lastIndexOf('/') + 1);
	}

	private HttpProbe admin() {
		return TestAdmin.signedIn(new HttpProbe(base()));
	}

	private String base() {
		return "http://localhost:" + this.port;
	}

	private static JsonNode read(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.uri() + ": " + response.body()).isBetween(200, 299);
		return JSON.readTree(response.body());
	}

	private static JsonNode read(Page page) {
		assertThat(page.status()).as(page.body()).isEqualTo(200);
		return JSON.readTree(page.body());
	}

}
