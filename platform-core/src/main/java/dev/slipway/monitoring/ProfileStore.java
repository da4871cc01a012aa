package dev.slipway.monitoring;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.registry.ModelDirectory;
import dev.slipway.security.CurrentUser;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The write side of profiles: merges a batch's window profiles into the stored ones and
 * replaces a reference, each in one transaction under the monitor's row lock, so that
 * concurrent batches (on any replica) merge one after the other and none is lost.
 */
@Component
class ProfileStore {

	private final MonitorRepository monitors;

	private final ProfileRepository profiles;

	private final ModelDirectory models;

	private final ApplicationEventPublisher events;

	ProfileStore(MonitorRepository monitors, ProfileRepository profiles, ModelDirectory models,
			ApplicationEventPublisher events) {
		this.monitors = monitors;
		this.profiles = profiles;
		this.models = models;
		this.events = events;
	}

	/**
	 * Merges the windows into the stored profiles. Answers false, writing nothing, when
	 * the monitor's reference changed since the batch was profiled (its bins are stale).
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public boolean merge(long monitorId, long generation, Map<Profiler.WindowKey, Map<String, ColumnProfile>> windows,
			long now) {
		MonitorEntity monitor = this.monitors.lockById(monitorId)
			.orElseThrow(() -> new SlipwayException(ErrorCode.NOT_FOUND, "Monitor " + monitorId + " does not exist"));
		if (monitor.referenceGeneration() != generation) {
			return false;
		}
		Map<String, List<Profiler.WindowKey>> byGrain = new LinkedHashMap<>();
		windows.keySet().forEach((key) -> byGrain.computeIfAbsent(key.grain(), (g) -> new ArrayList<>()).add(key));
		byGrain.forEach((grain, keys) -> {
			List<Long> starts = keys.stream().map(Profiler.WindowKey::start).toList();
			Map<String, ProfileRepository.Row> existing = new HashMap<>();
			for (ProfileRepository.Row row : this.profiles.windows(monitorId, grain, starts)) {
				existing.put(row.start() + "/" + row.column(), row);
			}
			List<ProfileRepository.Row> inserts = new ArrayList<>();
			List<ProfileRepository.Row> updates = new ArrayList<>();
			for (Profiler.WindowKey key : keys) {
				windows.get(key).forEach((column, profile) -> {
					ProfileRepository.Row old = existing.get(key.start() + "/" + column);
					if (old == null) {
						inserts.add(new ProfileRepository.Row(key.start(), column, profile.stored(), null));
					}
					else {
						ColumnProfile merged = ColumnProfile.of(profile.kind(), old.profile());
						merged.merge(profile);
						updates.add(new ProfileRepository.Row(key.start(), column, merged.stored(), null));
					}
				});
			}
			this.profiles.insert(monitorId, grain, inserts, now);
			this.profiles.update(monitorId, grain, updates, now);
			this.profiles.deleteResults(monitorId, grain, starts);
		});
		return true;
	}

	/**
	 * Replaces the monitor's reference with new profiles and bins, starting a new
	 * reference generation, and records it in the model's audit trail. Fails with
	 * INVALID_STATE when another reference was set since {@code generation}.
	 */
	@Transactional
	public MonitorEntity replaceReference(long monitorId, long generation, Map<String, ColumnProfile> reference,
			Map<String, BinSpec> bins, String source, long rows, long now) {
		MonitorEntity monitor = this.monitors.lockById(monitorId)
			.orElseThrow(() -> new SlipwayException(ErrorCode.NOT_FOUND, "Monitor " + monitorId + " does not exist"));
		if (monitor.referenceGeneration() != generation) {
			throw new SlipwayException(ErrorCode.INVALID_STATE,
					"Another reference was set for monitor " + monitorId + " meanwhile; send this one again");
		}
		String before = monitor.referenceSource();
		long next = monitor.newReference(source, rows, now);
		this.profiles.deleteReference(monitorId);
		List<ProfileRepository.Row> rowsToWrite = new ArrayList<>();
		reference.forEach((column, profile) -> {
			profile.rebin(next);
			rowsToWrite
				.add(new ProfileRepository.Row(0, column, profile.stored(), MonitorJson.write(bins.get(column))));
		});
		this.profiles.insert(monitorId, ProfileRepository.REFERENCE, rowsToWrite, now);
		MonitorEntity saved = this.monitors.saveAndFlush(monitor);
		Map<String, Object> after = new LinkedHashMap<>();
		after.put("monitor", monitor.name());
		after.put("reference", source);
		after.put("reference_rows", rows);
		this.events.publishEvent(new MonitorChanged(now, CurrentUser.require().username(), "monitor.reference_set",
				monitor.modelId(), this.models.names(List.of(monitor.modelId())).get(monitor.modelId()),
				(before != null) ? Map.of("reference", before) : Map.of(), after));
		return saved;
	}

}
