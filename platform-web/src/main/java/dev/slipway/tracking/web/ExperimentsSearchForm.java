package dev.slipway.tracking.web;

import java.util.Locale;
import java.util.regex.Pattern;

import dev.slipway.tracking.search.ViewType;

/**
 * The experiments list's search box and view: plain words search names, anything that
 * looks like a filter ({@code name LIKE '%churn%'}) is passed on as one.
 *
 * @param q what was typed, or null
 * @param view {@code active}, {@code deleted} or {@code all}
 */
record ExperimentsSearchForm(String q, String view) {

	private static final Pattern FILTER = Pattern.compile("(?i).*([=<>]|\\s(i?like|in)\\s).*");

	/** The MLflow filter to search with, or null for all experiments. */
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

	/** The view type named by {@code view}; active when unknown. */
	ViewType viewType() {
		return switch ((this.view != null) ? this.view.toLowerCase(Locale.ROOT) : "active") {
			case "deleted" -> ViewType.DELETED_ONLY;
			case "all" -> ViewType.ALL;
			default -> ViewType.ACTIVE_ONLY;
		};
	}

	/** The view's name as the page's links write it. */
	String viewName() {
		return switch (viewType()) {
			case DELETED_ONLY -> "deleted";
			case ALL -> "all";
			default -> "active";
		};
	}

	/** The search text, never null. */
	String text() {
		return (this.q != null) ? this.q : "";
	}

}
