package dev.slipway.security;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.springframework.context.ApplicationContext;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Named builders for the accounts a test needs ({@code viewer()}, {@code editor()}, ...),
 * each new and uniquely named, created through {@link UserService} as the admin the test
 * runs as; and switching the caller between them.
 */
public final class Accounts {

	/** The password of every person these builders create. */
	public static final String PASSWORD = "correct-horse-battery";

	private static final AtomicInteger SEQUENCE = new AtomicInteger();

	private static final AtomicInteger CLIENTS = new AtomicInteger();

	private final UserService users;

	private final UserRepository repository;

	private final SlipwayPrincipal admin;

	private Accounts(UserService users, UserRepository repository, SlipwayPrincipal admin) {
		this.users = users;
		this.repository = repository;
		this.admin = admin;
	}

	/** Builders acting as the current caller, who must be an admin. */
	public static Accounts of(ApplicationContext context) {
		SlipwayPrincipal admin = CurrentUser.require();
		if (!admin.isAdmin()) {
			throw new IllegalStateException("Accounts are created by an admin; the test runs as " + admin);
		}
		return new Accounts(context.getBean(UserService.class), context.getBean(UserRepository.class), admin);
	}

	/**
	 * A client address no other test uses (from 10.64.0.0/10), so that failed sign-ins
	 * counted per address in one test never throttle another.
	 */
	public static String client() {
		int n = CLIENTS.incrementAndGet();
		return "10." + (64 + ((n >> 16) & 63)) + "." + ((n >> 8) & 255) + "." + (n & 255);
	}

	/** A user name no other test uses, starting with {@code prefix}. */
	public static String unique(String prefix) {
		return prefix + "-" + SEQUENCE.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 1_000_000, 36);
	}

	public SlipwayPrincipal admin() {
		return this.admin;
	}

	public SlipwayPrincipal viewer() {
		return person(Role.VIEWER);
	}

	public SlipwayPrincipal editor() {
		return person(Role.EDITOR);
	}

	public SlipwayPrincipal maintainer() {
		return person(Role.MAINTAINER);
	}

	/** Another admin, besides the one the test runs as. */
	public SlipwayPrincipal anotherAdmin() {
		return person(Role.ADMIN);
	}

	/** A person with {@link #PASSWORD}. */
	public SlipwayPrincipal person(Role role) {
		return create(new NewUser(unique(role.name().toLowerCase()), role, false, PASSWORD, null, null));
	}

	/** A service account, which has no password. */
	public SlipwayPrincipal service(Role role) {
		return create(new NewUser(unique("svc-" + role.name().toLowerCase()), role, true, null, null, null));
	}

	/** The account as it is now in the database, e.g. after a role change. */
	public SlipwayPrincipal reload(SlipwayPrincipal principal) {
		return this.repository.findById(principal.userId()).orElseThrow().toPrincipal("test");
	}

	/** Makes {@code principal} the caller of what follows. */
	public void actAs(SlipwayPrincipal principal) {
		SecurityContextHolder.getContext().setAuthentication(new SlipwayAuthentication(principal));
	}

	/** Makes the admin the caller again. */
	public void actAsAdmin() {
		actAs(this.admin);
	}

	/** Runs {@code action} as the admin, then restores the caller. */
	public <T> T asAdmin(Supplier<T> action) {
		Authentication previous = SecurityContextHolder.getContext().getAuthentication();
		actAsAdmin();
		try {
			return action.get();
		}
		finally {
			SecurityContextHolder.getContext().setAuthentication(previous);
		}
	}

	private SlipwayPrincipal create(NewUser user) {
		long id = asAdmin(() -> this.users.create(user)).user().id();
		return this.repository.findById(id).orElseThrow().toPrincipal("test");
	}

}
