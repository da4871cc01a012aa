package dev.slipway.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
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

/**
 * A browser in a test: keeps its cookies, does not follow redirects, and sends the CSRF
 * token of the last page it read with its forms, as a real browser posting a real form
 * would.
 */
final class Browser {

	private static final HttpClient CLIENT = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private static final Pattern CSRF = Pattern.compile("<input[^>]*name=\"_csrf\"[^>]*>");

	private static final Pattern VALUE = Pattern.compile("value=\"([^\"]*)\"");

	private final String base;

	private final Map<String, String> cookies = new LinkedHashMap<>();

	private String csrfToken;

	Browser(int port) {
		this.base = "http://localhost:" + port;
	}

	/** A page as the browser received it. */
	record Page(int status, String body, java.net.http.HttpHeaders headers) {

		String location() {
			return this.headers.firstValue("Location")
				.map((value) -> value.replaceFirst("^https?://[^/]+", ""))
				.orElse(null);
		}

		String header(String name) {
			return this.headers.firstValue(name).orElse(null);
		}

		/** The text of the element with {@code id}. */
		String textOf(String id) {
			Matcher matcher = Pattern.compile("id=\"" + id + "\"[^>]*>([^<]*)<").matcher(this.body);
			return matcher.find() ? matcher.group(1).trim() : null;
		}

	}

	Page get(String path, String... headers) {
		HttpRequest.Builder request = request(path).header("Accept", "text/html").GET();
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return send(request);
	}

	/** Posts a form with the CSRF token of the last page read. */
	Page post(String path, String... fields) {
		List<String> all = new ArrayList<>(List.of(fields));
		if (this.csrfToken != null) {
			all.add("_csrf");
			all.add(this.csrfToken);
		}
		return postRaw(path, all.toArray(String[]::new));
	}

	/** Posts a form without any CSRF token, as a forged cross-site form would. */
	Page postWithoutCsrf(String path, String... fields) {
		return postRaw(path, fields);
	}

	/** Reads {@code path} to pick up its form's CSRF token, then posts the form. */
	Page submit(String formPage, String action, String... fields) {
		Page page = get(formPage);
		if (page.status() != 200) {
			throw new IllegalStateException(formPage + " answered " + page.status());
		}
		return post(action, fields);
	}

	/** Signs in through the form; the answer is the redirect after the attempt. */
	Page signIn(String username, String password) {
		return submit("/login", "/login", "username", username, "password", password);
	}

	/** The session cookie, or null. */
	String session() {
		return this.cookies.get("SLIPWAY_SESSION");
	}

	private Page postRaw(String path, String... fields) {
		Map<String, String> form = new LinkedHashMap<>();
		for (int i = 0; i < fields.length; i += 2) {
			form.put(fields[i], fields[i + 1]);
		}
		String body = form.entrySet()
			.stream()
			.map((field) -> encode(field.getKey()) + "=" + encode(field.getValue()))
			.collect(Collectors.joining("&"));
		return send(request(path).header("Accept", "text/html")
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	private HttpRequest.Builder request(String path) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(30));
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
			String[] parts = header.split(";");
			int equals = parts[0].indexOf('=');
			String name = parts[0].substring(0, equals).trim();
			String value = parts[0].substring(equals + 1).trim();
			boolean expired = header.toLowerCase().contains("max-age=0") || value.isEmpty();
			if (expired) {
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

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

}
