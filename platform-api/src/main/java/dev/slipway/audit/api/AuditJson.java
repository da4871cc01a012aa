package dev.slipway.audit.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.slipway.audit.AuditEvent;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The JSON of the audit routes ({@code /api/v1/audit}): snake_case, before and after as
 * the recorded JSON objects.
 */
final class AuditJson {

	private AuditJson() {
	}

	/** One audit record; before and after are the recorded JSON objects. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record AuditEventJson(long id, long occurredAt, String actor, String action, String resourceType, Long resourceId,
			String resourceName, Integer version, @JsonRawValue String before, @JsonRawValue String after,
			Long requestId, String reason) {

		static AuditEventJson of(AuditEvent event) {
			return new AuditEventJson(event.id(), event.occurredAt(), event.actor(), event.action(),
					event.resourceType(), event.resourceId(), event.resourceName(), event.version(),
					object(event.before()), object(event.after()), event.requestId(), event.reason());
		}

		private static String object(String json) {
			return (json == null || json.isBlank()) ? "{}" : json;
		}

	}

	/** One page of audit records. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record AuditPageJson(List<AuditEventJson> events, String nextPageToken) {
	}

}
