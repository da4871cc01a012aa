package dev.slipway.serving;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.slipway.monitoring.Monitor;
import dev.slipway.monitoring.MonitorService;
import dev.slipway.security.ApiTokenService;
import dev.slipway.security.CurrentUser;
import dev.slipway.security.SlipwayPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Sends every prediction of a deployment with a monitor to that monitor, off the request
 * path: requests put their rows in a bounded queue and return; one thread sends them in
 * batches (at most {@code slipway.serving.prediction-batch} rows, at least every
 * {@code slipway.serving.prediction-flush-interval}), as the account that set the monitor
 * on the deployment. When the queue is full, or monitoring refuses a batch, the rows are
 * dropped and counted ({@code slipway.serving.predictions.dropped}) rather than slowing
 * requests.
 */
@Component
class PredictionLog implements InitializingBean, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(PredictionLog.class);

	/** How often a batch being gathered takes what has queued. */
	private static final long GATHER_MILLIS = 50;

	private final BlockingQueue<Entry> queue;

	private final MonitorService monitors;

	private final ApiTokenService tokens;

	private final ServingStats stats;

	private final ServingSettings settings;

	private final AtomicLong sent = new AtomicLong();

	private final AtomicLong dropped = new AtomicLong();

	private final Object idle = new Object();

	private volatile boolean running = true;

	private volatile int inFlight;

	private Thread worker;

	PredictionLog(MonitorService monitors, ApiTokenService tokens, ServingStats stats, ServingSettings settings) {
		this.monitors = monitors;
		this.tokens = tokens;
		this.stats = stats;
		this.settings = settings;
		this.queue = new ArrayBlockingQueue<>(settings.predictionQueue());
	}

	/**
	 * One prediction row.
	 *
	 * @param monitorId the monitor
	 * @param owner the account the row is sent as
	 * @param deployment the deployment, for the drop counter
	 * @param version the model version that answered
	 * @param columns the input's column names
	 * @param values the input row
	 * @param prediction the model's answer for the row
	 * @param predictionId the prediction's id
	 * @param time epoch milliseconds
	 * @param latencyMillis how long the model took to answer, in milliseconds
	 */
	record Entry(long monitorId, String owner, String deployment, int version, List<String> columns,
			List<Object> values, Object prediction, String predictionId, long time, double latencyMillis) {
	}

	/** Queues rows; those that do not fit are dropped and counted. */
	void offer(List<Entry> entries) {
		for (Entry entry : entries) {
			if (!this.queue.offer(entry)) {
				this.dropped.incrementAndGet();
				this.stats.dropped(entry.deployment(), 1);
			}
		}
	}

	/** Rows sent to monitoring so far. */
	long sent() {
		return this.sent.get();
	}

	/** Rows dropped so far. */
	long dropped() {
		return this.dropped.get();
	}

	/** Waits until the queue is empty and no batch is being sent, for tests. */
	boolean awaitIdle(long millis) throws InterruptedException {
		long end = System.currentTimeMillis() + millis;
		synchronized (this.idle) {
			while (!this.queue.isEmpty() || this.inFlight > 0) {
				long left = end - System.currentTimeMillis();
				if (left <= 0) {
					return false;
				}
				this.idle.wait(Math.min(left, 50));
			}
		}
		return true;
	}

	@Override
	public void afterPropertiesSet() {
		this.worker = new Thread(this::run, "serving-prediction-log");
		this.worker.setDaemon(true);
		this.worker.start();
	}

	@Override
	public void destroy() throws InterruptedException {
		this.running = false;
		this.worker.interrupt();
		this.worker.join(5000);
	}

	private void run() {
		List<Entry> batch = new ArrayList<>();
		long flushNanos = this.settings.predictionFlushInterval().toNanos();
		while (this.running) {
			try {
				Entry first = this.queue.poll(flushNanos, TimeUnit.NANOSECONDS);
				if (first == null) {
					continue;
				}
				this.inFlight = 1;
				batch.add(first);
				long deadline = System.nanoTime() + flushNanos;
				// Gathers the batch by draining every few milliseconds rather than being
				// woken for each row: a wake-up per prediction took the queue's lock from
				// the request threads and a core from them (docs/benchmarks.md,
				// "Serving").
				int size = this.settings.predictionBatch();
				while (batch.size() < size) {
					this.queue.drainTo(batch, size - batch.size());
					long left = deadline - System.nanoTime();
					if (batch.size() >= size || left <= 0) {
						break;
					}
					Thread.sleep(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), GATHER_MILLIS)));
				}
				send(batch);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				log.warn("Predictions not sent to monitoring: {}", ex.getMessage());
			}
			finally {
				batch.clear();
				this.inFlight = 0;
				synchronized (this.idle) {
					this.idle.notifyAll();
				}
			}
		}
	}

	private void send(List<Entry> batch) {
		Map<String, List<Entry>> groups = new LinkedHashMap<>();
		for (Entry entry : batch) {
			groups.computeIfAbsent(entry.monitorId() + "\u0000" + entry.owner(), (key) -> new ArrayList<>()).add(entry);
		}
		for (List<Entry> group : groups.values()) {
			Entry first = group.get(0);
			Optional<SlipwayPrincipal> owner = this.tokens.principalOf(first.owner());
			try {
				if (owner.isEmpty()) {
					throw new IllegalStateException("the account " + first.owner() + " is gone or disabled");
				}
				CurrentUser.runAs(owner.get(), () -> {
					Monitor monitor = this.monitors.get(first.monitorId());
					List<String> columns = columns(monitor, group.get(0));
					return this.monitors.ingestRows(first.monitorId(), columns, rows(group));
				});
				this.sent.addAndGet(group.size());
			}
			catch (RuntimeException ex) {
				this.dropped.addAndGet(group.size());
				this.stats.dropped(first.deployment(), group.size());
				log.warn("{} predictions of deployment {} not sent to monitor {}: {}", group.size(), first.deployment(),
						first.monitorId(), ex.getMessage());
			}
		}
	}

	/**
	 * The columns of the rows in split orientation: the input's, then the monitor's role
	 * columns named as it names them, the version and the latency.
	 */
	static List<String> columns(Monitor monitor, Entry first) {
		List<String> columns = new ArrayList<>(first.columns().size() + 5);
		columns.addAll(first.columns());
		columns.add((monitor.schema().prediction() != null) ? monitor.schema().prediction() : "prediction");
		columns.add((monitor.schema().predictionId() != null) ? monitor.schema().predictionId() : "prediction_id");
		columns.add((monitor.schema().timestamp() != null) ? monitor.schema().timestamp() : "timestamp");
		columns.add("model_version");
		columns.add("latency_ms");
		return columns;
	}

	/**
	 * One row of values per entry, in {@link #columns}' order: an entry whose input has
	 * other columns than the first's (another version's signature) is lined up by name.
	 */
	static List<List<Object>> rows(List<Entry> entries) {
		List<String> firstColumns = entries.get(0).columns();
		List<List<Object>> rows = new ArrayList<>(entries.size());
		for (Entry entry : entries) {
			List<Object> row = new ArrayList<>(firstColumns.size() + 5);
			if (entry.columns() == firstColumns || entry.columns().equals(firstColumns)) {
				row.addAll(entry.values());
			}
			else {
				for (String column : firstColumns) {
					int index = entry.columns().indexOf(column);
					row.add((index >= 0) ? entry.values().get(index) : null);
				}
			}
			row.add(entry.prediction());
			row.add(entry.predictionId());
			row.add(entry.time());
			row.add(entry.version());
			row.add(entry.latencyMillis());
			rows.add(row);
		}
		return rows;
	}

}
