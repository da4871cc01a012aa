package dev.slipway.registry.web;

import java.util.regex.Pattern;

/**
 * The models list's search box: plain words search names, anything that looks like a
 * filter ({@code name LIKE 'fraud%'}, {@code tags.team = 'risk'}) is passed on as one.
 *
 * @param q what was typed, or null
 */
record ModelSearchForm(String q) {

	private static final Pattern FILTER = Pattern.compile("(?i).*([=<>]|\\s(i?like|in)\\s).*");

	/** The MLflow registered-model filter to search with, or null for every model. */
	String filter() {
		if (this.q == null || this.q.isBlank()) {
			return null;
		}
		String text = this.q.trim();
		if (FILTER.matcher(text).matches()) {
			return text;
		}
		char quote = (text.indexOf('\'') >= 0) ? '"' : '\'';
		return "name ILIKE " + quote + "%" + text + "%" + quote;
	}

	/** The search text, never null. */
	String text() {
		return (this.q != null) ? this.q : "";
	}

}
