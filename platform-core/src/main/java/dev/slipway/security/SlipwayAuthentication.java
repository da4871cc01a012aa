package dev.slipway.security;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The one kind of authentication Slipway keeps in its security context: a
 * {@link SlipwayPrincipal} with its role as authority. Passwords, tokens and single
 * sign-on all end up as one of these, so method security reads a single shape.
 */
public final class SlipwayAuthentication extends AbstractAuthenticationToken {

	private final SlipwayPrincipal principal;

	/**
	 * The authority of an invoke-only token: none of its owner's role, which it does not
	 * carry.
	 */
	public static final String INVOKE_ONLY_AUTHORITY = "ROLE_INVOKE_ONLY";

	/** An authenticated caller. */
	public SlipwayAuthentication(SlipwayPrincipal principal) {
		super(List.of(new SimpleGrantedAuthority(
				principal.isInvokeOnly() ? INVOKE_ONLY_AUTHORITY : principal.role().authority())));
		this.principal = principal;
		setAuthenticated(true);
	}

	@Override
	public Object getCredentials() {
		return null;
	}

	@Override
	public SlipwayPrincipal getPrincipal() {
		return this.principal;
	}

	@Override
	public String getName() {
		return this.principal.username();
	}

}
