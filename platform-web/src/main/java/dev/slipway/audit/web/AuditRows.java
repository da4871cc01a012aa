package dev.slipway.audit.web;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.slipway.audit.AuditEvent;
import dev.slipway.security.ResourceType;

import org.springframework.stereotype.Component;

/** Audit records as the pages list them, linked to the pages of what they are about. */
@Component
public class AuditRows {

	private final Map<ResourceType, AuditLinks> links = new EnumMap<>(ResourceType.class);

	AuditRows(List<AuditLinks> links) {
		links.forEach((link) -> this.links.put(link.type(), link));
	}

	/**
	 * The records as the trail of every resource lists them: linked by the name each had
	 * then.
	 */
	List<AuditRow> of(List<AuditEvent> events) {
		return events.stream().map((event) -> row(event, event.resourceName())).toList();
	}

	/**
	 * The records of one resource as its own page lists them: linked by its current name.
	 */
	public List<AuditRow> of(String currentName, List<AuditEvent> events) {
		return events.stream().map((event) -> row(event, currentName)).toList();
	}

	private AuditRow row(AuditEvent event, String name) {
		AuditLinks link = links(event.resourceType());
		if (link == null || name == null) {
			return AuditRow.of(event, null, null, null);
		}
		return AuditRow.of(event, name, link.resource(name),
				(event.version() != null) ? link.version(name, event.version()) : null);
	}

	private AuditLinks links(String resourceType) {
		for (ResourceType type : this.links.keySet()) {
			if (type.name().equals(resourceType)) {
				return this.links.get(type);
			}
		}
		return null;
	}

}
