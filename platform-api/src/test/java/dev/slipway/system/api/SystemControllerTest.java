package dev.slipway.system.api;

import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

import dev.slipway.system.DatabaseTarget;
import dev.slipway.system.PlatformInstance;
import dev.slipway.system.SystemOverview;
import dev.slipway.system.SystemService;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;

// Security has its own slice test (ApiSecurityTest); this one is about the answer.
@AutoConfigureMockMvc(addFilters = false)
@WebMvcTest(SystemController.class)
class SystemControllerTest {

	private static final UUID INSTANCE = UUID.fromString("3f2a1c9e-8d4b-4e7f-9a6c-1b2d3e4f5a6b");

	@Autowired
	MockMvcTester mvc;

	@MockitoBean
	SystemService system;

	@Test
	void describesTheServerWithoutServerSidePaths() throws Exception {
		given(this.system.overview()).willReturn(new SystemOverview("0.1.0",
				new PlatformInstance(INSTANCE, Instant.parse("2026-11-27T10:15:30Z"), "0.1.0"),
				DatabaseTarget.Kind.POSTGRESQL, "PostgreSQL jdbc:postgresql://db:5432/slipway", "s3",
				"s3://slipway/artifacts at http://minio:9000", Path.of("/var/lib/slipway")));
		MvcTestResult result = this.mvc.get().uri("/api/v1/system").exchange();
		assertThat(result).hasStatusOk();
		assertThat(result).bodyJson().isLenientlyEqualTo("""
				{"version": "0.1.0", "instanceId": "3f2a1c9e-8d4b-4e7f-9a6c-1b2d3e4f5a6b",
				 "instanceCreatedAt": "2026-11-27T10:15:30Z", "database": "postgresql", "artifactStore": "s3"}
				""");
		assertThat(result.getResponse().getContentAsString()).doesNotContain("/var/lib/slipway", "jdbc:");
	}

}
