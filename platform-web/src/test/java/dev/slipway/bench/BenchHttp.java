package dev.slipway.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * MLflow's REST API over one shared JDK HTTP client (HTTP/1.1 keep-alive, as MLflow's
 * Python client talks to a tracking server). Any answer but 200 fails the benchmark.
 */
final class BenchHttp {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	private final String baseUrl;

	private final String authorization;

	BenchHttp(String baseUrl, String authorization) {
		this.baseUrl = baseUrl;
		this.authorization = authorization;
	}

	/** The same client sending another Authorization header. */
	BenchHttp as(String otherAuthorization) {
		return new BenchHttp(this.baseUrl, otherAuthorization);
	}

	/** POSTs a JSON body and returns the answer's body. */
	String post(String path, byte[] body) {
		HttpRequest request = authorized(HttpRequest.newBuilder(URI.create(this.baseUrl + path)))
			.timeout(Duration.ofMinutes(2))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
		return send(request);
	}

	/**
	 * Sends {@code method} with a body of {@code contentType} and returns the answer's
	 * body.
	 */
	String send(String method, String path, HttpRequest.BodyPublisher body, String contentType) {
		HttpRequest request = authorized(HttpRequest.newBuilder(URI.create(this.baseUrl + path)))
			.timeout(Duration.ofMinutes(30))
			.header("Content-Type", contentType)
			.method(method, body)
			.build();
		return send(request);
	}

	JsonNode post(String path, String body) {
		return parse(post(path, body.getBytes(StandardCharsets.UTF_8)));
	}

	/** GETs {@code pathAndQuery} and returns the answer's body. */
	String get(String pathAndQuery) {
		HttpRequest request = authorized(HttpRequest.newBuilder(URI.create(this.baseUrl + pathAndQuery)))
			.timeout(Duration.ofMinutes(2))
			.GET()
			.build();
		return send(request);
	}

	/**
	 * A server without authentication (a plain MLflow server) gets no Authorization
	 * header.
	 */
	private HttpRequest.Builder authorized(HttpRequest.Builder builder) {
		return (this.authorization != null) ? builder.header("Authorization", this.authorization) : builder;
	}

	static JsonNode parse(String json) {
		return JSON.readTree(json);
	}

	static String json(Object value) {
		return JSON.writeValueAsString(value);
	}

	private String send(HttpRequest request) {
		HttpResponse<String> response;
		try {
			response = this.client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		if (response.statusCode() / 100 != 2) {
			String body = response.body();
			throw new AssertionError(request.method() + " " + request.uri().getPath() + " answered "
					+ response.statusCode() + ": " + body.substring(0, Math.min(body.length(), 500)));
		}
		return response.body();
	}

}
