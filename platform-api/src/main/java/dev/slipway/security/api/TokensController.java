package dev.slipway.security.api;

import java.time.Clock;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.error.api.Refusal;
import dev.slipway.security.ApiTokenService;
import dev.slipway.security.CreatedToken;
import dev.slipway.security.NewToken;
import dev.slipway.security.api.SecurityJson.CreateTokenRequest;
import dev.slipway.security.api.SecurityJson.CreatedTokenJson;
import dev.slipway.security.api.SecurityJson.TokenJson;
import dev.slipway.security.api.SecurityJson.TokenListJson;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * API tokens over REST ({@code /api/v1/tokens}): the caller's own, and service-account
 * tokens for admins. A token's secret is in the creation answer only.
 */
@Tag(name = "API tokens",
		description = "API tokens: the caller's own, and service accounts' for admins; a secret is answered once")
@RestController
@RequestMapping("/api/v1/tokens")
class TokensController {

	/** The longest expiry a request may ask for in days (the server may allow less). */
	private static final int MAX_DAYS = 3650;

	private final ApiTokenService tokens;

	private final Clock clock;

	TokensController(ApiTokenService tokens, Clock clock) {
		this.tokens = tokens;
		this.clock = clock;
	}

	@Operation(summary = "List tokens without their secrets: the caller's, or another user's for admins (* for all)")
	@Refusal(code = ErrorCode.NOT_FOUND, when = "no user has this name")
	@GetMapping
	TokenListJson list(@RequestParam(required = false) String username) {
		long now = this.clock.millis();
		return new TokenListJson(this.tokens.list(username).stream().map((t) -> TokenJson.of(t, now)).toList());
	}

	@Operation(summary = "Create a token, the caller's or (ADMIN) a service account's; the answer holds the secret")
	@Refusal(code = ErrorCode.NOT_FOUND, when = "no user has this name")
	@Refusal(code = ErrorCode.INVALID_STATE, when = "the owner already holds the most active tokens allowed")
	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	CreatedTokenJson create(@RequestBody CreateTokenRequest request) {
		Long expiresAt = request.expiresAt();
		if (request.expiresInDays() != null) {
			if (expiresAt != null) {
				throw SlipwayException.invalidArgument("expiresInDays", "give either expiresAt or expiresInDays");
			}
			if (request.expiresInDays() < 1 || request.expiresInDays() > MAX_DAYS) {
				throw SlipwayException.invalidArgument("expiresInDays", "must be between 1 and " + MAX_DAYS);
			}
			expiresAt = this.clock.millis() + request.expiresInDays() * 86_400_000L;
		}
		CreatedToken created = this.tokens.create(new NewToken(request.name(), expiresAt, request.username()));
		return new CreatedTokenJson(TokenJson.of(created.token(), this.clock.millis()), created.secret());
	}

	@Operation(summary = "One token (its owner, or ADMIN)")
	@GetMapping("/{id}")
	TokenJson get(@PathVariable long id) {
		return TokenJson.of(this.tokens.get(id), this.clock.millis());
	}

	@Operation(summary = "Revoke a token now (its owner, or ADMIN)")
	@DeleteMapping("/{id}")
	TokenJson revoke(@PathVariable long id) {
		return TokenJson.of(this.tokens.revoke(id), this.clock.millis());
	}

}
