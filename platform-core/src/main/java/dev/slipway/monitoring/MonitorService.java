package dev.slipway.monitoring;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.query.Page;
import dev.slipway.query.PageToken;
import dev.slipway.registry.ModelDirectory;
import dev.slipway.security.CurrentUser;
import dev.slipway.security.PermissionService;
import dev.slipway.security.ResourceType;
import dev.slipway.tracking.DatasetFiles;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Monitors of registered models: their lifecycle, their reference, the production data
 * they profile and the drift of each window. Permissions follow the model (READ to look,
 * EDIT to change or send data).
 */
@Service
@Transactional(readOnly = true)
public class MonitorService {

	/** Longest monitor name. */
	public static final int MAX_NAME = 250;

	/** Longest description. */
	public static final int MAX_DESCRIPTION = 5000;

	/** Most monitors one page lists. */
	public static final int MAX_PAGE_SIZE = 200;

	/** The KLL size of references: one up to this many values keeps every one. */
	static final int REFERENCE_EXACT_K = 1024;

	/** Most windows one drift read answers. */
	public static final int MAX_WINDOWS = 1000;

	/** The format of a body of rows. */
	public enum Format {

		/** JSON records or split orientation. */
		JSON,

		/** CSV with a header line. */
		CSV,

		/** An Apache Parquet file (top-level primitive columns). */
		PARQUET

	}

	/** What one production batch did. */
	public record Ingested(long rows, List<Long> windows) {
	}

	/**
	 * What a batch of labels did.
	 *
	 * @param received label rows read
	 * @param matched labels that joined a waiting prediction
	 * @param unmatched labels whose id matched none (unknown, labelled before, or past
	 * the label horizon)
	 */
	public record LabelsApplied(long received, long matched, long unmatched) {
	}

	private final MonitorRepository monitors;

	private final ProfileRepository profiles;

	private final ProfileStore store;

	private final DatasetFiles datasets;

	private final ModelDirectory models;

	private final PermissionService permissions;

	private final MonitoringSettings settings;

	private final ApplicationEventPublisher events;

	private final JdbcClient jdbc;

	private final Clock clock;

	MonitorService(MonitorRepository monitors, ProfileRepository profiles, ProfileStore store, DatasetFiles datasets,
			ModelDirectory models, PermissionService permissions, MonitoringSettings settings,
			ApplicationEventPublisher events, JdbcClient jdbc, Clock clock) {
		this.monitors = monitors;
		this.profiles = profiles;
		this.store = store;
		this.datasets = datasets;
		this.models = models;
		this.permissions = permissions;
		this.settings = settings;
		this.events = events;
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** Creates a monitor on a registered model. */
	@Transactional
	@PreAuthorize("@monitorAccess.model(#modelName, 'EDIT')")
	public Monitor create(String modelName, NewMonitor draft) {
		long modelId = this.models.lock(modelName)
			.orElseThrow(() -> new SlipwayException(ErrorCode.NOT_FOUND,
					"Registered model '" + modelName + "' does not exist"));
		String name = name(draft.name());
		if (this.monitors.existsByModelIdAndName(modelId, name)) {
			throw new SlipwayException(ErrorCode.ALREADY_EXISTS,
					"Model '" + modelName + "' already has a monitor named '" + name + "'");
		}
		if (this.monitors.countByModelId(modelId) >= this.settings.maxMonitorsPerModel()) {
			throw new SlipwayException(ErrorCode.INVALID_STATE, "Model '" + modelName + "' already has "
					+ this.settings.maxMonitorsPerModel() + " monitors, the most one model may have");
		}
		if (draft.modelVersion() != null && draft.modelVersion() < 1) {
			throw invalid("model_version must be a positive version number");
		}
		if (draft.schema() == null) {
			throw invalid("schema is required: the columns to profile, with their kinds");
		}
		MonitorSchema schema = draft.schema().checked(this.settings.maxColumns());
		DriftSettings drift = ((draft.drift() != null) ? draft.drift() : DriftSettings.DEFAULTS).checked(schema);
		WindowUnit window = (draft.window() != null) ? draft.window() : WindowUnit.DAY;
		String zone = zone(draft.timeZone());
		long now = this.clock.millis();
		MonitorEntity entity = new MonitorEntity(modelId, draft.modelVersion(), name, CurrentUser.require().username(),
				now);
		entity.describe(description(draft.description()), now);
		entity.configure(MonitorJson.write(schema), MonitorJson.write(drift), window, zone, now);
		entity = this.monitors.saveAndFlush(entity);
		Monitor monitor = view(entity, modelName);
		publish("monitor.created", modelId, modelName, Map.of(), state(monitor));
		return monitor;
	}

	/** One monitor. */
	@PreAuthorize("@monitorAccess.monitor(#id, 'READ')")
	public Monitor get(long id) {
		MonitorEntity entity = entity(id);
		return view(entity, modelName(entity));
	}

	/**
	 * Monitors the caller may read, of one model when {@code modelName} is not null,
	 * oldest first.
	 */
	@PreAuthorize("isAuthenticated()")
	public Page<Monitor> list(String modelName, String pageToken, int maxResults) {
		if (maxResults < 1 || maxResults > MAX_PAGE_SIZE) {
			throw invalid("max_results must be between 1 and " + MAX_PAGE_SIZE);
		}
		long after = PageToken.decode(pageToken);
		Long modelId = null;
		if (modelName != null && !modelName.isBlank()) {
			Optional<Long> id = this.models.idOf(modelName);
			if (id.isEmpty()) {
				return new Page<>(List.of(), null);
			}
			modelId = id.get();
		}
		String readable = this.permissions.visibility().readableSql(ResourceType.REGISTERED_MODEL, "m.model_id");
		List<Long> ids = this.jdbc
			.sql("SELECT m.id FROM monitors m WHERE m.id > ? AND (CAST(? AS BIGINT) IS NULL OR m.model_id = ?) AND "
					+ readable + " ORDER BY m.id FETCH FIRST " + (maxResults + 1) + " ROWS ONLY")
			.params(after, modelId, modelId)
			.query(Long.class)
			.list();
		boolean more = ids.size() > maxResults;
		List<MonitorEntity> entities = this.monitors.findByIdInOrderByIdAsc(more ? ids.subList(0, maxResults) : ids);
		Map<Long, String> names = this.models.names(entities.stream().map(MonitorEntity::modelId).distinct().toList());
		List<Monitor> items = entities.stream().map((e) -> view(e, names.get(e.modelId()))).toList();
		return new Page<>(items, more ? PageToken.encode(items.get(items.size() - 1).id()) : null);
	}

	/**
	 * Changes a monitor's description and drift settings (null keeps each); the schema
	 * and window are fixed at creation. {@code expectedVersion}, when given, must match.
	 */
	@Transactional
	@PreAuthorize("@monitorAccess.monitor(#id, 'EDIT')")
	public Monitor update(long id, Long expectedVersion, String description, DriftSettings drift) {
		MonitorEntity entity = this.monitors.lockById(id).orElseThrow(() -> notFound(id));
		if (expectedVersion != null && expectedVersion != entity.version()) {
			throw new SlipwayException(ErrorCode.INVALID_STATE, "Monitor " + id + " changed since version "
					+ expectedVersion + " (now " + entity.version() + "); reload and try again");
		}
		String modelName = modelName(entity);
		Monitor before = view(entity, modelName);
		long now = this.clock.millis();
		if (description != null) {
			entity.describe(description(description), now);
		}
		if (drift != null) {
			entity.settings(MonitorJson.write(drift.checked(before.schema())), now);
		}
		entity = this.monitors.saveAndFlush(entity);
		Monitor after = view(entity, modelName);
		publish("monitor.updated", entity.modelId(), modelName, state(before), state(after));
		return after;
	}

	/** Deletes a monitor with its profiles and results. */
	@Transactional
	@PreAuthorize("@monitorAccess.monitor(#id, 'EDIT')")
	public void delete(long id) {
		MonitorEntity entity = this.monitors.lockById(id).orElseThrow(() -> notFound(id));
		String modelName = modelName(entity);
		Monitor before = view(entity, modelName);
		this.monitors.delete(entity);
		publish("monitor.deleted", entity.modelId(), modelName, state(before), Map.of());
	}

	/**
	 * Profiles a batch of production rows into their windows. Parsing and profiling run
	 * before any lock; the merge runs in its own transaction under the monitor's lock, so
	 * the answer means the batch is stored.
	 */
	@Transactional(propagation = Propagation.NOT_SUPPORTED)
	@PreAuthorize("@monitorAccess.monitor(#id, 'EDIT')")
	public Ingested ingest(long id, Format format, InputStream body) {
		return ingest(id, (reader) -> read(reader, format,
				new LimitedInput(body, this.settings.maxBatchSize().toBytes(), "SLIPWAY_MONITORING_MAX_BATCH_SIZE")));
	}

	/**
	 * Profiles a batch of production rows handed over in memory, as serving's prediction
	 * log does: {@code columns} and one list of values per row, taken as {@link #ingest}
	 * takes the same rows in JSON's split orientation, without the JSON. The same bounds
	 * hold ({@code SLIPWAY_MONITORING_MAX_BATCH_ROWS}).
	 */
	@Transactional(propagation = Propagation.NOT_SUPPORTED)
	@PreAuthorize("@monitorAccess.monitor(#id, 'EDIT')")
	public Ingested ingestRows(long id, List<String> columns, List<? extends List<?>> rows) {
		return ingest(id, (reader) -> reader.rows(columns, rows));
	}

	private Ingested ingest(long id, Consumer<BatchReader> reading) {
		MonitorEntity entity = entity(id);
		MonitorSchema schema = MonitorJson.read(entity.schemaJson(), MonitorSchema.class);
		ZoneId zone = ZoneId.of(entity.timeZone());
		WindowUnit unit = WindowUnit.valueOf(entity.windowUnit());
		List<Batch> batches = new ArrayList<>(1);
		reading.accept(new BatchReader(schema, zone, this.settings.maxBatchRows(), this.settings.maxBatchRows(),
				batches::add));
		if (batches.isEmpty()) {
			return new Ingested(0, List.of());
		}
		Batch batch = batches.get(0);
		long now = this.clock.millis();
		for (int attempt = 0;; attempt++) {
			long generation = this.monitors.findById(id)
				.map(MonitorEntity::referenceGeneration)
				.orElseThrow(() -> notFound(id));
			Profiler.Layout layout = new Profiler.Layout(unit, zone, this.settings.kllK(), bins(id), generation);
			Profiler.Profiled profiled = Profiler.profile(batch, layout, now);
			if (this.store.merge(id, generation, profiled, now) || attempt >= 3) {
				List<Long> starts = profiled.windows()
					.keySet()
					.stream()
					.filter((key) -> key.grain().equals(unit.grain()))
					.map(Profiler.WindowKey::start)
					.toList();
				return new Ingested(batch.rows(), starts);
			}
		}
	}

	/**
	 * Merges profiles computed elsewhere into the window holding {@code time}: sketches
	 * (KLL for numbers, frequent strings and HLL for categories) as the DataSketches
	 * libraries write them. Columns not in the schema are refused; the window's drift is
	 * estimated from the merged sketches from then on.
	 */
	@Transactional(propagation = Propagation.NOT_SUPPORTED)
	@PreAuthorize("@monitorAccess.monitor(#id, 'EDIT')")
	public Ingested ingestSketches(long id, long time, Map<String, UploadedSketch> columns) {
		MonitorEntity entity = entity(id);
		MonitorSchema schema = MonitorJson.read(entity.schemaJson(), MonitorSchema.class);
		if (columns == null || columns.isEmpty()) {
			throw invalid("columns must hold at least one column's sketches");
		}
		ZoneId zone = ZoneId.of(entity.timeZone());
		WindowUnit unit = WindowUnit.valueOf(entity.windowUnit());
		Map<String, ColumnProfile> profiles = new LinkedHashMap<>();
		columns.forEach((name, sketch) -> {
			MonitorSchema.Column column = schema.column(name)
				.orElseThrow(() -> invalid("columns." + name + " is not a column of the monitor's schema"));
			if (sketch == null) {
				throw invalid("columns." + name + " has no sketches");
			}
			profiles.put(name, ColumnProfile.uploaded(column.kind(), sketch, name));
		});
		Map<Profiler.WindowKey, Profiler.Window> windows = new LinkedHashMap<>();
		long start = unit.start(time, zone);
		windows.put(new Profiler.WindowKey(unit.grain(), start), new Profiler.Window(profiles, null));
		if (unit == WindowUnit.HOUR) {
			windows.put(new Profiler.WindowKey(WindowUnit.DAY.grain(), WindowUnit.DAY.start(time, zone)),
					new Profiler.Window(profiles, null));
		}
		long rows = profiles.values().stream().mapToLong((p) -> p.count() + p.nulls()).max().orElse(0);
		long generation = entity.referenceGeneration();
		if (!this.store.merge(id, generation, new Profiler.Profiled(windows, List.of()), this.clock.millis())) {
			this.store.merge(id, this.monitors.findById(id).orElseThrow(() -> notFound(id)).referenceGeneration(),
					new Profiler.Profiled(windows, List.of()), this.clock.millis());
		}
		return new Ingested(rows, List.of(start));
	}

	/**
	 * Applies labels sent after their predictions: each row names a prediction id (the
	 * schema's id column) and its label (the label column). A label joins the window its
	 * prediction was made in; ids that match no waiting prediction (unknown, already
	 * labelled, or past the label horizon) are counted, not refused.
	 */
	@Transactional(propagation = Propagation.NOT_SUPPORTED)
	@PreAuthorize("@monitorAccess.monitor(#id, 'EDIT')")
	public LabelsApplied labels(long id, Format format, InputStream body) {
		MonitorEntity entity = entity(id);
		MonitorSchema schema = MonitorJson.read(entity.schemaJson(), MonitorSchema.class);
		if (schema.label() == null || schema.predictionId() == null) {
			throw new SlipwayException(ErrorCode.INVALID_STATE,
					"Monitor " + id + " has no label and prediction id columns in its schema, so labels cannot join");
		}
		ZoneId zone = ZoneId.of(entity.timeZone());
		List<Batch> batches = new ArrayList<>(1);
		read(new BatchReader(schema, zone, this.settings.maxBatchRows(), this.settings.maxBatchRows(), batches::add),
				format,
				new LimitedInput(body, this.settings.maxBatchSize().toBytes(), "SLIPWAY_MONITORING_MAX_BATCH_SIZE"));
		Map<String, String> labels = new LinkedHashMap<>();
		long received = 0;
		for (Batch batch : batches) {
			for (int row = 0; row < batch.rows(); row++) {
				received++;
				if (batch.ids()[row] != null && batch.labels()[row] != null) {
					labels.put(batch.ids()[row], batch.labels()[row]);
				}
			}
		}
		List<String> matched = labels.isEmpty() ? List.of() : this.store.applyLabels(id, schema,
				WindowUnit.valueOf(entity.windowUnit()), zone, labels, this.clock.millis());
		return new LabelsApplied(received, matched.size(), received - matched.size());
	}

	/**
	 * Sets the reference from a file of rows (CSV or JSON), read twice from a spooled
	 * copy: once to freeze each column's bins, once to profile it over them.
	 */
	@Transactional(propagation = Propagation.NOT_SUPPORTED)
	@PreAuthorize("@monitorAccess.monitor(#id, 'EDIT')")
	public Monitor setReference(long id, Format format, InputStream body, String source) {
		return reference(id, format, body, source);
	}

	/**
	 * Sets the reference from a dataset logged to a tracking run
	 * ({@code mlflow.log_input}) whose file Slipway stores: CSV, JSON or Parquet, by the
	 * file's extension. Takes READ on the run besides EDIT on the monitor.
	 */
	@Transactional(propagation = Propagation.NOT_SUPPORTED)
	@PreAuthorize("@monitorAccess.monitor(#id, 'EDIT')")
	public Monitor setReferenceFromDataset(long id, String runId, String datasetName) {
		if (runId == null || runId.isBlank() || datasetName == null || datasetName.isBlank()) {
			throw invalid("run_id and name (the dataset's) are required");
		}
		DatasetFiles.DatasetFile file = this.datasets.open(runId.strip(), datasetName.strip());
		String name = file.fileName().toLowerCase(java.util.Locale.ROOT);
		Format format = name.endsWith(".csv") ? Format.CSV : name.endsWith(".json") ? Format.JSON
				: (name.endsWith(".parquet") || name.endsWith(".pq")) ? Format.PARQUET : null;
		if (format == null) {
			throw invalid("the dataset's file '" + file.fileName() + "' is not .csv, .json or .parquet");
		}
		try (InputStream in = file.content().content()) {
			return reference(id, format, in, file.label());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private Monitor reference(long id, Format format, InputStream body, String source) {
		MonitorEntity entity = entity(id);
		MonitorSchema schema = MonitorJson.read(entity.schemaJson(), MonitorSchema.class);
		ZoneId zone = ZoneId.of(entity.timeZone());
		Path spool = spool(body, this.settings.maxReferenceSize().toBytes(), "SLIPWAY_MONITORING_MAX_REFERENCE_SIZE");
		try {
			BinPlanner planner = new BinPlanner(schema, this.settings.bins(), this.settings.maxCategories(),
					this.settings.kllK());
			readFile(spool, schema, zone, format, planner::add);
			Map<String, BinSpec> bins = planner.plan();
			long generation = entity.referenceGeneration() + 1;
			// References up to REFERENCE_EXACT_K values keep every value, so the KS test
			// that
			// Evidently picks for small references is exact on the reference side.
			Profiler.Layout layout = new Profiler.Layout(WindowUnit.DAY, zone,
					Math.max(this.settings.kllK(), REFERENCE_EXACT_K), bins, generation);
			Map<String, ColumnProfile> reference = new LinkedHashMap<>();
			long[] rows = { 0 };
			readFile(spool, schema, zone, format, (batch) -> {
				rows[0] += batch.rows();
				Profiler.all(batch, layout).forEach((column, profile) -> reference.merge(column, profile, (a, b) -> {
					a.merge(b);
					return a;
				}));
			});
			if (rows[0] == 0) {
				throw invalid("the reference has no rows");
			}
			String label = (source != null && !source.isBlank()) ? clip(source, 2000) : "upload";
			return view(this.store.replaceReference(id, entity.referenceGeneration(), reference, bins, label, rows[0],
					this.clock.millis()), modelName(entity));
		}
		finally {
			try {
				Files.deleteIfExists(spool);
			}
			catch (IOException ex) {
				// A temporary file left behind is removed with the folder; nothing to
				// answer.
			}
		}
	}

	/**
	 * Sets the reference from the monitor's own production data: the day windows with
	 * {@code from ≤ start < to}, merged. Bins are frozen from the merged sketches, and
	 * the reference's own bin counts are estimated from them (drift says so).
	 */
	@Transactional(propagation = Propagation.NOT_SUPPORTED)
	@PreAuthorize("@monitorAccess.monitor(#id, 'EDIT')")
	public Monitor setReferenceFromRange(long id, long from, long to) {
		MonitorEntity entity = entity(id);
		if (from >= to) {
			throw invalid("the reference range needs from < to");
		}
		MonitorSchema schema = MonitorJson.read(entity.schemaJson(), MonitorSchema.class);
		Map<String, ColumnProfile> reference = new LinkedHashMap<>();
		for (ProfileRepository.Row row : this.profiles.range(id, WindowUnit.DAY.grain(), from, to)) {
			Optional<MonitorSchema.Column> column = schema.column(row.column());
			if (column.isEmpty()) {
				continue;
			}
			ColumnProfile profile = ColumnProfile.of(column.get().kind(), row.profile());
			ColumnProfile merged = reference.get(row.column());
			if (merged == null) {
				reference.put(row.column(), profile);
			}
			else {
				merged.merge(profile);
			}
		}
		long rows = reference.values().stream().mapToLong((p) -> p.count() + p.nulls()).max().orElse(0);
		if (rows == 0) {
			throw invalid("the monitor has no data between " + from + " and " + to + " to take as reference");
		}
		Map<String, BinSpec> bins = new LinkedHashMap<>();
		reference.forEach((name, profile) -> {
			if (profile.kind().categorical()) {
				bins.put(name, BinPlanner.categorical(profile.items(), this.settings.maxCategories()));
			}
			else {
				bins.put(name, BinPlanner.numeric(profile.kll(), exactDistinct(profile), this.settings.bins()));
			}
			profile.dropBins();
		});
		String source = "production " + java.time.Instant.ofEpochMilli(from) + " to "
				+ java.time.Instant.ofEpochMilli(to);
		return view(this.store.replaceReference(id, entity.referenceGeneration(), reference, bins, source, rows,
				this.clock.millis()), modelName(entity));
	}

	/**
	 * Drift of the monitor's windows of one grain with {@code from ≤ start < to}, oldest
	 * first, at most {@code maxWindows} (the newest ones). Results are computed from the
	 * stored profiles once and kept until the window's data, the reference or the
	 * settings change.
	 */
	@Transactional
	@PreAuthorize("@monitorAccess.monitor(#id, 'READ')")
	public List<WindowReport> drift(long id, WindowUnit grain, long from, long to, int maxWindows) {
		if (maxWindows < 1 || maxWindows > MAX_WINDOWS) {
			throw invalid("max_windows must be between 1 and " + MAX_WINDOWS);
		}
		return reports(entity(id), grain, from, to, maxWindows);
	}

	/**
	 * The reports of a monitor's windows with {@code from ≤ start < to}, oldest first
	 * (the newest {@code maxWindows}), from the result cache or computed and cached; no
	 * permission check (for alert evaluation and the pages' services).
	 */
	@Transactional
	List<WindowReport> reports(MonitorEntity entity, WindowUnit grain, long from, long to, int maxWindows) {
		long id = entity.id();
		List<Long> starts = new ArrayList<>(this.profiles.starts(id, grain.grain(), from, to, maxWindows));
		java.util.Collections.reverse(starts);
		if (starts.isEmpty()) {
			return List.of();
		}
		Map<Long, ProfileRepository.Result> cached = new HashMap<>();
		for (ProfileRepository.Result result : this.profiles.results(id, grain.grain(), starts.get(0),
				starts.get(starts.size() - 1) + 1)) {
			if (result.generation() == entity.referenceGeneration() && result.monitorVersion() == entity.version()) {
				cached.put(result.start(), result);
			}
		}
		List<Long> missing = starts.stream().filter((start) -> !cached.containsKey(start)).toList();
		Map<Long, WindowReport> computed = new HashMap<>();
		if (!missing.isEmpty()) {
			computed.putAll(compute(entity, grain, missing));
			long now = this.clock.millis();
			computed.values()
				.forEach((drift) -> this.profiles.saveResult(id, grain.grain(),
						new ProfileRepository.Result(drift.start(), entity.referenceGeneration(), entity.version(),
								drift.rows(), Double.isNaN(drift.driftShare()) ? null : drift.driftShare(),
								drift.verdict().name(), MonitorJson.write(drift)),
						now));
		}
		List<WindowReport> drifts = new ArrayList<>(starts.size());
		for (Long start : starts) {
			WindowReport drift = computed.get(start);
			drifts.add((drift != null) ? drift : MonitorJson.read(cached.get(start).json(), WindowReport.class));
		}
		return drifts;
	}

	/**
	 * One column over time: the reference's summary and each window's (counts, moments,
	 * quantiles, shares over the reference's bins, frequent values), oldest first.
	 */
	@PreAuthorize("@monitorAccess.monitor(#id, 'READ')")
	public ColumnHistory columnHistory(long id, String column, WindowUnit grain, long from, long to, int maxWindows) {
		if (maxWindows < 1 || maxWindows > MAX_WINDOWS) {
			throw invalid("max_windows must be between 1 and " + MAX_WINDOWS);
		}
		MonitorEntity entity = entity(id);
		MonitorSchema schema = MonitorJson.read(entity.schemaJson(), MonitorSchema.class);
		MonitorSchema.Column spec = schema.column(column)
			.orElseThrow(() -> new SlipwayException(ErrorCode.NOT_FOUND,
					"Monitor " + id + " has no column '" + column + "'"));
		DriftCalculator.Reference reference = references(entity, schema).get(column);
		BinSpec bins = (reference != null) ? reference.bins() : null;
		List<Long> starts = new ArrayList<>(this.profiles.starts(id, grain.grain(), from, to, maxWindows));
		java.util.Collections.reverse(starts);
		List<ColumnSummary> windows = new ArrayList<>();
		for (ProfileRepository.Row row : this.profiles.windows(id, grain.grain(), starts)) {
			if (row.column().equals(column)) {
				windows.add(ColumnProfile.of(spec.kind(), row.profile())
					.summary(row.start(), bins, entity.referenceGeneration()));
			}
		}
		return new ColumnHistory(column, spec.kind(), (bins != null) ? bins.labels() : List.of(),
				(reference != null) ? reference.profile().summary(0, bins, entity.referenceGeneration()) : null,
				windows);
	}

	/**
	 * Drift computed afresh from the stored profiles, without the result cache: what the
	 * drift benchmark measures.
	 */
	@PreAuthorize("@monitorAccess.monitor(#id, 'READ')")
	public List<WindowReport> computeDrift(long id, WindowUnit grain, long from, long to, int maxWindows) {
		MonitorEntity entity = entity(id);
		List<Long> starts = new ArrayList<>(this.profiles.starts(id, grain.grain(), from, to, maxWindows));
		java.util.Collections.reverse(starts);
		Map<Long, WindowReport> computed = compute(entity, grain, starts);
		return starts.stream().map(computed::get).toList();
	}

	private Map<Long, WindowReport> compute(MonitorEntity entity, WindowUnit grain, List<Long> starts) {
		MonitorSchema schema = MonitorJson.read(entity.schemaJson(), MonitorSchema.class);
		DriftSettings drift = MonitorJson.read(entity.settingsJson(), DriftSettings.class);
		Map<String, DriftCalculator.Reference> references = references(entity, schema);
		Map<Long, Map<String, ColumnProfile>> windows = new LinkedHashMap<>();
		for (ProfileRepository.Row row : this.profiles.windows(entity.id(), grain.grain(), starts)) {
			schema.column(row.column())
				.ifPresent((column) -> windows.computeIfAbsent(row.start(), (s) -> new HashMap<>())
					.put(row.column(), ColumnProfile.of(column.kind(), row.profile())));
		}
		Map<Long, String> performance = (schema.label() != null)
				? this.profiles.performance(entity.id(), grain.grain(), starts) : Map.of();
		Map<Long, WindowReport> result = new HashMap<>();
		windows.forEach((start, profiles) -> {
			WindowReport report = DriftCalculator.window(start, grain.grain(), schema, references, profiles, drift);
			if (schema.label() != null) {
				String state = performance.get(start);
				ColumnProfile predictions = profiles.get(schema.prediction());
				PerformanceMetrics metrics = ((state != null) ? PerformanceState.fromJson(state)
						: new PerformanceState())
					.metrics(schema.task(), schema.positive(), (predictions != null) ? predictions.count() : 0);
				report = report.withPerformance(metrics);
			}
			result.put(start, report);
		});
		return result;
	}

	/** The reference side of every column that has one. */
	Map<String, DriftCalculator.Reference> references(MonitorEntity entity, MonitorSchema schema) {
		Map<String, DriftCalculator.Reference> references = new HashMap<>();
		for (ProfileRepository.Row row : this.profiles.reference(entity.id())) {
			Optional<MonitorSchema.Column> column = schema.column(row.column());
			if (column.isPresent() && row.binSpec() != null) {
				references.put(row.column(),
						new DriftCalculator.Reference(ColumnProfile.of(column.get().kind(), row.profile()),
								MonitorJson.read(row.binSpec(), BinSpec.class), entity.referenceGeneration()));
			}
		}
		return references;
	}

	private Map<String, BinSpec> bins(long id) {
		Map<String, BinSpec> bins = new HashMap<>();
		this.jdbc.sql("SELECT column_name, bin_spec FROM monitor_profiles WHERE monitor_id = ? AND grain = 'R'")
			.params(id)
			.query((rs, n) -> {
				String spec = rs.getString("bin_spec");
				if (spec != null) {
					bins.put(rs.getString("column_name"), MonitorJson.read(spec, BinSpec.class));
				}
				return null;
			})
			.list();
		return bins;
	}

	private static java.util.Set<Double> exactDistinct(ColumnProfile profile) {
		if (profile.kll() == null || profile.kll().isEstimationMode()) {
			return null;
		}
		java.util.Set<Double> values = new java.util.TreeSet<>();
		for (double value : profile.kll().getSortedView().getQuantiles()) {
			values.add(value);
			if (values.size() > BinPlanner.FEW_VALUES) {
				return null;
			}
		}
		return values;
	}

	private void read(BatchReader reader, Format format, InputStream body) {
		switch (format) {
			case CSV -> reader.csv(body);
			case JSON -> reader.json(body);
			case PARQUET -> {
				// Parquet is read from its footer backwards: it needs the whole file
				// first.
				Path spool = spool(body, this.settings.maxBatchSize().toBytes(), "SLIPWAY_MONITORING_MAX_BATCH_SIZE");
				try {
					reader.parquet(spool);
				}
				finally {
					deleteQuietly(spool);
				}
			}
		}
	}

	private void readFile(Path file, MonitorSchema schema, ZoneId zone, Format format, Consumer<Batch> sink) {
		BatchReader reader = new BatchReader(schema, zone, Long.MAX_VALUE, 65_536, sink);
		if (format == Format.PARQUET) {
			reader.parquet(file);
			return;
		}
		try (InputStream in = Files.newInputStream(file)) {
			read(reader, format, in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			// A temporary file left behind goes with the temporary folder.
		}
	}

	/** Copies the body to a temporary file, refusing more than {@code limit} bytes. */
	private Path spool(InputStream body, long limit, String setting) {
		Path file;
		try {
			file = Files.createTempFile("slipway-reference-", ".tmp");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		try (OutputStream out = Files.newOutputStream(file)) {
			byte[] buffer = new byte[1 << 16];
			long total = 0;
			int n;
			while ((n = body.read(buffer)) > 0) {
				total += n;
				if (total > limit) {
					throw new SlipwayException(ErrorCode.PAYLOAD_TOO_LARGE,
							"the body is larger than " + limit + " bytes (" + setting + ")");
				}
				out.write(buffer, 0, n);
			}
			return file;
		}
		catch (IOException | RuntimeException ex) {
			try {
				Files.deleteIfExists(file);
			}
			catch (IOException ignored) {
				// The original failure is the one to answer.
			}
			if (ex instanceof IOException io) {
				throw new UncheckedIOException(io);
			}
			throw (RuntimeException) ex;
		}
	}

	/**
	 * How far a sample of prediction values lies from the monitor's reference prediction
	 * column, by the monitor's own method and thresholds for that column: what a
	 * rollout's prediction-drift gate reads for each version. With no values it answers
	 * NO_DATA, which tells whether the monitor can judge at all. No permission check:
	 * serving's rollout engine calls it for a deployment whose monitor was allowed when
	 * it was set.
	 * @return empty when the monitor is gone, names no prediction column, or has no
	 * reference for it
	 */
	public Optional<FeatureDrift> predictionDrift(long id, List<?> values) {
		MonitorEntity entity = this.monitors.findById(id).orElse(null);
		if (entity == null) {
			return Optional.empty();
		}
		MonitorSchema schema = MonitorJson.read(entity.schemaJson(), MonitorSchema.class);
		MonitorSchema.Column column = (schema.prediction() != null) ? schema.column(schema.prediction()).orElse(null)
				: null;
		DriftCalculator.Reference reference = (column != null) ? references(entity, schema).get(column.name()) : null;
		if (reference == null) {
			return Optional.empty();
		}
		ColumnProfile sample = ColumnProfile.empty(column.kind(), this.settings.kllK(), reference.bins(),
				reference.generation());
		BinSpec.Binner binner = reference.bins().binner();
		for (Object value : values) {
			addSampled(sample, column.kind(), binner, value);
		}
		return Optional.of(DriftCalculator.column(column, reference, sample,
				MonitorJson.read(entity.settingsJson(), DriftSettings.class)));
	}

	/** Adds one value as ingestion would read it from JSON. */
	private static void addSampled(ColumnProfile sample, ColumnKind kind, BinSpec.Binner binner, Object value) {
		if (kind.categorical()) {
			String text = (value == null) ? null : (value instanceof String string) ? string : MonitorJson.write(value);
			if (text == null) {
				sample.addNull();
			}
			else {
				sample.add(text, binner.bin(text));
			}
			return;
		}
		double number = (value instanceof Number n) ? n.doubleValue()
				: (value instanceof Boolean b) ? (b ? 1 : 0) : parse(value);
		if (Double.isNaN(number)) {
			sample.addNull();
		}
		else {
			sample.add(number, binner.bin(number));
		}
	}

	private static double parse(Object value) {
		if (value == null) {
			return Double.NaN;
		}
		try {
			return Double.parseDouble(value.toString().strip());
		}
		catch (NumberFormatException ex) {
			return Double.NaN;
		}
	}

	private MonitorEntity entity(long id) {
		return this.monitors.findById(id).orElseThrow(() -> notFound(id));
	}

	private String modelName(MonitorEntity entity) {
		return this.models.names(List.of(entity.modelId())).get(entity.modelId());
	}

	Monitor view(MonitorEntity entity, String modelName) {
		Monitor.Reference reference = (entity.referenceSetAt() != null)
				? new Monitor.Reference(entity.referenceSource(), entity.referenceRows(), entity.referenceSetAt(),
						entity.referenceGeneration())
				: null;
		return new Monitor(entity.id(), modelName, entity.modelVersion(), entity.name(), entity.description(),
				MonitorJson.read(entity.schemaJson(), MonitorSchema.class), WindowUnit.valueOf(entity.windowUnit()),
				entity.timeZone(), MonitorJson.read(entity.settingsJson(), DriftSettings.class), reference,
				entity.createdBy(), entity.createdAt(), entity.updatedAt(), entity.version());
	}

	private static Map<String, Object> state(Monitor monitor) {
		Map<String, Object> state = new LinkedHashMap<>();
		state.put("monitor", monitor.name());
		state.put("monitor_id", monitor.id());
		state.put("columns", monitor.schema().columns().size());
		state.put("window", monitor.window().name());
		state.put("drift_share", monitor.drift().driftShare());
		if (monitor.description() != null) {
			state.put("description", monitor.description());
		}
		if (monitor.reference() != null) {
			state.put("reference", monitor.reference().source());
			state.put("reference_rows", monitor.reference().rows());
		}
		return state;
	}

	private void publish(String action, long modelId, String modelName, Map<String, Object> before,
			Map<String, Object> after) {
		this.events.publishEvent(new MonitorChanged(this.clock.millis(), CurrentUser.require().username(), action,
				modelId, modelName, before, after));
	}

	private static String name(String name) {
		if (name == null || name.isBlank()) {
			throw invalid("name is required");
		}
		String trimmed = name.strip();
		if (trimmed.length() > MAX_NAME || trimmed.indexOf('\0') >= 0) {
			throw invalid("name must be at most " + MAX_NAME + " characters, without NUL");
		}
		return trimmed;
	}

	private static String description(String description) {
		if (description == null || description.isBlank()) {
			return null;
		}
		if (description.length() > MAX_DESCRIPTION || description.indexOf('\0') >= 0) {
			throw invalid("description must be at most " + MAX_DESCRIPTION + " characters, without NUL");
		}
		return description;
	}

	private static String zone(String zone) {
		if (zone == null || zone.isBlank()) {
			return "UTC";
		}
		try {
			return ZoneId.of(zone.strip()).getId();
		}
		catch (DateTimeException ex) {
			throw invalid("time_zone '" + clip(zone, 64) + "' is not a time zone (such as UTC or Europe/Berlin)");
		}
	}

	private static String clip(String value, int max) {
		return (value.length() > max) ? value.substring(0, max) : value;
	}

	private static SlipwayException notFound(long id) {
		return new SlipwayException(ErrorCode.NOT_FOUND, "Monitor " + id + " does not exist");
	}

	private static SlipwayException invalid(String message) {
		return new SlipwayException(ErrorCode.INVALID_ARGUMENT, message);
	}

}
