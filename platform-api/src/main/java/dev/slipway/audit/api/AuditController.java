package dev.slipway.audit.api;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import dev.slipway.audit.AuditEvent;
import dev.slipway.audit.AuditQuery;
import dev.slipway.audit.AuditService;
import dev.slipway.audit.api.AuditJson.AuditEventJson;
import dev.slipway.audit.api.AuditJson.AuditPageJson;
import dev.slipway.query.Page;
import dev.slipway.query.api.QueryParams;
import dev.slipway.security.ResourceType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The audit trail over REST ({@code /api/v1/audit}): one page as JSON, or every matching
 * record as a CSV download. Callers see what {@link AuditService} lets them see;
 * {@code model=<name>} names a registered model, followed under every name it had.
 */
@Tag(name = "Audit trail", description = "The audit trail of the models the caller can read (admins: all)")
@RestController
@RequestMapping("/api/v1/audit")
class AuditController {

	/** Records one page holds when the caller names no size. */
	static final int DEFAULT_MAX_RESULTS = 100;

	private final AuditService audit;

	AuditController(AuditService audit) {
		this.audit = audit;
	}

	@Operation(summary = "One page of audit records, newest first")
	@GetMapping
	AuditPageJson page(@RequestParam(required = false) String model,
			@RequestParam(name = "resource_type", required = false) String resourceType,
			@RequestParam(required = false) String actor, @RequestParam(required = false) String action,
			@RequestParam(required = false) String from, @RequestParam(required = false) String to,
			@RequestParam(name = "page_token", required = false) String pageToken,
			@RequestParam(name = "max_results", required = false) String maxResults) {
		Page<AuditEvent> page = this.audit.page(query(model, resourceType, actor, action, from, to), pageToken,
				QueryParams.maxResults(maxResults, DEFAULT_MAX_RESULTS, AuditService.MAX_PAGE_SIZE));
		return new AuditPageJson(page.items().stream().map(AuditEventJson::of).toList(), page.nextPageToken());
	}

	/**
	 * Every matching record as {@code audit.csv}, written straight to the response as it
	 * is read. The headers are set on the first write, so a refusal before it still
	 * answers as Problem Details.
	 */
	@Operation(summary = "Every matching audit record as a CSV download (audit.csv)")
	@ApiResponse(responseCode = "200", description = "audit.csv", content = @Content(mediaType = "text/csv"))
	@GetMapping("/export")
	void export(@RequestParam(required = false) String model,
			@RequestParam(name = "resource_type", required = false) String resourceType,
			@RequestParam(required = false) String actor, @RequestParam(required = false) String action,
			@RequestParam(required = false) String from, @RequestParam(required = false) String to,
			HttpServletResponse response) throws IOException {
		AuditQuery query = query(model, resourceType, actor, action, from, to);
		try (Writer out = new CsvResponseWriter(response)) {
			this.audit.exportCsv(query, out);
		}
	}

	private AuditQuery query(String model, String resourceType, String actor, String action, String from, String to) {
		return this.audit.query(ResourceType.REGISTERED_MODEL, model, resourceType, actor, action,
				QueryParams.longParam("from", from), QueryParams.longParam("to", to));
	}

	/** A writer that makes the response a CSV attachment when the first text arrives. */
	private static final class CsvResponseWriter extends Writer {

		private final HttpServletResponse response;

		private Writer out;

		CsvResponseWriter(HttpServletResponse response) {
			this.response = response;
		}

		@Override
		public void write(char[] buffer, int offset, int length) throws IOException {
			writer().write(buffer, offset, length);
		}

		@Override
		public void write(String text) throws IOException {
			writer().write(text);
		}

		@Override
		public void flush() throws IOException {
			writer().flush();
		}

		@Override
		public void close() throws IOException {
			if (this.out != null) {
				this.out.flush();
			}
		}

		private Writer writer() throws IOException {
			if (this.out == null) {
				this.response.setCharacterEncoding(StandardCharsets.UTF_8.name());
				this.response.setContentType("text/csv;charset=UTF-8");
				this.response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
						ContentDisposition.attachment().filename("audit.csv").build().toString());
				this.out = this.response.getWriter();
			}
			return this.out;
		}

	}

}
