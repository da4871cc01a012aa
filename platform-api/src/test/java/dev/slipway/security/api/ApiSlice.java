package dev.slipway.security.api;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;

import dev.slipway.audit.AuditService;
import dev.slipway.error.api.TextValues;
import dev.slipway.monitoring.AlertService;
import dev.slipway.monitoring.MonitorService;
import dev.slipway.pipelines.PipelineService;
import dev.slipway.pipelines.ScheduleService;
import dev.slipway.pipelines.TriggerService;
import dev.slipway.registry.GovernanceService;
import dev.slipway.registry.RegistryService;
import dev.slipway.security.AccountKind;
import dev.slipway.security.ApiTokenService;
import dev.slipway.security.Authenticator;
import dev.slipway.security.PermissionService;
import dev.slipway.security.ResourcePermissionService;
import dev.slipway.security.Role;
import dev.slipway.security.SecuritySettings;
import dev.slipway.security.SlipwayPrincipal;
import dev.slipway.security.UserService;
import dev.slipway.serving.DeploymentService;
import dev.slipway.serving.InvokeTokenService;
import dev.slipway.serving.ServingService;
import dev.slipway.serving.ServingSettings;
import dev.slipway.system.PlatformInstanceService;
import dev.slipway.system.SystemService;
import dev.slipway.tracking.ArtifactService;
import dev.slipway.tracking.ExperimentService;
import dev.slipway.tracking.LoggedModelService;
import dev.slipway.tracking.RunService;
import dev.slipway.webhooks.WebhookService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.mockito.Answers;
import org.mockito.Mockito;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;

/**
 * The whole REST edge of this module in one slice: every controller and advice, the real
 * API security chain, and every service a Mockito mock that answers defaults, or throws
 * what the running test asked for with {@link #failWith}. Every slice test extends this
 * class and adds nothing to the context, so the suite starts one Spring context for all
 * of them.
 */
@WebMvcTest
@Import({ ApiSecurityConfiguration.class, ApiSlice.Services.class, TextValues.class })
@EnableConfigurationProperties(SecuritySettings.class)
public abstract class ApiSlice {

	/** A well-formed token the mocked authenticator knows. */
	protected static final String TOKEN = "slw_" + "b".repeat(43);

	/** Who {@link #TOKEN} belongs to. */
	protected static final SlipwayPrincipal EDITOR = new SlipwayPrincipal(7, "alice", Role.EDITOR, AccountKind.HUMAN,
			false, 0, "token");

	private static final AtomicReference<RuntimeException> FAILURE = new AtomicReference<>();

	@Autowired
	protected MockMvcTester mvc;

	@Autowired
	protected Authenticator authenticator;

	@BeforeEach
	void signIn() {
		FAILURE.set(null);
		Mockito.reset(this.authenticator);
		given(this.authenticator.token(eq(TOKEN), anyString())).willReturn(EDITOR);
	}

	@AfterEach
	void clearFailure() {
		FAILURE.set(null);
	}

	/** Makes every service call of the running test throw {@code failure}. */
	protected static void failWith(RuntimeException failure) {
		FAILURE.set(failure);
	}

	/**
	 * A service that answers Mockito's defaults, or throws the failure the running test
	 * set: one way to drive every controller into every error path without stubbing each
	 * method.
	 */
	private static <T> T service(Class<T> type) {
		return Mockito.mock(type, (invocation) -> {
			RuntimeException failure = FAILURE.get();
			if (failure != null) {
				throw failure;
			}
			return Answers.RETURNS_DEFAULTS.answer(invocation);
		});
	}

	/**
	 * The services behind the controllers, and the collaborators of the security chain.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class Services {

		@Bean
		Authenticator authenticator() {
			return Mockito.mock(Authenticator.class);
		}

		@Bean
		Clock clock() {
			return Clock.systemUTC();
		}

		@Bean
		AuditService auditService() {
			return service(AuditService.class);
		}

		@Bean
		RegistryService registryService() {
			return service(RegistryService.class);
		}

		@Bean
		GovernanceService governanceService() {
			return service(GovernanceService.class);
		}

		@Bean
		ResourcePermissionService resourcePermissionService() {
			return service(ResourcePermissionService.class);
		}

		@Bean
		PermissionService permissionService() {
			return service(PermissionService.class);
		}

		@Bean
		UserService userService() {
			return service(UserService.class);
		}

		@Bean
		ApiTokenService apiTokenService() {
			return service(ApiTokenService.class);
		}

		@Bean
		AlertService alertService() {
			return service(AlertService.class);
		}

		@Bean
		MonitorService monitorService() {
			return service(MonitorService.class);
		}

		@Bean
		SystemService systemService() {
			return service(SystemService.class);
		}

		@Bean
		PlatformInstanceService platformInstanceService() {
			return service(PlatformInstanceService.class);
		}

		@Bean
		RunService runService() {
			return service(RunService.class);
		}

		@Bean
		ExperimentService experimentService() {
			return service(ExperimentService.class);
		}

		@Bean
		ArtifactService artifactService() {
			return service(ArtifactService.class);
		}

		@Bean
		LoggedModelService loggedModelService() {
			return service(LoggedModelService.class);
		}

		@Bean
		WebhookService webhookService() {
			return service(WebhookService.class);
		}

		@Bean
		PipelineService pipelineService() {
			return service(PipelineService.class);
		}

		@Bean
		ScheduleService scheduleService() {
			return service(ScheduleService.class);
		}

		@Bean
		TriggerService triggerService() {
			return service(TriggerService.class);
		}

		@Bean
		DeploymentService deploymentService() {
			return service(DeploymentService.class);
		}

		@Bean
		ServingService servingService() {
			return service(ServingService.class);
		}

		@Bean
		ServingSettings servingSettings() {
			return service(ServingSettings.class);
		}

		@Bean
		InvokeTokenService invokeTokenService() {
			return service(InvokeTokenService.class);
		}

	}

}
