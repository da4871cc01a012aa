package dev.slipway.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** A plain HTTP client for tests that talk to a running server like any other client. */
public final class HttpProbe {

	private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	private final String authorization;

	private final Map<String, String> headers;

	/** An anonymous client of the server at {@code base}. */
	public HttpProbe(String base) {
		this(base, null, Map.of());
	}

	private HttpProbe(String base, String authorization, Map<String, String> headers) {
		this.base = base;
		this.authorization = authorization;
		this.headers = headers;
	}

	/**
	 * The same client sending {@code name: value} with every request, as a reverse proxy
	 * in front of the server would add it.
	 */
	public HttpProbe header(String name, String value) {
		Map<String, String> headers = new LinkedHashMap<>(this.headers);
		headers.put(name, value);
		return new HttpProbe(this.base, this.authorization, headers);
	}

	/**
	 * The same client sending HTTP Basic credentials, as MLFLOW_TRACKING_USERNAME does.
	 */
	public HttpProbe basic(String username, String password) {
		String pair = username + ":" + password;
		return new HttpProbe(this.base,
				"Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)), this.headers);
	}

	/** The same client sending an API token, as MLFLOW_TRACKING_TOKEN does. */
	public HttpProbe bearer(String token) {
		return new HttpProbe(this.base, "Bearer " + token, this.headers);
	}

	/** The same client without credentials. */
	public HttpProbe anonymous() {
		return new HttpProbe(this.base, null, this.headers);
	}

	/** GET {@code path} asking for {@code accept}; the body is read as text. */
	public HttpResponse<String> get(String path, String accept) {
		return send(request(path).header("Accept", accept).GET().build());
	}

	/** GET {@code path} as a JSON client. */
	public HttpResponse<String> getJson(String path) {
		return get(path, "application/json");
	}

	/** {@code method} with a JSON body, as MLflow clients send POST, PATCH and DELETE. */
	public HttpResponse<String> sendJson(String method, String path, String json) {
		return send(request(path).header("Content-Type", "application/json")
			.header("Accept", "application/json")
			.method(method, HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	/** POST a JSON body. */
	public HttpResponse<String> postJson(String path, String json) {
		return sendJson("POST", path, json);
	}

	/** PUT raw bytes. */
	public HttpResponse<String> put(String path, byte[] body, String contentType) {
		return send(request(path).header("Content-Type", contentType)
			.PUT(HttpRequest.BodyPublishers.ofByteArray(body))
			.build());
	}

	/** POST raw bytes. */
	public HttpResponse<String> post(String path, byte[] body, String contentType) {
		return send(request(path).header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build());
	}

	/** A request without a body for {@code method}. */
	public HttpResponse<String> send(String method, String path) {
		return send(request(path).header("Accept", "application/json")
			.method(method, HttpRequest.BodyPublishers.noBody())
			.build());
	}

	private HttpRequest.Builder request(String path) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(30));
		if (this.authorization != null) {
			builder.header("Authorization", this.authorization);
		}
		this.headers.forEach(builder::header);
		return builder;
	}

	private static HttpResponse<String> send(HttpRequest request) {
		try {
			return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
