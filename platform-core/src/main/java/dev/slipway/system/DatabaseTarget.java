package dev.slipway.system;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The database Slipway talks to, resolved from the settings: either the embedded H2 file
 * database in the data folder or an external PostgreSQL.
 *
 * @param kind which database engine
 * @param jdbcUrl the JDBC URL handed to the driver
 * @param username user, may be empty
 * @param password password, may be empty; never printed
 * @param display a description safe to print (no credentials, no query parameters)
 */
public record DatabaseTarget(Kind kind, String jdbcUrl, String username, String password, String display) {

	static final String URL_SETTING = "SLIPWAY_DATABASE_URL";

	/** The supported database engines. */
	public enum Kind {

		/** Embedded H2 file database in PostgreSQL mode. */
		H2,

		/** External PostgreSQL 15 or newer. */
		POSTGRESQL

	}

	/**
	 * H2 writes a commit to its file up to half a second later by default, so a crash
	 * loses what was already acknowledged; with no delay a commit is in the file (the
	 * operating system's, so it survives the process being killed) before the request is
	 * answered. docs/benchmarks.md has the cost.
	 */
	static final String DURABLE_COMMITS = ";WRITE_DELAY=0";

	/** Resolves the settings; an unusable URL fails with the setting's name. */
	public static DatabaseTarget resolve(SlipwayProperties.Database settings, Path dataDir) {
		String url = blankToNull(settings.url());
		String username = nullToEmpty(settings.username());
		String password = nullToEmpty(settings.password());
		if (url == null) {
			Path file = dataDir.resolve("db").resolve("slipway").toAbsolutePath().normalize();
			String jdbc = "jdbc:h2:file:" + file
					+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE"
					+ DURABLE_COMMITS;
			return new DatabaseTarget(Kind.H2, jdbc, username.isEmpty() ? "sa" : username, password,
					"H2 file database " + file + ".mv.db (embedded)");
		}
		if (url.startsWith("jdbc:postgresql:")) {
			return new DatabaseTarget(Kind.POSTGRESQL, url, username, password, "PostgreSQL " + withoutQuery(url));
		}
		if (url.startsWith("postgresql://") || url.startsWith("postgres://")) {
			return fromLibpqUri(url, username, password);
		}
		if (url.startsWith("jdbc:h2:")) {
			String durable = url.toUpperCase(java.util.Locale.ROOT).contains(";WRITE_DELAY=") ? url
					: url + DURABLE_COMMITS;
			return new DatabaseTarget(Kind.H2, durable, username, password, "H2 " + withoutQuery(url));
		}
		throw new InvalidSettingException(URL_SETTING, "'" + withoutQuery(url)
				+ "' is not a PostgreSQL URL; expected jdbc:postgresql://host:5432/database or postgresql://user@host:5432/database");
	}

	/**
	 * Turns {@code postgresql://user:password@host:port/db?opts} into a JDBC URL and
	 * credentials.
	 */
	private static DatabaseTarget fromLibpqUri(String url, String username, String password) {
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			throw new InvalidSettingException(URL_SETTING, "not a valid URI (" + ex.getReason() + ")");
		}
		if (uri.getHost() == null) {
			throw new InvalidSettingException(URL_SETTING, "the URL names no host");
		}
		String user = username;
		String pass = password;
		if (uri.getRawUserInfo() != null) {
			String[] parts = uri.getRawUserInfo().split(":", 2);
			if (user.isEmpty()) {
				user = decode(parts[0]);
			}
			if (pass.isEmpty() && parts.length == 2) {
				pass = decode(parts[1]);
			}
		}
		String hostPort = uri.getHost() + ((uri.getPort() > 0) ? ":" + uri.getPort() : "");
		String database = (uri.getRawPath() == null || uri.getRawPath().length() <= 1) ? ""
				: uri.getRawPath().substring(1);
		String jdbc = "jdbc:postgresql://" + hostPort + "/" + database
				+ ((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "");
		return new DatabaseTarget(Kind.POSTGRESQL, jdbc, user, pass, "PostgreSQL " + withoutQuery(jdbc));
	}

	private static String decode(String value) {
		return URLDecoder.decode(value, StandardCharsets.UTF_8);
	}

	private static String withoutQuery(String url) {
		int cut = url.length();
		for (char separator : new char[] { '?', ';' }) {
			int at = url.indexOf(separator);
			if (at >= 0 && at < cut) {
				cut = at;
			}
		}
		String head = url.substring(0, cut);
		// user:password@ inside a URL must never reach a log line or an error message.
		return head.replaceAll("//[^/@]*@", "//");
	}

	static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.trim();
	}

	private static String nullToEmpty(String value) {
		return (value == null) ? "" : value;
	}

	@Override
	public String toString() {
		return this.display;
	}

}
