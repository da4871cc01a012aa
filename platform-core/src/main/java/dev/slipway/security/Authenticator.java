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
 * API token (Bearer, or as the Basic password). Counts failed sign-ins per account, slows
 * them down and locks the account; every outcome is a security event.
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

	private final SecuritySettings settings;

	private final Clock clock;

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

	Authenticator(UserRepository users, ApiTokenRepository tokens, PasswordEncoder encoder, SecuritySettings settings,
			Clock clock) {
		this.users = users;
		this.tokens = tokens;
		this.encoder = encoder;
		this.settings = settings;
		this.clock = clock;
		this.dummyHash = encoder.encode(PasswordPolicy.oneTime());
		new SecureRandom().nextBytes(this.cacheKey);
	}

	/**
	 * Checks a user name and password.
	 * @param client the caller's address, for the log
	 * @param method {@code session} for a form sign-in, {@code basic} for HTTP Basic
	 * @throws AuthenticationException BadCredentials (unknown user, wrong password, a
	 * service account), Disabled, or {@link LoginThrottledException}
	 */
	public SlipwayPrincipal password(String username, String password, String client, String method) {
		if (username == null || password == null || username.length() > 256 || password.length() > 1024) {
			throw new BadCredentialsException("Bad credentials");
		}
		if (ApiTokens.looksLikeToken(password)) {
			return token(password, client);
		}
		String name = Usernames.normalize(username);
		long now = this.clock.millis();
		Optional<UserRepository.UserRow> found = this.users.findByUsername(name);
		if (found.isEmpty() || found.get().passwordHash() == null) {
			this.encoder.matches(password, this.dummyHash);
			SecurityEvents.warn("login.failure",
					"user=" + name + " client=" + client + " reason=unknown_or_no_password");
			throw new BadCredentialsException("Bad credentials");
		}
		UserRepository.UserRow user = found.get();
		user = throttle(user, now, client);
		if (!verify(user, password, now)) {
			failed(user, now, client);
			throw new BadCredentialsException("Bad credentials");
		}
		if (!user.enabled()) {
			SecurityEvents.warn("login.failure", "user=" + name + " client=" + client + " reason=disabled");
			throw new DisabledException("The account is disabled");
		}
		if (user.failedLogins() > 0 || user.lockedUntil() != null) {
			this.users.clearFailures(user.id());
		}
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
		if (!ApiTokens.looksLikeToken(secret)) {
			throw new BadCredentialsException("Invalid token");
		}
		long now = this.clock.millis();
		ApiTokenRepository.TokenRow row = this.tokens.findByHash(ApiTokens.hash(secret)).orElseThrow(() -> {
			SecurityEvents.warn("token.failure", "client=" + client + " reason=unknown");
			return new BadCredentialsException("Invalid token");
		});
		ApiToken token = row.token();
		if (token.revokedAt() != null) {
			SecurityEvents.warn("token.failure", "token=" + token.id() + " client=" + client + " reason=revoked");
			throw new BadCredentialsException("The token has been revoked");
		}
		if (token.expiresAt() != null && token.expiresAt() <= now) {
			SecurityEvents.warn("token.failure", "token=" + token.id() + " client=" + client + " reason=expired");
			throw new CredentialsExpiredException("The token has expired");
		}
		UserRepository.UserRow user = this.users.findById(row.userId())
			.orElseThrow(() -> new BadCredentialsException("Invalid token"));
		if (!user.enabled()) {
			SecurityEvents.warn("token.failure", "token=" + token.id() + " client=" + client + " reason=disabled");
			throw new DisabledException("The account is disabled");
		}
		if (token.lastUsedAt() == null || token.lastUsedAt() < now - 60_000) {
			this.tokens.touch(token.id(), now);
		}
		return user.toPrincipal("token");
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

	private UserRepository.UserRow throttle(UserRepository.UserRow user, long now, String client) {
		if (user.lockedUntil() != null) {
			if (user.lockedUntil() > now) {
				SecurityEvents.warn("login.refused",
						"user=" + user.username() + " client=" + client + " reason=locked");
				throw new LoginThrottledException("Too many failed sign-ins; the account is locked for a while",
						seconds(user.lockedUntil() - now));
			}
			this.users.clearFailures(user.id());
			return this.users.findById(user.id()).orElseThrow();
		}
		int over = user.failedLogins() - this.settings.login().throttleAfter();
		if (over >= 0 && user.lastFailedLoginAt() != null) {
			long wait = Math.min(60_000L, 1000L << Math.min(over, 6));
			long next = user.lastFailedLoginAt() + wait;
			if (next > now) {
				SecurityEvents.warn("login.refused",
						"user=" + user.username() + " client=" + client + " reason=throttled");
				throw new LoginThrottledException("Too many failed sign-ins; wait before trying again",
						seconds(next - now));
			}
		}
		return user;
	}

	private void failed(UserRepository.UserRow user, long now, String client) {
		int failures = this.users.recordFailure(user.id(), now);
		SecurityEvents.warn("login.failure",
				"user=" + user.username() + " client=" + client + " reason=bad_password failures=" + failures);
		if (failures >= this.settings.login().lockAfter()) {
			this.users.lock(user.id(), now + this.settings.login().lockDuration().toMillis());
			SecurityEvents.warn("account.locked",
					"user=" + user.username() + " client=" + client + " for=" + this.settings.login().lockDuration());
		}
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

	private static long seconds(long millis) {
		return Math.max(1, (millis + 999) / 1000);
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
