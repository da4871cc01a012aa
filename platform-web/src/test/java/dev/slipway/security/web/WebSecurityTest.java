package dev.slipway.security.web;

import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import dev.slipway.SlipwayApplication;
import dev.slipway.security.ApiTokenService;
import dev.slipway.security.Authenticator;
import dev.slipway.security.NewUser;
import dev.slipway.security.Role;
import dev.slipway.security.SlipwayAuthentication;
import dev.slipway.security.SlipwayPrincipal;
import dev.slipway.security.UserService;
import dev.slipway.testsupport.TestFolders;
import dev.slipway.web.HttpProbe;
import dev.slipway.web.PageSession;
import dev.slipway.web.PageSession.Page;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The browser side of security through real HTTP: sign-in and its failures, sessions,
 * CSRF, headers, forced password changes, and admin changes reaching living sessions. The
 * test client is a trusted proxy (loopback, the default), so a test signs in from
 * addresses of its own with {@code X-Forwarded-For}.
 */
@SpringBootTest(classes = SlipwayApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "slipway.security.admin-password=" + WebSecurityTest.ADMIN_PASSWORD,
				"slipway.security.login.throttle-after=50", "slipway.security.login.lock-after=3" })
class WebSecurityTest {

	static final String ADMIN_PASSWORD = "admin-test-password";

	static final String PASSWORD = "a-good-long-password";

	private static final String FORWARDED_FOR = "X-Forwarded-For";

	private static final AtomicInteger NAMES = new AtomicInteger();

	private static final AtomicInteger CLIENTS = new AtomicInteger();

	@DynamicPropertySource
	static void dataDir(DynamicPropertyRegistry registry) {
		TestFolders.registerDataDir(registry, "web-security");
	}

	@LocalServerPort
	int port;

	@Autowired
	UserService users;

	@Autowired
	Authenticator authenticator;

	@Autowired
	ApiTokenService tokens;

	@Test
	void pagesNeedSignInButTheSignInPageAndStylesDoNot() {
		PageSession browser = new PageSession(this.port);
		Page home = browser.get("/");
		assertThat(home.status()).isEqualTo(302);
		assertThat(home.location()).isEqualTo("/login");
		assertThat(browser.get("/login").body()).contains("Sign in", "name=\"_csrf\"").doesNotContain("Sign out");
		assertThat(browser.get("/css/slipway.css").status()).isEqualTo(200);
		assertThat(browser.get("/js/slipway.js").status()).isEqualTo(200);
		assertThat(browser.get("/admin/users").status()).isEqualTo(302);
	}

	@Test
	void signInLandsOnTheHomePageWithNavigation() {
		PageSession admin = signedInAdmin();
		Page home = admin.get("/");
		assertThat(home.status()).isEqualTo(200);
		assertThat(home.body()).contains("<h1>Overview</h1>", "id=\"operations\"", "Experiments", "Models", "Pipelines",
				"Deployments", "Monitoring", "href=\"/admin/users\"", ">admin</a>", "Sign out");
	}

	@Test
	void sessionIdChangesAtSignIn() {
		PageSession browser = new PageSession(this.port);
		browser.get("/login");
		String before = browser.session();
		assertThat(before).isNotNull();
		Page signedIn = browser.post("/login", "username", "admin", "password", ADMIN_PASSWORD);
		assertThat(signedIn.status()).isEqualTo(302);
		assertThat(signedIn.location()).isEqualTo("/");
		assertThat(browser.session()).isNotNull().isNotEqualTo(before);
	}

	@Test
	void failedSignInSaysTheSameForUnknownUsersAndWrongPasswords() {
		String name = person(Role.VIEWER);
		PageSession browser = new PageSession(this.port);
		Page wrongPassword = browser.signIn(name, "not-the-password");
		assertThat(wrongPassword.location()).isEqualTo("/login?error");
		String wrongPasswordPage = browser.get("/login?error").body();
		Page unknown = browser.signIn("nobody-" + name, "not-the-password");
		assertThat(unknown.location()).isEqualTo("/login?error");
		String unknownPage = browser.get("/login?error").body();
		assertThat(wrongPasswordPage).contains("Invalid user name or password");
		assertThat(unknownPage).contains("Invalid user name or password");
		assertThat(browser.get("/").location()).isEqualTo("/login");
	}

	@Test
	void afterRepeatedFailuresUnknownAndExistingNamesGetTheSameAnswers() {
		String existing = person(Role.VIEWER);
		String unknown = "nobody-" + existing;
		PageSession existingBrowser = new PageSession(this.port).header(FORWARDED_FOR, client());
		PageSession unknownBrowser = new PageSession(this.port).header(FORWARDED_FOR, client());
		HttpProbe existingApi = new HttpProbe(base()).header(FORWARDED_FOR, client()).basic(existing, "wrong-pw");
		HttpProbe unknownApi = new HttpProbe(base()).header(FORWARDED_FOR, client()).basic(unknown, "wrong-pw");
		// Three failures lock (lock-after=3 here); the fourth attempt is refused.
		for (int attempt = 1; attempt <= 4; attempt++) {
			Page existingAnswer = existingBrowser.signIn(existing, "wrong-password");
			Page unknownAnswer = unknownBrowser.signIn(unknown, "wrong-password");
			assertThat(unknownAnswer.status()).as("attempt %d", attempt).isEqualTo(existingAnswer.status());
			assertThat(headers(unknownAnswer.headers())).as("attempt %d", attempt)
				.isEqualTo(headers(existingAnswer.headers()));
			String existingPage = comparable(existingBrowser.get("/login?error").body());
			assertThat(comparable(unknownBrowser.get("/login?error").body())).as("attempt %d", attempt)
				.isEqualTo(existingPage)
				.contains((attempt <= 3) ? "Invalid user name or password" : "try again in");

			HttpResponse<String> existingBasic = existingApi.getJson("/api/v1/users/me");
			HttpResponse<String> unknownBasic = unknownApi.getJson("/api/v1/users/me");
			assertThat(unknownBasic.statusCode()).isEqualTo(existingBasic.statusCode()).isEqualTo(401);
			assertThat(headers(unknownBasic.headers())).as("attempt %d", attempt)
				.isEqualTo(headers(existingBasic.headers()));
			assertThat(unknownBasic.body()).isEqualTo(existingBasic.body());
			assertThat(existingBasic.headers().firstValue("Retry-After").isPresent()).isEqualTo(attempt > 3);
			// Each lock began at its own millisecond: the seconds left may differ by one.
			assertThat(retryAfter(unknownBasic)).isCloseTo(retryAfter(existingBasic), within(1L));
		}
	}

	@Test
	void aLockAtOneAddressLeavesTheAdminFreeAtAnother() {
		PageSession attacker = new PageSession(this.port).header(FORWARDED_FOR, client());
		for (int i = 0; i < 3; i++) {
			attacker.signIn("admin", "guess-" + i);
		}
		attacker.signIn("admin", ADMIN_PASSWORD);
		assertThat(attacker.get("/login?error").body()).contains("locked", "try again in");
		assertThat(attacker.get("/").location()).isEqualTo("/login");

		PageSession owner = new PageSession(this.port).header(FORWARDED_FOR, client());
		assertThat(owner.signIn("admin", ADMIN_PASSWORD).location()).isEqualTo("/");
		assertThat(owner.get("/").status()).isEqualTo(200);
		assertThat(new HttpProbe(base()).header(FORWARDED_FOR, client())
			.basic("admin", ADMIN_PASSWORD)
			.getJson("/api/v1/users/me")
			.statusCode()).isEqualTo(200);
	}

	@Test
	void anAddressGuessingManyNamesIsRefusedWhateverTheName() {
		String sprayer = client();
		for (int i = 0; i < 20; i++) {
			HttpResponse<String> guess = new HttpProbe(base()).header(FORWARDED_FOR, sprayer)
				.basic("guess" + NAMES.incrementAndGet(), "Password123456")
				.getJson("/api/v1/users/me");
			assertThat(guess.statusCode()).isEqualTo(401);
			assertThat(guess.headers().firstValue("Retry-After")).as("guess %d", i + 1).isEmpty();
		}
		String name = person(Role.VIEWER);
		HttpResponse<String> refused = new HttpProbe(base()).header(FORWARDED_FOR, sprayer)
			.basic(name, PASSWORD)
			.getJson("/api/v1/users/me");
		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
		assertThat(refused.body()).contains("from this address");
		assertThat(new HttpProbe(base()).header(FORWARDED_FOR, client())
			.basic(name, PASSWORD)
			.getJson("/api/v1/users/me")
			.statusCode()).isEqualTo(200);
	}

	@Test
	void anAdminUnlocksThroughTheApiToo() {
		String name = person(Role.EDITOR);
		String address = client();
		HttpProbe user = new HttpProbe(base()).header(FORWARDED_FOR, address);
		for (int i = 0; i < 3; i++) {
			user.basic(name, "wrong-" + i).getJson("/api/v1/users/me");
		}
		assertThat(user.basic(name, PASSWORD).getJson("/api/v1/users/me").headers().firstValue("Retry-After"))
			.isPresent();
		HttpProbe admin = new HttpProbe(base()).basic("admin", ADMIN_PASSWORD);
		assertThat(admin.getJson("/api/v1/users/" + name).body()).contains("\"lockedUntil\":");
		HttpResponse<String> unlocked = admin.postJson("/api/v1/users/" + name + "/unlock", "{}");
		assertThat(unlocked.statusCode()).isEqualTo(200);
		assertThat(unlocked.body()).doesNotContain("lockedUntil");
		assertThat(user.basic(name, PASSWORD).getJson("/api/v1/users/me").statusCode()).isEqualTo(200);
	}

	@Test
	void repeatedFailuresLockTheAccountUntilAnAdminUnlocksIt() {
		String name = person(Role.VIEWER);
		PageSession browser = new PageSession(this.port);
		for (int i = 0; i < 3; i++) {
			assertThat(browser.signIn(name, "wrong-password-" + i).location()).isEqualTo("/login?error");
			assertThat(browser.get("/login?error").body()).contains("Invalid user name or password");
		}
		browser.signIn(name, PASSWORD);
		String locked = browser.get("/login?error").body();
		assertThat(locked).contains("locked", "try again in").doesNotContain("Invalid user name or password");
		assertThat(browser.get("/").location()).isEqualTo("/login");

		PageSession admin = signedInAdmin();
		assertThat(admin.get("/admin/users/" + name).body()).contains("locked until", "Unlock");
		Page unlocked = admin.post("/admin/users/" + name + "/unlock");
		assertThat(unlocked.location()).isEqualTo("/admin/users/" + name);
		// The page asked for before signing in ("/") is where the sign-in continues.
		assertThat(browser.signIn(name, PASSWORD).location()).isEqualTo("/?continue");
		assertThat(browser.get("/").status()).isEqualTo(200);
	}

	@Test
	void formsWithoutTheCsrfTokenAreRefused() {
		PageSession admin = signedInAdmin();
		admin.get("/account");
		assertThat(admin.postWithoutCsrf("/account/tokens", "name", "forged", "expiresIn", "7").status())
			.isEqualTo(403);
		assertThat(
				admin.postWithoutCsrf("/admin/users", "username", "forged", "role", "ADMIN", "kind", "person").status())
			.isEqualTo(403);
		assertThat(admin.postWithoutCsrf("/logout").status()).isEqualTo(403);
		assertThat(admin.get("/account").body()).doesNotContain("forged");

		Page token = admin.post("/account/tokens", "name", "with-token", "expiresIn", "7");
		assertThat(token.status()).isEqualTo(200);
		assertThat(token.body()).contains("Token created");
		String name = "csrf" + NAMES.incrementAndGet();
		Page user = admin.submit("/admin/users", "/admin/users", "username", name, "role", "VIEWER", "kind", "person");
		assertThat(user.status()).isEqualTo(200);
		assertThat(user.body()).contains("User created", name);
		Page logout = admin.submit("/account", "/logout");
		assertThat(logout.location()).isEqualTo("/login?logout");
		assertThat(admin.session()).isNull();
		assertThat(admin.get("/").location()).isEqualTo("/login");
	}

	@Test
	void logoutIsPostOnly() {
		PageSession admin = signedInAdmin();
		assertThat(admin.get("/logout").status()).isIn(404, 405);
		assertThat(admin.get("/").status()).isEqualTo(200);
	}

	@Test
	void pagesCarrySecurityHeaders() {
		PageSession browser = new PageSession(this.port);
		Page login = browser.get("/login");
		assertThat(login.header("Content-Security-Policy")).isEqualTo(WebSecurityConfiguration.CONTENT_SECURITY_POLICY)
			.contains("script-src 'self'", "frame-ancestors 'none'");
		assertThat(login.header("X-Frame-Options")).isEqualTo("DENY");
		assertThat(login.header("X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(login.header("Referrer-Policy")).isEqualTo("same-origin");
		assertThat(login.header("Strict-Transport-Security")).isNull();
		Page secure = browser.get("/login", "X-Forwarded-Proto", "https");
		assertThat(secure.header("Strict-Transport-Security")).startsWith("max-age=31536000");
		Page home = signedInAdmin().get("/");
		assertThat(home.header("X-Frame-Options")).isEqualTo("DENY");
		assertThat(home.header("Content-Security-Policy")).isEqualTo(WebSecurityConfiguration.CONTENT_SECURITY_POLICY);
		assertThat(home.header("Cache-Control")).contains("no-store");
	}

	@Test
	void aOneTimePasswordAllowsNothingButChoosingANewOne() {
		PageSession admin = signedInAdmin();
		String name = "admin" + NAMES.incrementAndGet();
		Page created = admin.submit("/admin/users", "/admin/users", "username", name, "role", "ADMIN", "kind", "person",
				"password", "");
		String oneTime = created.textOf("one-time-password");
		assertThat(oneTime).hasSize(20);

		PageSession browser = new PageSession(this.port);
		assertThat(browser.signIn(name, oneTime).location()).isEqualTo("/");
		assertThat(browser.get("/").location()).isEqualTo("/account/password");
		assertThat(browser.get("/admin/users").location()).isEqualTo("/account/password");
		assertThat(browser.get("/account").location()).isEqualTo("/account/password");
		assertThat(browser.get("/css/slipway.css").status()).isEqualTo(200);
		Page form = browser.get("/account/password");
		assertThat(form.status()).isEqualTo(200);
		assertThat(form.body()).contains("one-time password");

		Page mismatch = browser.post("/account/password", "currentPassword", oneTime, "newPassword",
				"my-own-new-password", "confirmPassword", "something-else");
		assertThat(mismatch.status()).isEqualTo(200);
		assertThat(mismatch.body()).contains("does not match the new password");
		Page tooShort = browser.post("/account/password", "currentPassword", oneTime, "newPassword", "short",
				"confirmPassword", "short");
		assertThat(tooShort.body()).contains("new_password: must be at least 12 characters");

		Page changed = browser.post("/account/password", "currentPassword", oneTime, "newPassword",
				"my-own-new-password", "confirmPassword", "my-own-new-password");
		assertThat(changed.location()).isEqualTo("/account");
		Page account = browser.get("/account");
		assertThat(account.status()).isEqualTo(200);
		assertThat(account.body()).contains("Your password has been changed", name);
		assertThat(browser.get("/admin/users").status()).isEqualTo(200);

		PageSession other = new PageSession(this.port);
		assertThat(other.signIn(name, oneTime).location()).isEqualTo("/login?error");
		assertThat(other.signIn(name, "my-own-new-password").location()).isEqualTo("/");
		assertThat(other.get("/").status()).isEqualTo(200);
	}

	@Test
	void changingTheOwnPasswordEndsOtherSessionsButNotThisOne() {
		String name = person(Role.EDITOR);
		PageSession first = new PageSession(this.port);
		first.signIn(name, PASSWORD);
		PageSession second = new PageSession(this.port);
		second.signIn(name, PASSWORD);
		assertThat(second.get("/").status()).isEqualTo(200);

		Page wrong = first.submit("/account", "/account/password", "currentPassword", "not-my-password", "newPassword",
				"another-long-password", "confirmPassword", "another-long-password");
		assertThat(wrong.status()).isEqualTo(200);
		assertThat(wrong.body()).contains("current_password: is not the account");
		Page changed = first.post("/account/password", "currentPassword", PASSWORD, "newPassword",
				"another-long-password", "confirmPassword", "another-long-password");
		assertThat(changed.location()).isEqualTo("/account");
		assertThat(first.get("/account").status()).isEqualTo(200);
		assertThat(second.get("/").location()).isEqualTo("/login?expired");
		assertThat(second.get("/login?expired").body()).contains("Your session has ended");
	}

	@Test
	void viewersGetForbiddenOnAdminPages() {
		String name = person(Role.VIEWER);
		PageSession viewer = new PageSession(this.port);
		viewer.signIn(name, PASSWORD);
		Page users = viewer.get("/admin/users");
		assertThat(users.status()).isEqualTo(403);
		assertThat(users.body()).contains("403", "PERMISSION_DENIED");
		assertThat(viewer.get("/admin/users/admin").status()).isEqualTo(403);
		assertThat(viewer.get("/").body()).doesNotContain("href=\"/admin/users\"");
		viewer.get("/account");
		assertThat(viewer.post("/admin/users", "username", "sneaky", "role", "ADMIN", "kind", "person").status())
			.isEqualTo(403);
	}

	@Test
	void anAdminsRoleChangeReachesTheOtherUsersSession() {
		String name = person(Role.VIEWER);
		PageSession viewer = new PageSession(this.port);
		viewer.signIn(name, PASSWORD);
		assertThat(viewer.get("/admin/users").status()).isEqualTo(403);

		PageSession admin = signedInAdmin();
		Page changed = admin.submit("/admin/users/" + name, "/admin/users/" + name + "/role", "role", "ADMIN");
		assertThat(changed.location()).isEqualTo("/admin/users/" + name);

		Page after = viewer.get("/admin/users");
		if (after.status() == 302) {
			// A role change counts as a credential change: the session ends and the next
			// sign-in carries the new role.
			assertThat(after.location()).isEqualTo("/login?expired");
			viewer.signIn(name, PASSWORD);
			after = viewer.get("/admin/users");
		}
		assertThat(after.status()).isEqualTo(200);
		assertThat(after.body()).contains("Create a user");
	}

	@Test
	void disablingAnAccountEndsItsSession() {
		String name = person(Role.EDITOR);
		PageSession user = new PageSession(this.port);
		user.signIn(name, PASSWORD);
		assertThat(user.get("/account").status()).isEqualTo(200);

		PageSession admin = signedInAdmin();
		Page disabled = admin.submit("/admin/users/" + name, "/admin/users/" + name + "/enabled", "enabled", "false");
		assertThat(disabled.location()).isEqualTo("/admin/users/" + name);
		assertThat(admin.get("/admin/users/" + name).body()).contains("disabled", "Enable account");

		assertThat(user.get("/account").location()).isEqualTo("/login?expired");
		assertThat(user.get("/").location()).isEqualTo("/login");
		assertThat(user.signIn(name, PASSWORD).location()).isEqualTo("/login?error");
		assertThat(user.get("/login?error").body()).contains("Invalid user name or password");
	}

	@Test
	void tokensAreShownOnceAndCanBeRevoked() {
		String name = person(Role.EDITOR);
		PageSession user = new PageSession(this.port);
		user.signIn(name, PASSWORD);
		Page created = user.submit("/account", "/account/tokens", "name", "laptop", "expiresIn", "30");
		assertThat(created.status()).isEqualTo(200);
		String secret = created.textOf("token-secret");
		assertThat(secret).isNotBlank();
		assertThat(created.body()).contains("MLFLOW_TRACKING_URI=http://localhost:" + this.port,
				"MLFLOW_TRACKING_TOKEN=" + secret, "shown only this once");

		Page account = user.get("/account");
		assertThat(account.body()).contains("laptop", "active", "Revoke").doesNotContain(secret);
		assertThat(this.authenticator.token(secret, "test").username()).isEqualTo(name);

		Page badDate = user.post("/account/tokens", "name", "dated", "expiresIn", "date", "expiresOn", "someday");
		assertThat(badDate.status()).isEqualTo(200);
		assertThat(badDate.body()).contains("expires_on: is not a date");

		assertThat(new PageSession(this.port).signIn(name, secret).location()).isEqualTo("/login?error");

		long id = tokenId(name, "laptop");
		user.get("/account");
		Page revoked = user.post("/account/tokens/" + id + "/revoke");
		assertThat(revoked.location()).isEqualTo("/account");
		assertThat(user.get("/account").body()).contains("revoked");
		assertThat(new PageSession(this.port).signIn(name, secret).location()).isEqualTo("/login?error");
	}

	@Test
	void adminsManageServiceAccountsAndTheirTokens() {
		PageSession admin = signedInAdmin();
		String name = "robot" + NAMES.incrementAndGet();
		Page created = admin.submit("/admin/users", "/admin/users", "username", name, "role", "EDITOR", "kind",
				"service", "password", "");
		assertThat(created.body()).contains("User created", "Service accounts have no password")
			.doesNotContain("one-time-password");
		Page page = admin.get("/admin/users/" + name);
		assertThat(page.body()).contains("service account", "Create token").doesNotContain("Reset password");
		Page token = admin.post("/admin/users/" + name + "/tokens", "name", "ci", "expiresIn", "7");
		assertThat(token.status()).isEqualTo(200);
		assertThat(this.authenticator.token(token.textOf("token-secret"), "test").username()).isEqualTo(name);
		assertThat(admin.get("/admin/users?prefix=" + name).body()).contains(name);

		Page duplicate = admin.submit("/admin/users", "/admin/users", "username", name, "role", "EDITOR", "kind",
				"service");
		assertThat(duplicate.status()).isEqualTo(200);
		assertThat(duplicate.body()).contains("already exists");

		Page confirm = admin.get("/admin/users/" + name + "/delete");
		assertThat(confirm.body()).contains("Delete <span>" + name + "</span>?", "This cannot be");
		assertThat(admin.post("/admin/users/" + name + "/delete").location()).isEqualTo("/admin/users");
		assertThat(admin.get("/admin/users/" + name).status()).isEqualTo(404);
	}

	@Test
	void adminResetsAPasswordToAOneTimePassword() {
		String name = person(Role.VIEWER);
		PageSession admin = signedInAdmin();
		Page reset = admin.submit("/admin/users/" + name, "/admin/users/" + name + "/password", "password", "");
		String oneTime = reset.textOf("one-time-password");
		assertThat(oneTime).hasSize(20);
		PageSession user = new PageSession(this.port);
		assertThat(user.signIn(name, PASSWORD).location()).isEqualTo("/login?error");
		assertThat(user.signIn(name, oneTime).location()).isEqualTo("/");
		assertThat(user.get("/").location()).isEqualTo("/account/password");
	}

	@Test
	void unknownPagesAndWrongMethodsGetTheErrorPage() {
		PageSession admin = signedInAdmin();
		Page missing = admin.get("/no/such/page");
		assertThat(missing.status()).isEqualTo(404);
		assertThat(missing.body()).contains("NOT_FOUND", "Sign out").doesNotContain("Whitelabel");
		admin.get("/account");
		Page wrongMethod = admin.post("/account");
		assertThat(wrongMethod.status()).isEqualTo(405);
		assertThat(wrongMethod.body()).contains("METHOD_NOT_ALLOWED");
		assertThat(new PageSession(this.port).get("/no/such/page").location()).isEqualTo("/login");
	}

	private String base() {
		return "http://localhost:" + this.port;
	}

	/**
	 * An address of the test's own, as the trusted proxy (the test client) forwards it.
	 */
	private static String client() {
		int n = CLIENTS.incrementAndGet();
		return "198.18." + (n / 256) + "." + (n % 256);
	}

	/**
	 * The headers that could tell two answers apart: all but the date and the session
	 * cookie, with the seconds of {@code Retry-After} left out (compared apart).
	 */
	private static Map<String, List<String>> headers(HttpHeaders headers) {
		Map<String, List<String>> kept = new TreeMap<>(headers.map());
		kept.keySet().removeAll(List.of("date", "set-cookie"));
		kept.computeIfPresent("retry-after", (name, values) -> List.of("N"));
		return kept;
	}

	private static long retryAfter(HttpResponse<String> answer) {
		return answer.headers().firstValue("Retry-After").map(Long::parseLong).orElse(0L);
	}

	/** A page without its session's CSRF token and the seconds of "try again in". */
	private static String comparable(String page) {
		return page.replaceAll("name=\"_csrf\" value=\"[^\"]*\"", "name=\"_csrf\"")
			.replaceAll("try again in \\d+ seconds?", "try again in N seconds");
	}

	private PageSession signedInAdmin() {
		PageSession browser = new PageSession(this.port);
		Page signedIn = browser.signIn("admin", ADMIN_PASSWORD);
		assertThat(signedIn.location()).isEqualTo("/");
		return browser;
	}

	private long tokenId(String username, String tokenName) {
		return asAdmin(() -> this.tokens.list(username)
			.stream()
			.filter((token) -> token.name().equals(tokenName))
			.findFirst()
			.orElseThrow()
			.id());
	}

	/** A person with {@link #PASSWORD}, created by the admin. */
	private String person(Role role) {
		String name = "user" + NAMES.incrementAndGet();
		asAdmin(() -> this.users.create(new NewUser(name, role, false, PASSWORD, null, null)));
		return name;
	}

	private <T> T asAdmin(Supplier<T> action) {
		SlipwayPrincipal admin = this.authenticator.password("admin", ADMIN_PASSWORD, "test", "basic");
		SecurityContextHolder.getContext().setAuthentication(new SlipwayAuthentication(admin));
		try {
			return action.get();
		}
		finally {
			SecurityContextHolder.clearContext();
		}
	}

}
