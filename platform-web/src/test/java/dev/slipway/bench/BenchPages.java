package dev.slipway.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser session for the page benchmark: signs in through the form (the CSRF token of
 * the sign-in page, then the session cookie) and reads pages as a signed-in user would.
 */
final class BenchPages {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]*)\"");

	private final HttpClient client = HttpClient.newBuilder()
		.cookieHandler(new CookieManager())
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final String baseUrl;

	private String csrf;

	private BenchPages(String baseUrl) {
		this.baseUrl = baseUrl;
	}

	/** A session signed in through the sign-in form. */
	static BenchPages signIn(String baseUrl, String username, String password) {
		BenchPages pages = new BenchPages(baseUrl);
		pages.get("/login");
		HttpResponse<String> answer = pages.post("/login", "username", username, "password", password);
		String location = answer.headers().firstValue("Location").orElse("");
		if (answer.statusCode() != 302 || location.contains("error")) {
			throw new IllegalStateException("Sign-in failed: " + answer.statusCode() + " " + location);
		}
		return pages;
	}

	/** GETs a page as HTML; anything but 200 fails. */
	String get(String path) {
		HttpResponse<String> answer = send(
				HttpRequest.newBuilder(URI.create(this.baseUrl + path)).header("Accept", "text/html").GET());
		if (answer.statusCode() != 200) {
			throw new IllegalStateException(path + " answered " + answer.statusCode());
		}
		return answer.body();
	}

	/** POSTs a form with the CSRF token of the last page read. */
	HttpResponse<String> post(String path, String... fields) {
		List<String> pairs = new ArrayList<>();
		for (int i = 0; i < fields.length; i += 2) {
			pairs.add(encode(fields[i]) + "=" + encode(fields[i + 1]));
		}
		if (this.csrf != null) {
			pairs.add("_csrf=" + encode(this.csrf));
		}
		return send(HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.header("Accept", "text/html")
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(String.join("&", pairs))));
	}

	static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		HttpResponse<String> answer;
		try {
			answer = this.client.send(request.timeout(Duration.ofSeconds(60)).build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		Matcher token = CSRF.matcher(answer.body());
		if (token.find()) {
			this.csrf = token.group(1);
		}
		return answer;
	}

}
