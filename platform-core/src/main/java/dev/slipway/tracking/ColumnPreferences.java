package dev.slipway.tracking;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;

import dev.slipway.security.CurrentUser;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The run-table columns each user chose for each experiment, kept on the server so they
 * follow the user from browser to browser.
 */
@Service
@Transactional(readOnly = true)
public class ColumnPreferences {

	private final JdbcClient jdbc;

	private final Clock clock;

	ColumnPreferences(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** The caller's columns for the experiment; none when never chosen. */
	@PreAuthorize("@trackingAccess.experiment(#experimentId, 'READ')")
	public RunTableColumns get(String experimentId) {
		long user = CurrentUser.require().userId();
		return this.jdbc.sql("SELECT pref_value FROM user_preferences WHERE user_id = ? AND pref_key = ?")
			.params(user, key(experimentId))
			.query(String.class)
			.optional()
			.map((value) -> value.isEmpty() ? RunTableColumns.none()
					: new RunTableColumns(List.copyOf(Arrays.asList(value.split("\n")))))
			.orElseGet(RunTableColumns::none);
	}

	/** Remembers the caller's columns for the experiment. */
	@Transactional
	@PreAuthorize("@trackingAccess.experiment(#experimentId, 'READ')")
	public RunTableColumns save(String experimentId, List<String> columns) {
		RunTableColumns checked = RunTableColumns.of(columns);
		long user = CurrentUser.require().userId();
		String key = key(experimentId);
		String value = String.join("\n", checked.columns());
		long now = this.clock.millis();
		int updated = this.jdbc
			.sql("UPDATE user_preferences SET pref_value = ?, updated_at = ? WHERE user_id = ? AND pref_key = ?")
			.params(value, now, user, key)
			.update();
		if (updated == 0) {
			this.jdbc
				.sql("INSERT INTO user_preferences (user_id, pref_key, pref_value, updated_at) VALUES (?, ?, ?, ?)")
				.params(user, key, value, now)
				.update();
		}
		return checked;
	}

	private static String key(String experimentId) {
		return "runs.columns." + ExperimentService.parseId(experimentId);
	}

}
