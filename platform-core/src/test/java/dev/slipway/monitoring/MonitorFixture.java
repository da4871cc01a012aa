package dev.slipway.monitoring;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;

import dev.slipway.registry.RegistryService;
import dev.slipway.security.Accounts;
import dev.slipway.security.MutableClock;
import dev.slipway.testsupport.WithSlipwayUser;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the monitoring tests share: the services, a registered model per test, and
 * builders of reproducible rows (a seeded generator per call) as CSV or JSON.
 */
@WithSlipwayUser
abstract class MonitorFixture {

	/** Midnight UTC of the first day the tests send data for. */
	static final long DAY_ONE = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();

	static final long DAY = 86_400_000L;

	/** A schema with a number, a category, a prediction and a timestamp. */
	static final MonitorSchema SCHEMA = new MonitorSchema(
			List.of(new MonitorSchema.Column("x", ColumnKind.NUMERICAL),
					new MonitorSchema.Column("color", ColumnKind.CATEGORICAL),
					new MonitorSchema.Column("score", ColumnKind.NUMERICAL)),
			"score", null, null, "ts", null, null, null);

	@Autowired
	ApplicationContext context;

	@Autowired
	MonitorService monitors;

	@Autowired
	RegistryService registry;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MutableClock clock;

	Accounts accounts;

	@BeforeEach
	void accounts() {
		this.accounts = Accounts.of(this.context);
	}

	/** A new registered model with a unique name. */
	String model(String prefix) {
		String name = Accounts.unique(prefix);
		this.registry.createModel(name, null, List.of());
		return name;
	}

	/** A daily monitor of {@link #SCHEMA} on a new model. */
	Monitor monitor(String prefix) {
		return this.monitors.create(model(prefix),
				new NewMonitor("data", null, null, SCHEMA, WindowUnit.DAY, "UTC", null));
	}

	/**
	 * {@code rows} rows as CSV: x normal with the given mean, color mostly red and blue
	 * (green when shifted), score uniform, at {@code time}.
	 */
	static String csv(int rows, double mean, boolean shifted, long time, long seed) {
		Random random = new Random(seed);
		StringBuilder csv = new StringBuilder("ts,x,color,score,ignored\n");
		for (int i = 0; i < rows; i++) {
			csv.append(time)
				.append(',')
				.append(mean + random.nextGaussian())
				.append(',')
				.append(color(random, shifted))
				.append(',')
				.append(random.nextDouble())
				.append(",\"a, b\"\n");
		}
		return csv.toString();
	}

	/** The same kind of rows as JSON records. */
	static String json(int rows, double mean, boolean shifted, long time, long seed) {
		Random random = new Random(seed);
		StringBuilder json = new StringBuilder("{\"records\": [");
		for (int i = 0; i < rows; i++) {
			json.append((i > 0) ? "," : "")
				.append("{\"ts\":")
				.append(time)
				.append(",\"x\":")
				.append(mean + random.nextGaussian())
				.append(",\"color\":\"")
				.append(color(random, shifted))
				.append("\",\"score\":")
				.append(random.nextDouble())
				.append(",\"extra\":{\"nested\":[1,2]}}");
		}
		return json.append("]}").toString();
	}

	private static String color(Random random, boolean shifted) {
		double u = random.nextDouble();
		if (shifted) {
			return (u < 0.4) ? "green" : (u < 0.7) ? "red" : "blue";
		}
		return (u < 0.6) ? "red" : "blue";
	}

	static ByteArrayInputStream body(String text) {
		return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
	}

}
