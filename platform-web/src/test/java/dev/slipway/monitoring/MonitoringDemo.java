package dev.slipway.monitoring;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Random;

import dev.slipway.web.HttpProbe;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A monitored model with three weeks of data, built through the REST API as a client
 * would: a fraud classifier whose amounts and countries drift from day 10, with labels
 * for the first days arriving late and for the last days not yet; a dataset-drift alert
 * rule. Windows end yesterday, so every one of them is closed.
 */
final class MonitoringDemo {

	static final String API = "/api/v1";

	static final int DAYS = 21;

	static final int DRIFT_FROM = 10;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	final String model;

	final long monitorId;

	private MonitoringDemo(String model, long monitorId) {
		this.model = model;
		this.monitorId = monitorId;
	}

	/** Builds the demo as the probe's user. */
	static MonitoringDemo build(HttpProbe api) {
		String model = "fraud-" + (System.nanoTime() % 1_000_000);
		ok(api.postJson("/api/2.0/mlflow/registered-models/create", "{\"name\": \"" + model + "\"}"));
		JsonNode monitor = json(api.postJson(API + "/models/" + model + "/monitors", """
				{"name": "transactions", "window": "day", "time_zone": "UTC",
				 "schema": {"columns": [{"name": "amount", "kind": "numerical"},
				                         {"name": "country", "kind": "categorical"},
				                         {"name": "hour", "kind": "numerical"},
				                         {"name": "is_fraud_pred", "kind": "categorical"}],
				            "prediction": "is_fraud_pred", "label": "is_fraud", "prediction_id": "id",
				            "timestamp": "ts", "task": "classification", "probability": "p_fraud"}}"""));
		long id = monitor.get("id").asLong();
		Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS);
		Random random = new Random(42);
		StringBuilder reference = new StringBuilder("ts,amount,country,hour,is_fraud_pred,p_fraud,is_fraud\n");
		for (int i = 0; i < 5000; i++) {
			row(reference, today.minus(Duration.ofDays(60)), random, false, "r" + i, true);
		}
		ok(api.put(API + "/monitors/" + id + "/reference?source=training-2026-09.csv",
				reference.toString().getBytes(StandardCharsets.UTF_8), "text/csv"));
		StringBuilder lateLabels = new StringBuilder("id,is_fraud\n");
		for (int day = 0; day < DAYS; day++) {
			Instant start = today.minus(Duration.ofDays(DAYS - day));
			boolean drifted = day >= DRIFT_FROM;
			StringBuilder batch = new StringBuilder("id,ts,amount,country,hour,is_fraud_pred,p_fraud\n");
			int rows = 800 + random.nextInt(400);
			for (int i = 0; i < rows; i++) {
				String predictionId = "d" + day + "-" + i;
				boolean fraud = row(batch, start.plusSeconds(random.nextInt(86_000)), random, drifted, predictionId,
						false);
				// Labels arrive later: all for the first two weeks, none for the last
				// week.
				if (day < DAYS - 7) {
					lateLabels.append(predictionId).append(',').append(fraud ? 1 : 0).append('\n');
				}
			}
			ok(api.post(API + "/monitors/" + id + "/data", batch.toString().getBytes(StandardCharsets.UTF_8),
					"text/csv"));
		}
		ok(api.post(API + "/monitors/" + id + "/labels", lateLabels.toString().getBytes(StandardCharsets.UTF_8),
				"text/csv"));
		ok(api.postJson(API + "/monitors/" + id + "/alerts",
				"{\"name\": \"dataset drift\", \"metric\": \"dataset_drift\"}"));
		ok(api.postJson(API + "/monitors/" + id + "/alerts",
				"{\"name\": \"accuracy\", \"metric\": \"performance\", \"metric_name\": \"accuracy\", \"threshold\": 0.8}"));
		ok(api.postJson(API + "/monitors/" + id + "/alerts/evaluate", "{}"));
		return new MonitoringDemo(model, id);
	}

	/**
	 * Appends one transaction; answers whether it is fraud. Drifted days have larger
	 * amounts, more night hours and a new country; the model, trained on the reference,
	 * misses more fraud there.
	 */
	private static boolean row(StringBuilder csv, Instant time, Random random, boolean drifted, String id,
			boolean labelled) {
		double amount = Math.exp(3.5 + 0.8 * random.nextGaussian() + (drifted ? 0.6 : 0));
		String country = pick(random,
				drifted ? new String[] { "DE", "FR", "US", "BR" } : new String[] { "DE", "FR", "US" },
				drifted ? new double[] { 0.35, 0.2, 0.2, 0.25 } : new double[] { 0.5, 0.3, 0.2 });
		int hour = drifted ? (random.nextDouble() < 0.4 ? random.nextInt(6) : random.nextInt(24)) : random.nextInt(24);
		double risk = 0.03 + (amount > 150 ? 0.15 : 0) + (hour < 6 ? 0.1 : 0) + ("BR".equals(country) ? 0.2 : 0);
		boolean fraud = random.nextDouble() < risk;
		double seen = 0.03 + (amount > 150 ? 0.15 : 0) + (hour < 6 ? 0.1 : 0);
		double p = Math.min(0.99,
				Math.max(0.01, seen + 0.5 * (fraud ? 1 : 0) * (drifted ? 0.4 : 1) + 0.1 * random.nextGaussian()));
		boolean predicted = p >= 0.5;
		if (!labelled) {
			csv.append(id).append(',');
		}
		csv.append(time.toEpochMilli())
			.append(',')
			.append(String.format(Locale.ROOT, "%.2f", amount))
			.append(',')
			.append(country)
			.append(',')
			.append(hour)
			.append(',')
			.append(predicted ? 1 : 0)
			.append(',')
			.append(String.format(Locale.ROOT, "%.4f", p));
		if (labelled) {
			csv.append(',').append(fraud ? 1 : 0);
		}
		csv.append('\n');
		return fraud;
	}

	private static String pick(Random random, String[] values, double[] weights) {
		double u = random.nextDouble();
		for (int i = 0; i < values.length; i++) {
			u -= weights[i];
			if (u < 0) {
				return values[i];
			}
		}
		return values[values.length - 1];
	}

	static JsonNode json(HttpResponse<String> response) {
		ok(response);
		return JSON.readTree(response.body());
	}

	static HttpResponse<String> ok(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
		return response;
	}

}
