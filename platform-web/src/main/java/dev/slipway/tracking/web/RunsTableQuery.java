package dev.slipway.tracking.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.slipway.tracking.search.ViewType;

import org.springframework.web.util.UriComponentsBuilder;

/**
 * What the runs table shows: the query parameters of {@code /experiments/{id}/runs}.
 *
 * @param filter an MLflow run filter, or null
 * @param orderBy one MLflow order clause ({@code metrics.rmse ASC}), or null
 * @param view {@code active}, {@code deleted} or {@code all}
 * @param pageToken the page, or null for the first
 * @param pageSize rows per page, default {@value #DEFAULT_PAGE_SIZE}, at most
 * {@value #MAX_PAGE_SIZE}
 * @param prev tokens of the pages before this one, oldest first ({@value #FIRST_PAGE} is
 * the first page)
 */
record RunsTableQuery(String filter, String orderBy, String view, String pageToken, Integer pageSize,
		List<String> prev) {

	static final int DEFAULT_PAGE_SIZE = 50;

	static final int MAX_PAGE_SIZE = 200;

	/** The previous-page token of the first page (request binding drops empty values). */
	static final String FIRST_PAGE = "-";

	/** Rows per page, within bounds. */
	public int size() {
		return (this.pageSize == null) ? DEFAULT_PAGE_SIZE : Math.max(1, Math.min(MAX_PAGE_SIZE, this.pageSize));
	}

	ViewType viewType() {
		return switch (viewName()) {
			case "deleted" -> ViewType.DELETED_ONLY;
			case "all" -> ViewType.ALL;
			default -> ViewType.ACTIVE_ONLY;
		};
	}

	public String viewName() {
		String name = (this.view != null) ? this.view.toLowerCase(Locale.ROOT) : "active";
		return switch (name) {
			case "deleted", "all" -> name;
			default -> "active";
		};
	}

	public String filterText() {
		return (this.filter != null) ? this.filter.trim() : "";
	}

	public String orderText() {
		return (this.orderBy != null) ? this.orderBy.trim() : "";
	}

	/** The order for the search: none means MLflow's default (newest first). */
	List<String> orderList() {
		return orderText().isEmpty() ? null : List.of(orderText());
	}

	String token() {
		return (this.pageToken == null || this.pageToken.isBlank() || FIRST_PAGE.equals(this.pageToken)) ? null
				: this.pageToken;
	}

	List<String> previous() {
		return (this.prev != null) ? this.prev : List.of();
	}

	/** This table sorted by another order, from its first page. */
	RunsTableQuery sortedBy(String order) {
		return new RunsTableQuery(this.filter, order, this.view, null, this.pageSize, null);
	}

	/** The page after this one. */
	RunsTableQuery next(String token) {
		List<String> stack = new ArrayList<>(previous());
		stack.add((token() != null) ? token() : FIRST_PAGE);
		while (stack.size() > ExperimentsPageController.MAX_PREVIOUS) {
			stack.remove(0);
		}
		return new RunsTableQuery(this.filter, this.orderBy, this.view, token, this.pageSize, stack);
	}

	/** The page before this one, or null on the first page. */
	RunsTableQuery previousPage() {
		List<String> stack = previous();
		if (stack.isEmpty()) {
			return null;
		}
		String token = stack.get(stack.size() - 1);
		return new RunsTableQuery(this.filter, this.orderBy, this.view, FIRST_PAGE.equals(token) ? null : token,
				this.pageSize, stack.subList(0, stack.size() - 1));
	}

	/** This query as a link to the runs page of {@code experimentId}. */
	String href(String experimentId) {
		UriComponentsBuilder uri = UriComponentsBuilder.fromPath("/experiments/{id}/runs");
		if (!filterText().isEmpty()) {
			uri.queryParam("filter", filterText());
		}
		if (!orderText().isEmpty()) {
			uri.queryParam("orderBy", orderText());
		}
		if (!"active".equals(viewName())) {
			uri.queryParam("view", viewName());
		}
		if (this.pageSize != null && size() != DEFAULT_PAGE_SIZE) {
			uri.queryParam("pageSize", size());
		}
		if (token() != null) {
			uri.queryParam("pageToken", token());
		}
		for (String token : previous()) {
			uri.queryParam("prev", token);
		}
		return uri.encode().buildAndExpand(experimentId).toUriString();
	}

}
