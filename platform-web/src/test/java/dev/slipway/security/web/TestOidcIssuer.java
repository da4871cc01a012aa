package dev.slipway.security.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A minimal OpenID Connect provider for tests, on a random local port: discovery, keys,
 * an authorization endpoint that approves at once for the person the test chose, a token
 * endpoint issuing RS256 ID tokens, and user info. Confidential client with
 * {@code client_secret_basic} only.
 */
final class TestOidcIssuer implements AutoCloseable {

	static final String CLIENT_ID = "slipway-test";

	static final String CLIENT_SECRET = "test-secret-0123456789";

	private final HttpServer server;

	private final String issuer;

	private final RSAKey key;

	private final AtomicReference<Map<String, Object>> nextPerson = new AtomicReference<>();

	private final AtomicBoolean refuseNextToken = new AtomicBoolean();

	private final Map<String, Grant> codes = new ConcurrentHashMap<>();

	private final Map<String, Map<String, Object>> accessTokens = new ConcurrentHashMap<>();

	private final SecureRandom random = new SecureRandom();

	private TestOidcIssuer() throws IOException, JOSEException {
		this.key = new RSAKeyGenerator(2048).keyID("test-key").generate();
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.issuer = "http://127.0.0.1:" + this.server.getAddress().getPort();
		this.server.createContext("/.well-known/openid-configuration", this::discovery);
		this.server.createContext("/jwks", this::keys);
		this.server.createContext("/authorize", this::authorize);
		this.server.createContext("/token", this::token);
		this.server.createContext("/userinfo", this::userInfo);
		this.server.start();
	}

	/** A started issuer; close it when done. */
	static TestOidcIssuer start() {
		try {
			return new TestOidcIssuer();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The issuer identifier, which is also its base address. */
	String uri() {
		return this.issuer;
	}

	/**
	 * Chooses who the next authorization approves: {@code sub} plus whatever claims the
	 * test wants in the ID token and user info.
	 */
	void signInNextAs(String subject, Map<String, Object> claims) {
		Map<String, Object> person = new LinkedHashMap<>(claims);
		person.put("sub", subject);
		this.nextPerson.set(person);
	}

	/** Makes the next token request fail, as a provider with a problem would. */
	void refuseNextTokenRequest() {
		this.refuseNextToken.set(true);
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	private void discovery(HttpExchange exchange) throws IOException {
		Map<String, Object> metadata = new LinkedHashMap<>();
		metadata.put("issuer", this.issuer);
		metadata.put("authorization_endpoint", this.issuer + "/authorize");
		metadata.put("token_endpoint", this.issuer + "/token");
		metadata.put("userinfo_endpoint", this.issuer + "/userinfo");
		metadata.put("jwks_uri", this.issuer + "/jwks");
		metadata.put("response_types_supported", List.of("code"));
		metadata.put("subject_types_supported", List.of("public"));
		metadata.put("id_token_signing_alg_values_supported", List.of("RS256"));
		metadata.put("grant_types_supported", List.of("authorization_code"));
		metadata.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic"));
		metadata.put("scopes_supported", List.of("openid", "profile", "email"));
		json(exchange, 200, metadata);
	}

	private void keys(HttpExchange exchange) throws IOException {
		json(exchange, 200, new JWKSet(this.key.toPublicJWK()).toJSONObject());
	}

	private void authorize(HttpExchange exchange) throws IOException {
		Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
		Map<String, Object> person = this.nextPerson.get();
		if (!CLIENT_ID.equals(query.get("client_id")) || !"code".equals(query.get("response_type")) || person == null) {
			json(exchange, 400, Map.of("error", "invalid_request"));
			return;
		}
		String code = randomValue();
		this.codes.put(code, new Grant(person, query.get("nonce"), query.get("redirect_uri"), query.get("scope")));
		String location = query.get("redirect_uri") + "?code=" + code + "&state="
				+ URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Location", location);
		exchange.sendResponseHeaders(302, -1);
		exchange.close();
	}

	private void token(HttpExchange exchange) throws IOException {
		Map<String, String> body;
		try (InputStream in = exchange.getRequestBody()) {
			body = form(new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
		if (!clientAuthenticated(exchange.getRequestHeaders().getFirst("Authorization"))) {
			json(exchange, 401, Map.of("error", "invalid_client"));
			return;
		}
		Grant grant = this.codes.remove(Objects.requireNonNullElse(body.get("code"), ""));
		if (grant == null || this.refuseNextToken.getAndSet(false)
				|| !"authorization_code".equals(body.get("grant_type"))
				|| !Objects.equals(grant.redirectUri(), body.get("redirect_uri"))) {
			json(exchange, 400, Map.of("error", "invalid_grant"));
			return;
		}
		String accessToken = randomValue();
		this.accessTokens.put(accessToken, grant.person());
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("access_token", accessToken);
		answer.put("token_type", "Bearer");
		answer.put("expires_in", 300);
		answer.put("scope", grant.scope());
		answer.put("id_token", idToken(grant));
		json(exchange, 200, answer);
	}

	private void userInfo(HttpExchange exchange) throws IOException {
		String authorization = exchange.getRequestHeaders().getFirst("Authorization");
		Map<String, Object> person = (authorization != null && authorization.startsWith("Bearer "))
				? this.accessTokens.get(authorization.substring("Bearer ".length())) : null;
		if (person == null) {
			json(exchange, 401, Map.of("error", "invalid_token"));
			return;
		}
		json(exchange, 200, person);
	}

	private String idToken(Grant grant) {
		Instant now = Instant.now();
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(this.issuer)
			.audience(CLIENT_ID)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(300)));
		grant.person().forEach(claims::claim);
		if (grant.nonce() != null) {
			claims.claim("nonce", grant.nonce());
		}
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(this.key.getKeyID()).type(JOSEObjectType.JWT).build(),
				claims.build());
		try {
			jwt.sign(new RSASSASigner(this.key));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

	private static boolean clientAuthenticated(String authorization) {
		if (authorization == null || !authorization.startsWith("Basic ")) {
			return false;
		}
		String decoded = new String(Base64.getDecoder().decode(authorization.substring("Basic ".length())),
				StandardCharsets.UTF_8);
		int colon = decoded.indexOf(':');
		return colon > 0 && CLIENT_ID.equals(URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8))
				&& CLIENT_SECRET.equals(URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8));
	}

	private static Map<String, String> form(String encoded) {
		Map<String, String> values = new HashMap<>();
		if (encoded == null || encoded.isEmpty()) {
			return values;
		}
		for (String pair : encoded.split("&")) {
			int equals = pair.indexOf('=');
			String name = (equals < 0) ? pair : pair.substring(0, equals);
			String value = (equals < 0) ? "" : pair.substring(equals + 1);
			values.put(URLDecoder.decode(name, StandardCharsets.UTF_8),
					URLDecoder.decode(value, StandardCharsets.UTF_8));
		}
		return values;
	}

	private String randomValue() {
		byte[] bytes = new byte[24];
		this.random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static void json(HttpExchange exchange, int status, Map<String, ?> body) throws IOException {
		byte[] bytes = JSONObjectUtils.toJSONString(body).getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.getResponseHeaders().add("Cache-Control", "no-store");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	/** An authorization code waiting to be exchanged. */
	private record Grant(Map<String, Object> person, String nonce, String redirectUri, String scope) {
	}

}
