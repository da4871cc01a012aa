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
	 * Merges the windows into the stored profiles and performance states and files the
	 * predictions that wait for labels. Answers false, writing nothing, when the
	 * monitor's reference changed since the batch was profiled (its bins are stale).
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public boolean merge(long monitorId, long generation, Profiler.Profiled profiled, long now) {
		MonitorEntity monitor = this.monitors.lockById(monitorId)
			.orElseThrow(() -> new SlipwayException(ErrorCode.NOT_FOUND, "Monitor " + monitorId + " does not exist"));
		if (monitor.referenceGeneration() != generation) {
			return false;
		}
		Map<String, List<Profiler.WindowKey>> byGrain = new LinkedHashMap<>();
		profiled.windows()
			.keySet()
			.forEach((key) -> byGrain.computeIfAbsent(key.grain(), (g) -> new ArrayList<>()).add(key));
		byGrain.forEach((grain, keys) -> {
			List<Long> starts = keys.stream().map(Profiler.WindowKey::start).toList();
			Map<String, ProfileRepository.Row> existing = new HashMap<>();
			for (ProfileRepository.Row row : this.profiles.windows(monitorId, grain, starts)) {
				existing.put(row.start() + "/" + row.column(), row);
			}
			Map<Long, String> performance = this.profiles.performance(monitorId, grain, starts);
			List<ProfileRepository.Row> inserts = new ArrayList<>();
			List<ProfileRepository.Row> updates = new ArrayList<>();
			for (Profiler.WindowKey key : keys) {
				Profiler.Window window = profiled.windows().get(key);
				window.columns().forEach((column, profile) -> {
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
				if (window.performance() != null && window.performance().labeled() > 0) {
					mergePerformance(monitorId, grain, key.start(), window.performance(), performance.get(key.start()),
							now);
				}
			}
			this.profiles.insert(monitorId, grain, inserts, now);
			this.profiles.update(monitorId, grain, updates, now);
			this.profiles.deleteResults(monitorId, grain, starts);
		});
		this.profiles.addPending(monitorId, profiled.pending(), now);
		return true;
	}

	/**
	 * Applies labels to waiting predictions: each joins its window's performance (and its
	 * day's, for an hourly monitor) and stops waiting. Answers the ids that matched.
	 */
	@Transactional
	public List<String> applyLabels(long monitorId, MonitorSchema schema, WindowUnit unit, java.time.ZoneId zone,
			Map<String, String> labels, long now) {
		this.monitors.lockById(monitorId)
			.orElseThrow(() -> new SlipwayException(ErrorCode.NOT_FOUND, "Monitor " + monitorId + " does not exist"));
		List<Profiler.Pending> found = this.profiles.pending(monitorId, List.copyOf(labels.keySet()));
		Map<Profiler.WindowKey, PerformanceState> states = new LinkedHashMap<>();
		for (Profiler.Pending pending : found) {
			List<Profiler.WindowKey> keys = new ArrayList<>();
			keys.add(new Profiler.WindowKey(unit.grain(), pending.start()));
			if (unit == WindowUnit.HOUR) {
				keys.add(new Profiler.WindowKey(WindowUnit.DAY.grain(), WindowUnit.DAY.start(pending.start(), zone)));
			}
			for (Profiler.WindowKey key : keys) {
				Labels.add(states.computeIfAbsent(key, (k) -> new PerformanceState()), schema, pending.predicted(),
						pending.probability(), labels.get(pending.id()));
			}
		}
		Map<String, List<Profiler.WindowKey>> byGrain = new LinkedHashMap<>();
		states.keySet().forEach((key) -> byGrain.computeIfAbsent(key.grain(), (g) -> new ArrayList<>()).add(key));
		byGrain.forEach((grain, keys) -> {
			List<Long> starts = keys.stream().map(Profiler.WindowKey::start).toList();
			Map<Long, String> stored = this.profiles.performance(monitorId, grain, starts);
			for (Profiler.WindowKey key : keys) {
				mergePerformance(monitorId, grain, key.start(), states.get(key), stored.get(key.start()), now);
			}
			this.profiles.deleteResults(monitorId, grain, starts);
		});
		List<String> matched = found.stream().map(Profiler.Pending::id).toList();
		this.profiles.deletePending(monitorId, matched);
		return matched;
	}

	private void mergePerformance(long monitorId, String grain, long start, PerformanceState state, String stored,
			long now) {
		PerformanceState merged = (stored != null) ? PerformanceState.fromJson(stored) : new PerformanceState();
		merged.merge(state);
		this.profiles.savePerformance(monitorId, grain, start, merged.labeled(), merged.toJson(), stored != null, now);
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
