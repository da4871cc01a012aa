package dev.slipway.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser session without a browser, for tests of the pages over real HTTP: keeps
 * cookies, does not follow redirects, and posts forms with the CSRF token of the last
 * page it read.
 */
public final class PageSession {

	private static final HttpClient CLIENT = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern CSRF = Pattern.compile("<input[^>]*name=\"_csrf\"[^>]*>");

	private static final Pattern VALUE = Pattern.compile("value=\"([^\"]*)\"");

	private final List<String> bases;

	private int sent;

	private final Map<String, String> cookies = new LinkedHashMap<>();

	private final Map<String, String> headers = new LinkedHashMap<>();

	private String csrfToken;

	/** A session of nobody yet on the server at {@code localhost:port}. */
	public PageSession(int port) {
		this(new int[] { port });
	}

	private PageSession(int[] ports) {
		this.bases = java.util.Arrays.stream(ports).mapToObj((port) -> "http://localhost:" + port).toList();
	}

	/**
	 * A browser behind a round-robin load balancer: each request goes to the next of the
	 * servers at {@code ports}, with the same cookies.
	 */
	public static PageSession roundRobin(int... ports) {
		return new PageSession(ports);
	}

	/**
	 * Sends {@code name: value} with every request from now on, as a reverse proxy in
	 * front of the server would add it.
	 */
	public PageSession header(String name, String value) {
		this.headers.put(name, value);
		return this;
	}

	/** A session signed in through the sign-in form; fails the test if it is refused. */
	public static PageSession signedIn(int port, String username, String password) {
		PageSession session = new PageSession(port);
		Page answer = session.signIn(username, password);
		assertThat(answer.status()).as("sign-in of %s: %s", username, answer.body()).isEqualTo(302);
		assertThat(answer.location()).as("sign-in of %s", username).isNotNull().doesNotContain("error");
		return session;
	}

	/** A session of the test servers' first admin. */
	public static PageSession admin(int port) {
		return signedIn(port, TestAdmin.USERNAME, TestAdmin.PASSWORD);
	}

	/**
	 * An answer as the browser received it.
	 *
	 * @param status the HTTP status
	 * @param body the body as text
	 * @param headers the headers
	 */
	public record Page(int status, String body, HttpHeaders headers) {

		/** Where a redirect points, as a path. */
		public String location() {
			return this.headers.firstValue("Location")
				.map((value) -> value.replaceFirst("^https?://[^/]+", ""))
				.orElse(null);
		}

		/** A header's first value, or null. */
		public String header(String name) {
			return this.headers.firstValue(name).orElse(null);
		}

		/** The text of the element with {@code id}. */
		public String textOf(String id) {
			Matcher matcher = Pattern.compile("id=\"" + id + "\"[^>]*>([^<]*)<").matcher(this.body);
			return matcher.find() ? matcher.group(1).trim() : null;
		}

		/** The href of the link with {@code id}, unescaped. */
		public String link(String id) {
			Matcher matcher = Pattern.compile("<a href=\"([^\"]*)\"[^>]*id=\"" + id + "\"").matcher(this.body);
			assertThat(matcher.find()).as("link " + id).isTrue();
			return matcher.group(1).replace("&amp;", "&");
		}

	}

	/** GETs a page as a browser does; {@code headers} are extra name, value pairs. */
	public Page get(String path, String... headers) {
		HttpRequest.Builder request = request(path).header("Accept", "text/html").GET();
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return send(request);
	}

	/** GETs one of the JSON routes behind the pages. */
	public Page json(String path) {
		return send(request(path).header("Accept", "application/json").GET());
	}

	/** GETs a JSON route that must answer 200, and reads its body. */
	public JsonNode jsonOk(String path) {
		Page page = json(path);
		assertThat(page.status()).as(page.body()).isEqualTo(200);
		return JSON.readTree(page.body());
	}

	/** Posts a form (name, value pairs) with the CSRF token of the last page read. */
	public Page post(String path, String... fields) {
		List<String> all = new ArrayList<>(List.of(fields));
		if (this.csrfToken != null) {
			all.add("_csrf");
			all.add(this.csrfToken);
		}
		return postWithoutCsrf(path, all.toArray(String[]::new));
	}

	/** Posts a form without any CSRF token, as a forged cross-site form would. */
	public Page postWithoutCsrf(String path, String... fields) {
		List<String> pairs = new ArrayList<>();
		for (int i = 0; i < fields.length; i += 2) {
			pairs.add(encode(fields[i]) + "=" + encode(fields[i + 1]));
		}
		return send(request(path).header("Accept", "text/html")
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(String.join("&", pairs))));
	}

	/** Reads {@code formPage} to pick up its form's CSRF token, then posts the form. */
	public Page submit(String formPage, String action, String... fields) {
		Page page = get(formPage);
		if (page.status() != 200) {
			throw new IllegalStateException(formPage + " answered " + page.status());
		}
		return post(action, fields);
	}

	/** Signs in through the form; the answer is the redirect after the attempt. */
	public Page signIn(String username, String password) {
		return submit("/login", "/login", "username", username, "password", password);
	}

	/** The session cookie, or null. */
	public String session() {
		return this.cookies.get("SLIPWAY_SESSION");
	}

	/** A query parameter value, encoded. */
	public static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

	private HttpRequest.Builder request(String path) {
		String base = this.bases.get(this.sent++ % this.bases.size());
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
		this.headers.forEach(request::header);
		if (!this.cookies.isEmpty()) {
			request.header("Cookie",
					this.cookies.entrySet()
						.stream()
						.map((cookie) -> cookie.getKey() + "=" + cookie.getValue())
						.collect(Collectors.joining("; ")));
		}
		return request;
	}

	private Page send(HttpRequest.Builder request) {
		HttpResponse<String> response;
		try {
			response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		for (String header : response.headers().allValues("Set-Cookie")) {
			String pair = header.split(";")[0];
			int equals = pair.indexOf('=');
			String name = pair.substring(0, equals).trim();
			String value = pair.substring(equals + 1).trim();
			if (value.isEmpty() || header.toLowerCase().contains("max-age=0")) {
				this.cookies.remove(name);
			}
			else {
				this.cookies.put(name, value);
			}
		}
		Matcher input = CSRF.matcher(response.body());
		if (input.find()) {
			Matcher value = VALUE.matcher(input.group());
			if (value.find()) {
				this.csrfToken = value.group(1);
			}
		}
		return new Page(response.statusCode(), response.body(), response.headers());
	}

}
