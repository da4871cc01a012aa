package dev.slipway.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhook secrets and signatures: {@code sha256=} and the lowercase hex HMAC-SHA256 of
 * {@code <timestamp>.<body>}, keyed with the secret's UTF-8 bytes.
 */
final class WebhookSigner {

	private static final SecureRandom RANDOM = new SecureRandom();

	private WebhookSigner() {
	}

	/** A new secret: 32 random bytes as 64 lowercase hex digits. */
	static String newSecret() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return HexFormat.of().formatHex(bytes);
	}

	/** The {@code X-Slipway-Signature} value for a body sent at {@code epochSeconds}. */
	static String signature(String secret, long epochSeconds, String body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			byte[] digest = mac.doFinal((epochSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
			return "sha256=" + HexFormat.of().formatHex(digest);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

}
