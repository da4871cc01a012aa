package dev.slipway.monitoring;

import dev.slipway.SlipwayApplication;
import dev.slipway.testsupport.TestFolders;
import dev.slipway.web.HttpProbe;
import dev.slipway.web.PageSession;
import dev.slipway.web.TestAdmin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The monitoring pages through real HTTP after a client built three weeks of data through
 * the REST API ({@link MonitoringDemo}): the home lists the model as drifting with its
 * sparklines; the dashboard carries its charts' data, the feature table, performance with
 * label coverage and the alerts; the drill-down carries both distributions.
 */
@SpringBootTest(classes = SlipwayApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class MonitoringPagesTest {

	@DynamicPropertySource
	static void server(DynamicPropertyRegistry registry) {
		TestFolders.registerDataDir(registry, "monitoring-pages");
		TestAdmin.register(registry);
	}

	@LocalServerPort
	int port;

	MonitoringDemo demo;

	@BeforeEach
	void demo() {
		this.demo = MonitoringDemo.build(TestAdmin.signedIn(new HttpProbe("http://localhost:" + this.port)));
	}

	@Test
	void theHomeTheDashboardAndTheDrillDownShowTheDrift() {
		PageSession admin = PageSession.admin(this.port);
		String home = admin.get("/monitoring").body();
		assertThat(home).contains("id=\"monitors\"", ">" + this.demo.model + "<", ">transactions<",
				"data-monitor=\"" + this.demo.monitorId + "\" data-status=\"drifting\"", "class=\"spark-drift\"",
				"accuracy ");
		assertThat(home).doesNotContain("Not in this version yet");

		String dashboard = admin.get("/monitoring/" + this.demo.monitorId).body();
		assertThat(dashboard).contains("id=\"chart-drift\"", "id=\"chart-performance\"", "id=\"chart-volume\"",
				"id=\"chart-prediction\"", "data-chart=", "id=\"feature-table\"", "data-column=\"amount\"",
				"data-column=\"is_fraud_pred\"", "wasserstein", "jensenshannon", "Dataset drift",
				"data-rule=\"dataset drift\"", "FIRING", "training-2026-09.csv", "predictions labelled</span>",
				"(coverage <span>0.0%</span>)");
		assertThat(dashboard).contains("/monitoring/" + this.demo.monitorId + "/columns/amount");
		long firstDay = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.DAYS).toEpochMilli()
				- MonitoringDemo.DAYS * 86_400_000L;
		String labelled = admin.get("/monitoring/" + this.demo.monitorId + "?window=" + firstDay).body();
		assertThat(labelled).contains("id=\"confusion\"", "(coverage <span>100.0%</span>)", "No dataset drift",
				"roc_auc");

		String column = admin.get("/monitoring/" + this.demo.monitorId + "/columns/amount").body();
		assertThat(column).contains("id=\"chart-distribution\"", "id=\"chart-score\"", "id=\"latest-verdict\"", "DRIFT",
				"&quot;reference&quot;:[", "&quot;threshold&quot;:0.1");
		assertThat(admin.get("/monitoring/" + this.demo.monitorId + "/columns/nope").status()).isEqualTo(404);
		assertThat(admin.get("/monitoring/999999").status()).isEqualTo(404);
	}

	@Test
	void theApiAnswersTheSameWindows() {
		HttpProbe api = TestAdmin.signedIn(new HttpProbe("http://localhost:" + this.port));
		var windows = MonitoringDemo.json(api.getJson("/api/v1/monitors/" + this.demo.monitorId + "/drift"))
			.get("windows");
		assertThat(windows.size()).isEqualTo(MonitoringDemo.DAYS);
		assertThat(windows.get(0).get("verdict").asString()).isEqualTo("NO_DRIFT");
		assertThat(windows.get(MonitoringDemo.DAYS - 1).get("verdict").asString()).isEqualTo("DRIFT");
		assertThat(windows.get(0).get("performance").get("label_coverage").asDouble()).isEqualTo(1.0);
		assertThat(windows.get(MonitoringDemo.DAYS - 1).get("performance").get("label_coverage").asDouble()).isZero();
		var rules = MonitoringDemo.json(api.getJson("/api/v1/monitors/" + this.demo.monitorId + "/alerts"))
			.get("rules");
		assertThat(rules.get(0).get("state").asString()).isEqualTo("FIRING");
	}

}
