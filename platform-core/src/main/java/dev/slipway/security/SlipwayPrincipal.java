package dev.slipway.security;

import java.io.Serializable;

/**
 * Who is calling, however they proved it (session, password, token, single sign-on).
 * Every authenticated request carries one; services read it through {@link CurrentUser}.
 *
 * @param userId the account's surrogate key
 * @param username the account's unique name
 * @param role the account's role when the request began
 * @param kind person or automation
 * @param mustChangePassword whether the account still uses a one-time password, which
 * allows nothing but changing it
 * @param credentialsChangedAt when the password, role or status last changed; a session
 * started before it has ended
 * @param method how the caller authenticated: {@code session}, {@code basic},
 * {@code token} or {@code oidc}
 * @param scopeExperimentId for a token scoped to one experiment (a pipeline step's), that
 * experiment: the caller writes there and only reads elsewhere; null otherwise
 * @param invokeDeploymentId for an invoke-only token, the one deployment whose prediction
 * routes the caller may call; it may do nothing else. Null otherwise
 */
public record SlipwayPrincipal(long userId, String username, Role role, AccountKind kind, boolean mustChangePassword,
		long credentialsChangedAt, String method, Long scopeExperimentId,
		Long invokeDeploymentId) implements Serializable {

	/** A caller with no scope. */
	public SlipwayPrincipal(long userId, String username, Role role, AccountKind kind, boolean mustChangePassword,
			long credentialsChangedAt, String method) {
		this(userId, username, role, kind, mustChangePassword, credentialsChangedAt, method, null, null);
	}

	/** The same caller, limited to one experiment (see {@link #scopeExperimentId()}). */
	public SlipwayPrincipal scopedTo(long experimentId) {
		return new SlipwayPrincipal(this.userId, this.username, this.role, this.kind, this.mustChangePassword,
				this.credentialsChangedAt, this.method, experimentId, null);
	}

	/**
	 * The same caller, limited to calling one deployment (see
	 * {@link #invokeDeploymentId()}).
	 */
	public SlipwayPrincipal invokingOnly(long deploymentId) {
		return new SlipwayPrincipal(this.userId, this.username, this.role, this.kind, this.mustChangePassword,
				this.credentialsChangedAt, this.method, null, deploymentId);
	}

	/** Whether the caller holds an invoke-only token. */
	public boolean isInvokeOnly() {
		return this.invokeDeploymentId != null;
	}

	/**
	 * Whether the caller is an admin. An invoke-only token is never one, whoever owns it.
	 */
	public boolean isAdmin() {
		return this.role == Role.ADMIN && this.invokeDeploymentId == null;
	}

	/** The same caller, authenticated another way. */
	public SlipwayPrincipal via(String otherMethod) {
		return new SlipwayPrincipal(this.userId, this.username, this.role, this.kind, this.mustChangePassword,
				this.credentialsChangedAt, otherMethod, this.scopeExperimentId, this.invokeDeploymentId);
	}

	@Override
	public String toString() {
		return this.username;
	}

}
