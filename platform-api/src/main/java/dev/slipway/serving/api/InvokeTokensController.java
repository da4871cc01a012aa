package dev.slipway.serving.api;

import java.time.Clock;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.error.api.Refusal;
import dev.slipway.security.ApiToken;
import dev.slipway.security.CreatedToken;
import dev.slipway.serving.InvokeTokenService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * A deployment's invoke-only tokens: a token that may call this deployment's
 * {@code /serve} and {@code /v2} routes and nothing else, for the application that calls
 * the model. Those with EDIT on the deployment make, list and revoke them.
 */
@Tag(name = "Deployments")
@RestController
@RequestMapping("/api/v1/deployments/{name}/tokens")
class InvokeTokensController {

	/** The longest expiry a request may ask for in days (the server may allow less). */
	private static final int MAX_DAYS = 3650;

	private final InvokeTokenService tokens;

	private final Clock clock;

	InvokeTokensController(InvokeTokenService tokens, Clock clock) {
		this.tokens = tokens;
		this.clock = clock;
	}

	@Operation(summary = "Make an invoke-only token for this deployment; the answer holds the secret, once")
	@Refusal(code = ErrorCode.NOT_FOUND, when = "no deployment has this name")
	@Refusal(code = ErrorCode.INVALID_ARGUMENT, when = "the name or expiry is wrong; the message names it")
	@Refusal(code = ErrorCode.INVALID_STATE, when = "the caller already holds the most active tokens allowed")
	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	CreatedInvokeTokenJson create(@PathVariable String name, @RequestBody NewInvokeTokenJson body) {
		Long expiresAt = body.expiresAt();
		if (body.expiresInDays() != null) {
			if (expiresAt != null) {
				throw SlipwayException.invalidArgument("expires_in_days", "give either expires_at or expires_in_days");
			}
			if (body.expiresInDays() < 1 || body.expiresInDays() > MAX_DAYS) {
				throw SlipwayException.invalidArgument("expires_in_days", "must be between 1 and " + MAX_DAYS);
			}
			expiresAt = this.clock.millis() + body.expiresInDays() * 86_400_000L;
		}
		CreatedToken created = this.tokens.create(name, body.name(), expiresAt);
		return new CreatedInvokeTokenJson(InvokeTokenJson.of(created.token(), this.clock.millis()), created.secret());
	}

	@Operation(summary = "This deployment's invoke-only tokens, newest first, without their secrets")
	@GetMapping
	InvokeTokenListJson list(@PathVariable String name) {
		long now = this.clock.millis();
		return new InvokeTokenListJson(this.tokens.list(name).stream().map((t) -> InvokeTokenJson.of(t, now)).toList());
	}

	@Operation(summary = "Revoke one of this deployment's invoke-only tokens now")
	@Refusal(code = ErrorCode.NOT_FOUND, when = "no such deployment, or the token is not one of its own")
	@DeleteMapping("/{id}")
	InvokeTokenJson revoke(@PathVariable String name, @PathVariable long id) {
		return InvokeTokenJson.of(this.tokens.revoke(name, id), this.clock.millis());
	}

	/** A new token's name and expiry (epoch millis, or days from now). */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record NewInvokeTokenJson(String name, Long expiresAt, Integer expiresInDays) {
	}

	/** An invoke-only token without its secret. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record InvokeTokenJson(long id, String name, String owner, String prefix, long createdAt, String createdBy,
			Long expiresAt, Long lastUsedAt, Long revokedAt, boolean active) {

		static InvokeTokenJson of(ApiToken token, long now) {
			return new InvokeTokenJson(token.id(), token.name(), token.username(), token.prefix(), token.createdAt(),
					token.createdBy(), token.expiresAt(), token.lastUsedAt(), token.revokedAt(), token.activeAt(now));
		}

	}

	/** Tokens. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record InvokeTokenListJson(List<InvokeTokenJson> tokens) {
	}

	/** A token just made: the only answer that holds its secret. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record CreatedInvokeTokenJson(InvokeTokenJson token, String secret) {
	}

}
