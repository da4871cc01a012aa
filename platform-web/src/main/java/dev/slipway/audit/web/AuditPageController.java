package dev.slipway.audit.web;

import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

import dev.slipway.audit.AuditEvent;
import dev.slipway.audit.AuditQuery;
import dev.slipway.audit.AuditService;
import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.query.Page;
import dev.slipway.security.ResourceType;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.ContentDisposition;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The audit trail across models ({@code /audit}): who did what to which model, filtered
 * by model, person, action and day, with a CSV download of the same selection. Everyone
 * sees the records of the models they can read; admins see all.
 */
@Controller
@RequestMapping("/audit")
class AuditPageController {

	/** Records per page. */
	static final int PAGE_SIZE = 100;

	private final AuditService audit;

	private final AuditRows rows;

	AuditPageController(AuditService audit, AuditRows rows) {
		this.audit = audit;
		this.rows = rows;
	}

	@GetMapping
	String trail(@RequestParam(required = false) String model, @RequestParam(required = false) String actor,
			@RequestParam(required = false) String action, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to, @RequestParam(required = false) String page, Model view) {
		view.addAttribute("filterModel", model);
		view.addAttribute("filterActor", actor);
		view.addAttribute("filterAction", action);
		view.addAttribute("filterFrom", from);
		view.addAttribute("filterTo", to);
		view.addAttribute("actions", this.audit.actions());
		view.addAttribute("csv", link("/audit/export.csv", model, actor, action, from, to, null));
		try {
			Page<AuditEvent> found = this.audit.page(query(model, actor, action, from, to),
					(page == null || page.isBlank()) ? null : page, PAGE_SIZE);
			view.addAttribute("rows", this.rows.of(found.items()));
			view.addAttribute("next", (found.nextPageToken() != null)
					? link("/audit", model, actor, action, from, to, found.nextPageToken()) : null);
		}
		catch (SlipwayException ex) {
			if (ex.code() != ErrorCode.INVALID_ARGUMENT) {
				throw ex;
			}
			view.addAttribute("rows", List.of());
			view.addAttribute("filterError", ex.getMessage());
		}
		view.addAttribute("first", page != null && !page.isBlank());
		view.addAttribute("firstHref", link("/audit", model, actor, action, from, to, null));
		return "audit/trail";
	}

	/** The same selection as CSV, streamed with the browser session. */
	@GetMapping("/export.csv")
	void export(@RequestParam(required = false) String model, @RequestParam(required = false) String actor,
			@RequestParam(required = false) String action, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to, HttpServletResponse response) throws IOException {
		AuditQuery query = query(model, actor, action, from, to);
		response.setContentType("text/csv;charset=UTF-8");
		response.setHeader("Content-Disposition",
				ContentDisposition.attachment().filename("audit.csv").build().toString());
		this.audit.exportCsv(query, response.getWriter());
	}

	private AuditQuery query(String model, String actor, String action, String from, String to) {
		Long start = day("from", from, 0);
		// "To" names a day: the records of that whole day are included.
		Long end = day("to", to, 1);
		if (start != null && end != null && start >= end) {
			throw SlipwayException.invalidArgument("to", "must not be before from");
		}
		return this.audit.query(ResourceType.REGISTERED_MODEL, model, null, actor, action, start, end);
	}

	/** Midnight UTC of the day, plus {@code plusDays}; null for none. */
	private static Long day(String field, String value, int plusDays) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return LocalDate.parse(value.trim())
				.plusDays(plusDays)
				.atStartOfDay(ZoneOffset.UTC)
				.toInstant()
				.toEpochMilli();
		}
		catch (DateTimeParseException ex) {
			throw SlipwayException.invalidArgument(field, "'" + value + "' is not a date (YYYY-MM-DD)");
		}
	}

	private static String link(String path, String model, String actor, String action, String from, String to,
			String page) {
		UriComponentsBuilder uri = UriComponentsBuilder.fromPath(path);
		add(uri, "model", model);
		add(uri, "actor", actor);
		add(uri, "action", action);
		add(uri, "from", from);
		add(uri, "to", to);
		add(uri, "page", page);
		return uri.encode().build().toUriString();
	}

	private static void add(UriComponentsBuilder uri, String name, String value) {
		if (value != null && !value.isBlank()) {
			uri.queryParam(name, value);
		}
	}

}
