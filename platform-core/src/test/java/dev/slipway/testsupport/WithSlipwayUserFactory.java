package dev.slipway.testsupport;

import dev.slipway.security.AccountKind;
import dev.slipway.security.Role;
import dev.slipway.security.SlipwayAuthentication;
import dev.slipway.security.SlipwayPrincipal;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.test.context.support.WithSecurityContextFactory;

/** Reads the account of {@link WithSlipwayUser} from the database. */
class WithSlipwayUserFactory implements WithSecurityContextFactory<WithSlipwayUser> {

	private final JdbcClient jdbc;

	WithSlipwayUserFactory(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public SecurityContext createSecurityContext(WithSlipwayUser annotation) {
		String where = annotation.value().isEmpty() ? "role = 'ADMIN' ORDER BY id" : "username = ?";
		var query = this.jdbc.sql("SELECT id, username, role, kind, credentials_changed_at FROM users WHERE " + where
				+ " FETCH FIRST 1 ROWS ONLY");
		if (!annotation.value().isEmpty()) {
			query = query.param(annotation.value());
		}
		SlipwayPrincipal principal = query
			.query((rs, n) -> new SlipwayPrincipal(rs.getLong(1), rs.getString(2), Role.valueOf(rs.getString(3)),
					AccountKind.valueOf(rs.getString(4)), false, rs.getLong(5), "test"))
			.single();
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(new SlipwayAuthentication(principal));
		return context;
	}

}
