package dev.slipway.serving;

import java.util.List;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.security.ApiToken;
import dev.slipway.security.ApiTokenService;
import dev.slipway.security.CreatedToken;
import dev.slipway.security.CurrentUser;

import org.springframework.context.event.EventListener;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A deployment's invoke-only tokens: what a client application is given to call one
 * deployment's prediction routes, and nothing else: not the tracking API, not the
 * registry, not another deployment. The token acts as the person who made it, so it stops
 * working when they lose read access to the model. Those who may change the deployment
 * (EDIT) make, list and revoke its tokens; each of these is audited and in the
 * deployment's history. Deleting the deployment revokes them.
 */
@Service
@Transactional
public class InvokeTokenService {

	private final DeploymentRepository deployments;

	private final ApiTokenService tokens;

	private final DeploymentRecorder recorder;

	InvokeTokenService(DeploymentRepository deployments, ApiTokenService tokens, DeploymentRecorder recorder) {
		this.deployments = deployments;
		this.tokens = tokens;
		this.recorder = recorder;
	}

	/**
	 * Makes an invoke-only token for the deployment, owned by the caller; the secret is
	 * in the answer and nowhere else.
	 * @throws SlipwayException NOT_FOUND, INVALID_ARGUMENT (name, expiry),
	 * PERMISSION_DENIED (a service account or a scoped caller), INVALID_STATE (the
	 * caller's token limit)
	 */
	@PreAuthorize("@deploymentAccess.deployment(#name, 'EDIT')")
	public CreatedToken create(String name, String tokenName, Long expiresAt) {
		DeploymentEntity deployment = locked(name);
		CreatedToken created = this.tokens.createInvokeToken(deployment.id(), tokenName, expiresAt);
		this.recorder.record(deployment, actor(), "deployment.token_created", null,
				"token " + created.token().id() + " (" + created.token().name() + ")");
		return created;
	}

	/** The deployment's invoke-only tokens, newest first, revoked ones included. */
	@Transactional(readOnly = true)
	@PreAuthorize("@deploymentAccess.deployment(#name, 'EDIT')")
	public List<ApiToken> list(String name) {
		return this.tokens.invokeTokens(entity(name).id());
	}

	/**
	 * Revokes one of the deployment's tokens at once; revoking twice is harmless.
	 * @throws SlipwayException NOT_FOUND for a deployment or a token not of it
	 */
	@PreAuthorize("@deploymentAccess.deployment(#name, 'EDIT')")
	public ApiToken revoke(String name, long tokenId) {
		DeploymentEntity deployment = locked(name);
		ApiToken before = this.tokens.invokeTokens(deployment.id())
			.stream()
			.filter((token) -> token.id() == tokenId)
			.findFirst()
			.orElseThrow(() -> SlipwayException.notFound("Token", tokenId));
		ApiToken revoked = this.tokens.revokeInvokeToken(deployment.id(), tokenId);
		if (before.revokedAt() == null) {
			this.recorder.record(deployment, actor(), "deployment.token_revoked", null,
					"token " + tokenId + " (" + before.name() + ")");
		}
		return revoked;
	}

	/** A deleted deployment's tokens go with it, in the same transaction. */
	@EventListener
	void deleted(DeploymentEvent event) {
		if ("deployment.deleted".equals(event.type())) {
			this.tokens.revokeInvokeTokens(event.deploymentId());
		}
	}

	private DeploymentEntity entity(String name) {
		return this.deployments.findByName(name).orElseThrow(() -> notFound(name));
	}

	private DeploymentEntity locked(String name) {
		return this.deployments.lockByName(name).orElseThrow(() -> notFound(name));
	}

	private static SlipwayException notFound(String name) {
		return new SlipwayException(ErrorCode.NOT_FOUND, "Deployment '" + name + "' not found");
	}

	private static String actor() {
		return CurrentUser.require().username();
	}

}
