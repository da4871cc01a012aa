package dev.slipway.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.CredentialsExpiredException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * Proves who a caller is: a user name and password (form sign-in and HTTP Basic), or an
 * API token (Bearer, or as the Basic password). Password attempts go through the
 * {@link SignInThrottle}, per user name and client address, whether or not the account
 * exists; every outcome is a security event.
 *
 * <p>
 * Not transactional on purpose: a failed attempt must be counted even though the attempt
 * itself fails.
 */
@Service
public class Authenticator {

	/** Password verifications are remembered this long, so Basic clients stay fast. */
	private static final long VERIFIED_TTL_MILLIS = 5 * 60_000;

	private static final int VERIFIED_MAX_ENTRIES = 10_000;

	private final UserRepository users;

	private final ApiTokenRepository tokens;

	private final PasswordEncoder encoder;

	private final SignInThrottle throttle;

	private final Clock clock;

	private final TokenCache cache;

	/** When this replica last recorded each token's use, so a cached token is not. */
	private final Map<Long, Long> touched = new ConcurrentHashMap<>();

	/**
	 * A hash to check against when the account does not exist, so timing tells nothing.
	 */
	private final String dummyHash;

	/**
	 * Successful Basic verifications by HMAC of name and password under a key that lives
	 * only in this process: a hit proves the same password was verified recently.
	 */
	private final Map<String, Verified> verified = new ConcurrentHashMap<>();

	private final byte[] cacheKey = new byte[32];

	private record Verified(long userId, long credentialsChangedAt, long expiresAt) {
	}

	Authenticator(UserRepository users, ApiTokenRepository tokens, PasswordEncoder encoder, SignInThrottle throttle,
			Clock clock, TokenCache cache) {
		this.cache = cache;
		this.users = users;
		this.tokens = tokens;
		this.encoder = encoder;
		this.throttle = throttle;
		this.clock = clock;
		this.dummyHash = encoder.encode(PasswordPolicy.oneTime());
		new SecureRandom().nextBytes(this.cacheKey);
	}

	/**
	 * Checks a user name and password. An unknown name costs the same work and gets the
	 * same answers as a wrong password, throttled alike.
	 * @param client the caller's address (behind a trusted proxy, the address it
	 * forwarded), for the throttle and the log
	 * @param method {@code session} for a form sign-in, {@code basic} for HTTP Basic
	 * @throws AuthenticationException BadCredentials (unknown user, wrong password, a
	 * service account), Disabled, or {@link LoginThrottledException}
	 */
	public SlipwayPrincipal password(String username, String password, String client, String method) {
		if (username == null || password == null || username.length() > 256 || password.length() > 1024) {
			throw new BadCredentialsException("Bad credentials");
		}
		if (ApiTokens.looksLikeToken(password)) {
			SlipwayPrincipal principal = token(password, client);
			if (principal.isInvokeOnly() && "session".equals(method)) {
				SecurityEvents.warn("login.failure",
						"user=" + principal.username() + " client=" + client + " reason=invoke_only_token");
				throw new BadCredentialsException("An invoke-only token cannot sign in");
			}
			return principal;
		}
		String name = Usernames.normalize(username);
		long now = this.clock.millis();
		SignInThrottle.Attempt attempt = this.throttle.begin(name, client, now);
		UserRepository.UserRow user = this.users.findByUsername(name)
			.filter((row) -> row.passwordHash() != null)
			.orElse(null);
		if (user == null) {
			this.encoder.matches(password, this.dummyHash);
			this.throttle.failed(attempt, now, "unknown_or_no_password");
			throw new BadCredentialsException("Bad credentials");
		}
		if (!verify(user, password, now)) {
			this.throttle.failed(attempt, now, "bad_password");
			throw new BadCredentialsException("Bad credentials");
		}
		if (!user.enabled()) {
			SecurityEvents.warn("login.failure", "user=" + name + " client=" + client + " reason=disabled");
			throw new DisabledException("The account is disabled");
		}
		this.throttle.succeeded(attempt);
		if ("session".equals(method) || user.lastLoginAt() == null || user.lastLoginAt() < now - 60_000) {
			this.users.recordLogin(user.id(), now);
		}
		if ("session".equals(method)) {
			SecurityEvents.log("login.success", "user=" + name + " client=" + client);
		}
		return user.toPrincipal(method);
	}

	/**
	 * Checks an API token.
	 * @throws AuthenticationException BadCredentials (unknown or revoked),
	 * CredentialsExpired, Disabled
	 */
	public SlipwayPrincipal token(String secret, String client) {
		ApiTokenRepository.TokenCheck token = check(secret);
		if (token == null) {
			SecurityEvents.warn("token.failure", "client=" + client + " reason=unknown");
			throw new BadCredentialsException("Invalid token");
		}
		long now = this.clock.millis();
		if (token.revokedAt() != null) {
			SecurityEvents.warn("token.failure", "token=" + token.id() + " client=" + client + " reason=revoked");
			throw new BadCredentialsException("The token has been revoked");
		}
		if (token.expiresAt() != null && token.expiresAt() <= now) {
			SecurityEvents.warn("token.failure", "token=" + token.id() + " client=" + client + " reason=expired");
			throw new CredentialsExpiredException("The token has expired");
		}
		if (!token.ownerEnabled()) {
			SecurityEvents.warn("token.failure", "token=" + token.id() + " client=" + client + " reason=disabled");
			throw new DisabledException("The account is disabled");
		}
		return used(token, now);
	}

	/**
	 * The principal of an API token that is valid now, exactly as {@link #token} would
	 * return it; empty, with nothing logged, for any token {@link #token} would refuse.
	 * For a caller that hands refusals on to the regular path, which then refuses and
	 * logs them once (the prediction routes' fast lane).
	 */
	public Optional<SlipwayPrincipal> validToken(String secret) {
		ApiTokenRepository.TokenCheck token = check(secret);
		long now = this.clock.millis();
		if (token == null || token.revokedAt() != null || (token.expiresAt() != null && token.expiresAt() <= now)
				|| !token.ownerEnabled()) {
			return Optional.empty();
		}
		return Optional.of(used(token, now));
	}

	/** The token with its owner, from the cache or the database; null when unknown. */
	private ApiTokenRepository.TokenCheck check(String secret) {
		if (!ApiTokens.looksLikeToken(secret)) {
			return null;
		}
		String hash = ApiTokens.hash(secret);
		long nanos = System.nanoTime();
		ApiTokenRepository.TokenCheck token = this.cache.get(hash, nanos);
		if (token == null) {
			long generation = this.cache.generation();
			token = this.tokens.check(hash).orElse(null);
			if (token == null) {
				return null;
			}
			this.cache.put(hash, token, generation, nanos);
		}
		return token;
	}

	/** Records the use of a valid token, at most once a minute: its principal. */
	private SlipwayPrincipal used(ApiTokenRepository.TokenCheck token, long now) {
		if (token.lastUsedAt() == null || token.lastUsedAt() < now - 60_000) {
			if (this.touched.size() > TokenCache.MAX_ENTRIES) {
				this.touched.clear();
			}
			Long touchedAt = this.touched.get(token.id());
			if (touchedAt == null || touchedAt < now - 60_000) {
				this.touched.put(token.id(), now);
				this.tokens.touch(token.id(), now);
			}
		}
		return token.principal();
	}

	/**
	 * The account behind a session, as it is now; empty when the account is gone,
	 * disabled, or its credentials changed after the session began.
	 */
	public Optional<SlipwayPrincipal> refresh(SlipwayPrincipal principal) {
		return this.users.findById(principal.userId())
			.filter(UserRepository.UserRow::enabled)
			.filter((row) -> row.credentialsChangedAt() <= principal.credentialsChangedAt())
			.map((row) -> row.toPrincipal(principal.method()));
	}

	private boolean verify(UserRepository.UserRow user, String password, long now) {
		String key = cacheKey(user.username(), password);
		Verified hit = this.verified.get(key);
		if (hit != null && hit.userId() == user.id() && hit.credentialsChangedAt() == user.credentialsChangedAt()
				&& hit.expiresAt() > now) {
			return true;
		}
		if (!this.encoder.matches(password, user.passwordHash())) {
			return false;
		}
		if (this.encoder.upgradeEncoding(user.passwordHash())) {
			this.users.upgradeHash(user.id(), this.encoder.encode(password));
		}
		if (this.verified.size() >= VERIFIED_MAX_ENTRIES) {
			this.verified.clear();
		}
		this.verified.put(key, new Verified(user.id(), user.credentialsChangedAt(), now + VERIFIED_TTL_MILLIS));
		return true;
	}

	private String cacheKey(String username, String password) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.cacheKey, "HmacSHA256"));
			mac.update(username.getBytes(StandardCharsets.UTF_8));
			mac.update((byte) 0);
			return HexFormat.of().formatHex(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every JDK", ex);
		}
	}

	static String sha256(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JDK", ex);
		}
	}

}
