package dev.slipway.security;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.slipway.system.DatabaseTarget;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * {@link SignInFailures} in {@code sign_in_failures}, shared by every replica on the same
 * database. A failure is one upsert of two rows (the name's and the client's, always in
 * that order, so concurrent upserts never deadlock).
 */
@Repository
class JdbcSignInFailures implements SignInFailures {

	/** Kind of the rows counting one user name from one client. */
	static final String NAME = "N";

	/** Kind of the rows counting one client across all names. */
	static final String CLIENT = "C";

	private static final String COUNT_AGAIN = "failures = CASE WHEN t.last_failure_at < ? THEN 1 "
			+ "ELSE t.failures + 1 END";

	private static final String ADD_POSTGRESQL = "INSERT INTO sign_in_failures AS t "
			+ "(kind, username, client, failures, last_failure_at) VALUES ('N', ?, ?, 1, ?), ('C', '', ?, 1, ?) "
			+ "ON CONFLICT (kind, username, client) DO UPDATE SET " + COUNT_AGAIN
			+ ", last_failure_at = excluded.last_failure_at";

	private static final String ADD_H2 = "MERGE INTO sign_in_failures t USING (VALUES "
			+ "('N', CAST(? AS VARCHAR(256)), CAST(? AS VARCHAR(64)), CAST(? AS BIGINT)), "
			+ "('C', '', CAST(? AS VARCHAR(64)), CAST(? AS BIGINT))) AS s (kind, username, client, failed_at) "
			+ "ON t.kind = s.kind AND t.username = s.username AND t.client = s.client "
			+ "WHEN MATCHED THEN UPDATE SET " + COUNT_AGAIN + ", last_failure_at = s.failed_at "
			+ "WHEN NOT MATCHED THEN INSERT (kind, username, client, failures, last_failure_at) "
			+ "VALUES (s.kind, s.username, s.client, 1, s.failed_at)";

	private final JdbcClient jdbc;

	private final String add;

	JdbcSignInFailures(JdbcClient jdbc, DatabaseTarget database) {
		this.jdbc = jdbc;
		this.add = (database.kind() == DatabaseTarget.Kind.POSTGRESQL) ? ADD_POSTGRESQL : ADD_H2;
	}

	@Override
	public Counts read(String username, String client) {
		Count name = Count.NONE;
		Count address = Count.NONE;
		List<Row> rows = this.jdbc.sql("SELECT kind, failures, last_failure_at FROM sign_in_failures "
				+ "WHERE (kind = 'N' AND username = ? AND client = ?) OR (kind = 'C' AND username = '' AND client = ?)")
			.params(username, client, client)
			.query((rs, rowNum) -> new Row(rs.getString("kind"),
					new Count(rs.getInt("failures"), rs.getLong("last_failure_at"), true)))
			.list();
		for (Row row : rows) {
			if (NAME.equals(row.kind())) {
				name = row.count();
			}
			else {
				address = row.count();
			}
		}
		return new Counts(name, address);
	}

	private record Row(String kind, Count count) {
	}

	@Override
	public void add(String username, String client, long now, long forgetBefore) {
		try {
			upsert(username, client, now, forgetBefore);
		}
		catch (DuplicateKeyException ex) {
			// H2's MERGE is not atomic: a concurrent failure inserted the row first.
			upsert(username, client, now, forgetBefore);
		}
	}

	private void upsert(String username, String client, long now, long forgetBefore) {
		this.jdbc.sql(this.add).params(username, client, now, client, now, forgetBefore).update();
	}

	@Override
	public void clear(String username, String client) {
		this.jdbc.sql("DELETE FROM sign_in_failures WHERE kind = 'N' AND username = ? AND client = ?")
			.params(username, client)
			.update();
	}

	@Override
	public void clearName(String username) {
		this.jdbc.sql("DELETE FROM sign_in_failures WHERE kind = 'N' AND username = ?").param(username).update();
	}

	@Override
	public Map<String, Long> lastFailureReaching(Collection<String> usernames, int failures) {
		Map<String, Long> last = new LinkedHashMap<>();
		if (usernames.isEmpty()) {
			return last;
		}
		this.jdbc
			.sql("SELECT username, MAX(last_failure_at) AS last_failure_at FROM sign_in_failures "
					+ "WHERE kind = 'N' AND failures >= :failures AND username IN (:usernames) GROUP BY username")
			.param("failures", failures)
			.param("usernames", List.copyOf(usernames))
			.query((rs) -> {
				last.put(rs.getString("username"), rs.getLong("last_failure_at"));
			});
		return last;
	}

	@Override
	public int purge(long before) {
		return this.jdbc.sql("DELETE FROM sign_in_failures WHERE last_failure_at < ?").param(before).update();
	}

}
