package dev.slipway.security;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Personal API tokens and the tokens of service accounts. A token is shown once, stored
 * as a hash, and acts as its account with the account's current role.
 */
@Service
@Transactional(readOnly = true)
public class ApiTokenService {

	static final int MAX_LISTED = 500;

	private final ApiTokenRepository tokens;

	private final UserRepository users;

	private final SecuritySettings settings;

	private final Clock clock;

	ApiTokenService(ApiTokenRepository tokens, UserRepository users, SecuritySettings settings, Clock clock) {
		this.tokens = tokens;
		this.users = users;
		this.settings = settings;
		this.clock = clock;
	}

	/**
	 * Creates a token for the caller, or, for an admin, for a service account.
	 * @throws SlipwayException INVALID_ARGUMENT (name, expiry), PERMISSION_DENIED (a
	 * token for someone else), INVALID_STATE (too many tokens)
	 */
	@Transactional
	public CreatedToken create(NewToken request) {
		SlipwayPrincipal caller = CurrentUser.require();
		UserRepository.UserRow owner = owner(caller, request.username());
		String name = checkedName(request.name());
		long now = this.clock.millis();
		Long expiresAt = request.expiresAt();
		checkExpiry(expiresAt, now);
		this.users.lockById(owner.id());
		checkLimit(owner, now);
		String secret = ApiTokens.generate();
		long id = this.tokens.insert(owner.id(), name, ApiTokens.hash(secret), ApiTokens.displayPrefix(secret),
				caller.userId(), expiresAt, now);
		SecurityEvents.log("token.created", "token=" + id + " user=" + owner.username() + " name=" + name);
		return new CreatedToken(this.tokens.findById(id).orElseThrow().token(), secret);
	}

	/**
	 * Tokens, newest first: the caller's own, or, for an admin, those of {@code username}
	 * or of everyone ({@code "*"}).
	 */
	@PreAuthorize("#username == null or hasRole('ADMIN') or @userAccess.isSelf(#username)")
	public List<ApiToken> list(String username) {
		if ("*".equals(username)) {
			return this.tokens.all(MAX_LISTED).stream().map(ApiTokenRepository.TokenRow::token).toList();
		}
		long userId = (username == null) ? CurrentUser.require().userId() : this.users.require(username).id();
		return this.tokens.byUser(userId, MAX_LISTED).stream().map(ApiTokenRepository.TokenRow::token).toList();
	}

	/** One token; its owner and admins may read it. */
	public ApiToken get(long id) {
		return visible(id).token();
	}

	/**
	 * Creates an invoke-only token for the caller: it may call the prediction routes of
	 * deployment {@code deploymentId} and nothing else, and it stops working when the
	 * caller loses read access to the deployment's model. It counts against the caller's
	 * token limit. No permission check on the deployment: serving checks EDIT first.
	 * @throws SlipwayException INVALID_ARGUMENT (name, expiry), PERMISSION_DENIED (a
	 * scoped caller or a service account), INVALID_STATE (too many tokens)
	 */
	@Transactional
	public CreatedToken createInvokeToken(long deploymentId, String name, Long expiresAt) {
		SlipwayPrincipal caller = CurrentUser.require();
		UserRepository.UserRow owner = owner(caller, null);
		String trimmed = checkedName(name);
		long now = this.clock.millis();
		checkExpiry(expiresAt, now);
		this.users.lockById(owner.id());
		checkLimit(owner, now);
		String secret = ApiTokens.generate();
		long id = this.tokens.insert(owner.id(), trimmed, ApiTokens.hash(secret), ApiTokens.displayPrefix(secret),
				caller.userId(), expiresAt, now, null, deploymentId);
		SecurityEvents.log("token.created",
				"token=" + id + " user=" + owner.username() + " name=" + trimmed + " scope=deployment:" + deploymentId);
		return new CreatedToken(this.tokens.findById(id).orElseThrow().token(), secret);
	}

	/**
	 * The invoke-only tokens of a deployment, newest first, revoked ones included. No
	 * permission check: serving checks EDIT on the deployment first.
	 */
	public List<ApiToken> invokeTokens(long deploymentId) {
		return this.tokens.byDeployment(deploymentId, MAX_LISTED)
			.stream()
			.map(ApiTokenRepository.TokenRow::token)
			.toList();
	}

	/**
	 * Revokes one invoke-only token of a deployment; revoking twice is harmless. No
	 * permission check: serving checks EDIT on the deployment first.
	 * @throws SlipwayException NOT_FOUND when the token is not one of this deployment's
	 */
	@Transactional
	public ApiToken revokeInvokeToken(long deploymentId, long tokenId) {
		ApiTokenRepository.TokenRow row = this.tokens.findById(tokenId)
			.filter((found) -> Long.valueOf(deploymentId).equals(found.token().deploymentId()))
			.orElseThrow(() -> SlipwayException.notFound("Token", tokenId));
		if (this.tokens.revoke(tokenId, CurrentUser.require().userId(), this.clock.millis())) {
			SecurityEvents.log("token.revoked", "token=" + tokenId + " user=" + row.token().username());
		}
		return this.tokens.findById(tokenId).orElseThrow().token();
	}

	/**
	 * Revokes every invoke-only token of a deployment that is being deleted.
	 * @return how many were live
	 */
	@Transactional
	public int revokeInvokeTokens(long deploymentId) {
		int revoked = this.tokens.revokeDeployment(deploymentId, CurrentUser.require().userId(), this.clock.millis());
		if (revoked > 0) {
			SecurityEvents.log("token.revoked", "deployment=" + deploymentId + " count=" + revoked);
		}
		return revoked;
	}

	/**
	 * Creates a token for {@code username} that writes only in one experiment and expires
	 * at {@code expiresAt}: what a pipeline step logs with. Not counted against the
	 * account's token limit, as the engine revokes it when the step ends. No caller
	 * check: only the pipeline engine calls it, for the account that started the run.
	 * @throws SlipwayException NOT_FOUND for an unknown account
	 */
	@Transactional
	public CreatedToken createScoped(String username, String name, long experimentId, long expiresAt) {
		UserRepository.UserRow owner = this.users.require(username);
		String secret = ApiTokens.generate();
		long id = this.tokens.insert(owner.id(), name, ApiTokens.hash(secret), ApiTokens.displayPrefix(secret),
				owner.id(), expiresAt, this.clock.millis(), experimentId);
		SecurityEvents.log("token.created",
				"token=" + id + " user=" + owner.username() + " name=" + name + " scope=experiment:" + experimentId);
		return new CreatedToken(this.tokens.findById(id).orElseThrow().token(), secret);
	}

	/**
	 * Revokes a token made by {@link #createScoped}, as the engine; a second call is a
	 * no-op.
	 */
	@Transactional
	public void revokeScoped(long id) {
		ApiTokenRepository.TokenRow row = this.tokens.findById(id).orElse(null);
		if (row != null && row.scopeExperimentId() != null
				&& this.tokens.revoke(id, row.userId(), this.clock.millis())) {
			SecurityEvents.log("token.revoked", "token=" + id + " user=" + row.token().username());
		}
	}

	/**
	 * The account {@code username} as a caller, for work done on its behalf in the
	 * background (a pipeline run it started); empty when it is gone or disabled.
	 */
	public Optional<SlipwayPrincipal> principalOf(String username) {
		return this.users.findByUsername(username)
			.filter(UserRepository.UserRow::enabled)
			.map((row) -> row.toPrincipal("background"));
	}

	/**
	 * Revokes a token at once; its owner and admins may. Revoking twice is harmless.
	 */
	@Transactional
	public ApiToken revoke(long id) {
		ApiTokenRepository.TokenRow row = visible(id);
		if (this.tokens.revoke(id, CurrentUser.require().userId(), this.clock.millis())) {
			SecurityEvents.log("token.revoked", "token=" + id + " user=" + row.token().username());
		}
		return this.tokens.findById(id).orElseThrow().token();
	}

	private static String checkedName(String name) {
		String trimmed = (name != null) ? name.trim() : "";
		if (trimmed.isEmpty() || trimmed.length() > 100) {
			throw SlipwayException.invalidArgument("name", "must be 1 to 100 characters");
		}
		return trimmed;
	}

	private void checkExpiry(Long expiresAt, long now) {
		if (expiresAt != null && expiresAt <= now) {
			throw SlipwayException.invalidArgument("expires_at", "must be in the future");
		}
		if (this.settings.tokens().maxLifetime() != null) {
			long latest = now + this.settings.tokens().maxLifetime().toMillis();
			if (expiresAt == null || expiresAt > latest) {
				throw SlipwayException.invalidArgument("expires_at",
						"this server allows tokens of at most " + this.settings.tokens().maxLifetime());
			}
		}
	}

	private void checkLimit(UserRepository.UserRow owner, long now) {
		if (this.tokens.countActive(owner.id(), now) >= this.settings.tokens().maxActivePerUser()) {
			throw new SlipwayException(ErrorCode.INVALID_STATE, owner.username() + " already holds "
					+ this.settings.tokens().maxActivePerUser() + " active tokens; revoke one first");
		}
	}

	private ApiTokenRepository.TokenRow visible(long id) {
		SlipwayPrincipal caller = CurrentUser.require();
		ApiTokenRepository.TokenRow row = this.tokens.findById(id)
			.filter((found) -> caller.isAdmin() || found.userId() == caller.userId())
			.orElseThrow(() -> SlipwayException.notFound("Token", id));
		return row;
	}

	private UserRepository.UserRow owner(SlipwayPrincipal caller, String username) {
		if (caller.scopeExperimentId() != null || caller.isInvokeOnly()) {
			throw new SlipwayException(ErrorCode.PERMISSION_DENIED, "A scoped token cannot create tokens");
		}
		if (caller.kind() == AccountKind.SERVICE) {
			throw new SlipwayException(ErrorCode.PERMISSION_DENIED,
					"Service accounts cannot create tokens; an admin creates them");
		}
		String name = Usernames.normalize(username);
		if (name == null || name.isEmpty() || name.equals(caller.username())) {
			return this.users.findById(caller.userId())
				.orElseThrow(() -> new SlipwayException(ErrorCode.UNAUTHENTICATED, "The account no longer exists"));
		}
		if (!caller.isAdmin()) {
			throw new SlipwayException(ErrorCode.PERMISSION_DENIED, "Only admins create tokens for service accounts");
		}
		UserRepository.UserRow owner = this.users.findByUsername(name)
			.orElseThrow(() -> SlipwayException.notFound("User", username));
		if (owner.kind() != AccountKind.SERVICE) {
			throw new SlipwayException(ErrorCode.PERMISSION_DENIED,
					"Tokens act as their owner: people create their own; admins create them only for service accounts");
		}
		return owner;
	}

}
