package dev.slipway.home.web;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import dev.slipway.registry.GovernanceService;
import dev.slipway.registry.RegistryService;
import dev.slipway.registry.Stage;
import dev.slipway.registry.TargetKind;
import dev.slipway.registry.TransitionRequest;
import dev.slipway.security.Authenticator;
import dev.slipway.security.NewUser;
import dev.slipway.security.Permission;
import dev.slipway.security.ResourcePermissionService;
import dev.slipway.security.ResourceType;
import dev.slipway.security.Role;
import dev.slipway.security.SlipwayAuthentication;
import dev.slipway.security.SlipwayPrincipal;
import dev.slipway.security.UserService;
import dev.slipway.tracking.ExperimentService;
import dev.slipway.tracking.RunService;
import dev.slipway.tracking.RunStatus;
import dev.slipway.web.TestAdmin;

import org.springframework.context.ApplicationContext;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Test data for the home page, made through the core services as a given person: people
 * of each role, experiments with runs, models with versions in a stage, and transition
 * requests.
 */
final class HomeFixture {

	static final String PASSWORD = "a-good-long-password";

	private static final AtomicInteger NAMES = new AtomicInteger();

	/**
	 * Start times later than those of any run other tests log, each later than the one
	 * before, so the runs made here are the newest.
	 */
	private static final AtomicLong FUTURE = new AtomicLong(4_000_000_000_000L);

	private final UserService users;

	private final Authenticator authenticator;

	private final ExperimentService experiments;

	private final RunService runs;

	private final RegistryService registry;

	private final GovernanceService governance;

	private final ResourcePermissionService permissions;

	HomeFixture(ApplicationContext context) {
		this.users = context.getBean(UserService.class);
		this.authenticator = context.getBean(Authenticator.class);
		this.experiments = context.getBean(ExperimentService.class);
		this.runs = context.getBean(RunService.class);
		this.registry = context.getBean(RegistryService.class);
		this.governance = context.getBean(GovernanceService.class);
		this.permissions = context.getBean(ResourcePermissionService.class);
	}

	/** A unique name starting with {@code prefix}. */
	static String name(String prefix) {
		return prefix + "-" + NAMES.incrementAndGet() + "-" + System.nanoTime() % 100_000;
	}

	/** A new account with the role and {@link #PASSWORD}. */
	String person(Role role) {
		return person(role, name(role.name().toLowerCase()));
	}

	/** A new account with the name, the role and {@link #PASSWORD}. */
	String person(Role role, String name) {
		as(TestAdmin.USERNAME, () -> this.users.create(new NewUser(name, role, false, PASSWORD, null, null)));
		return name;
	}

	/** An experiment the admin made, readable by everyone unless {@code closed}. */
	String experiment(String name, boolean closed) {
		return as(TestAdmin.USERNAME, () -> {
			String id = this.experiments.create(name, null, List.of());
			if (closed) {
				this.permissions.setDefaultPermission(ResourceType.EXPERIMENT, id, Permission.NONE);
			}
			return id;
		});
	}

	/** A finished run of the experiment, newer than every run before it. */
	String run(String experiment, String runName) {
		return run(experiment, runName, FUTURE.addAndGet(60_000), RunStatus.FINISHED);
	}

	/**
	 * A run of the experiment that started at {@code start} and is now {@code status}.
	 */
	String run(String experiment, String runName, long start, RunStatus status) {
		return as(TestAdmin.USERNAME, () -> {
			String run = this.runs.create(experiment, null, start, runName, List.of()).info().runId();
			if (status != RunStatus.RUNNING) {
				this.runs.update(run, status, start + 42_000, null);
			}
			return run;
		});
	}

	/**
	 * A model the admin made with {@code versions} versions, readable by everyone unless
	 * {@code closed}, and editable by {@code editor} when given.
	 */
	String model(String name, int versions, boolean closed, String editor) {
		String experiment = experiment(name("training"), false);
		String[] runs = new String[versions];
		for (int i = 0; i < versions; i++) {
			runs[i] = run(experiment, "train");
		}
		modelOf(name, editor, runs);
		if (closed) {
			as(TestAdmin.USERNAME, () -> {
				this.permissions.setDefaultPermission(ResourceType.REGISTERED_MODEL, name, Permission.NONE);
				return null;
			});
		}
		return name;
	}

	/**
	 * A model the admin made with a version from each run, editable by {@code editor}
	 * when given.
	 */
	String modelOf(String name, String editor, String... runs) {
		return as(TestAdmin.USERNAME, () -> {
			this.registry.createModel(name, "Scores " + name, List.of());
			for (String run : runs) {
				this.registry.createVersion(name, "runs:/" + run + "/model", run, List.of(), null, null, null);
			}
			if (editor != null) {
				this.permissions.grant(ResourceType.REGISTERED_MODEL, name, editor, Permission.EDIT);
			}
			return name;
		});
	}

	/** Moves a version of the model into a stage, as the admin. */
	void stage(String model, int version, Stage stage) {
		as(TestAdmin.USERNAME,
				() -> this.registry.transitionStage(model, Integer.toString(version), stage.wireName(), false));
	}

	/** Asks, as {@code username}, for version 1 of the model to go under the alias. */
	long request(String username, String model, String alias, String comment) {
		TransitionRequest request = as(username,
				() -> this.governance.request(model, "1", TargetKind.ALIAS, alias, false, comment));
		return request.id();
	}

	/** Runs {@code work} signed in as {@code username}. */
	<T> T as(String username, Supplier<T> work) {
		String password = TestAdmin.USERNAME.equals(username) ? TestAdmin.PASSWORD : PASSWORD;
		SlipwayPrincipal principal = this.authenticator.password(username, password, "test", "basic");
		SecurityContextHolder.getContext().setAuthentication(new SlipwayAuthentication(principal));
		try {
			return work.get();
		}
		finally {
			SecurityContextHolder.clearContext();
		}
	}

}
