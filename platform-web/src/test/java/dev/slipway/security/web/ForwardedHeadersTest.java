package dev.slipway.security.web;

import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;

import dev.slipway.SlipwayApplication;
import dev.slipway.security.Authenticator;
import dev.slipway.security.NewUser;
import dev.slipway.security.Role;
import dev.slipway.security.SlipwayAuthentication;
import dev.slipway.security.UserService;
import dev.slipway.testsupport.TestFolders;
import dev.slipway.web.HttpProbe;
import dev.slipway.web.PageSession;
import dev.slipway.web.PageSession.Page;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Forwarded headers through real HTTP, the test client being the direct peer: from a
 * trusted proxy they decide the client address the sign-in throttle counts and the log
 * names, the redirect URLs and the session cookie's {@code Secure}; from any other peer
 * they change nothing.
 */
class ForwardedHeadersTest {

	static final String ADMIN_PASSWORD = "admin-test-password";

	static final String PASSWORD = "a-good-long-password";

	private static final AtomicInteger NAMES = new AtomicInteger();

	/** The test client (loopback) is a trusted proxy, as is 10.0.0.0/8 behind it. */
	@Nested
	@SpringBootTest(classes = SlipwayApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "slipway.security.admin-password=" + ADMIN_PASSWORD, "slipway.security.login.lock-after=3",
					"slipway.proxy.trusted-addresses=127.0.0.1/8, ::1, 10.0.0.0/8" })
	@ExtendWith(OutputCaptureExtension.class)
	class FromATrustedProxy extends Server {

		@DynamicPropertySource
		static void dataDir(DynamicPropertyRegistry registry) {
			TestFolders.registerDataDir(registry, "forwarded-trusted");
		}

		@Test
		void theClientIsTheFirstUntrustedAddressFromTheRight(CapturedOutput output) {
			String name = person();
			for (int i = 0; i < 3; i++) {
				// The client wrote the first entry; the proxies appended the others.
				HttpResponse<String> failed = api(name, "wrong-password", "X-Forwarded-For",
						"198.51.100." + i + ", 203.0.113.7, 10.1.2.3");
				assertThat(failed.statusCode()).isEqualTo(401);
				assertThat(failed.headers().firstValue("Retry-After")).isEmpty();
			}
			HttpResponse<String> locked = api(name, PASSWORD, "X-Forwarded-For", "198.51.100.99, 203.0.113.7");
			assertThat(locked.statusCode()).isEqualTo(401);
			assertThat(locked.headers().firstValue("Retry-After")).isPresent();
			assertThat(api(name, PASSWORD, "X-Forwarded-For", "203.0.113.8").statusCode()).isEqualTo(200);
			assertThat(output).contains("event=login.failure user=" + name + " client=203.0.113.7 ")
				.contains("event=login.refused user=" + name + " client=203.0.113.7 ")
				.doesNotContain("client=198.51.100.")
				.doesNotContain("client=10.1.2.3");
		}

		@Test
		void theForwardedHeaderIsReadTheSameWay(CapturedOutput output) {
			String name = person();
			HttpResponse<String> failed = api(name, "wrong-password", "Forwarded",
					"for=198.51.100.20;host=forged.example, for=\"[2001:db8:cafe::17]:4711\";proto=https;"
							+ "host=slipway.example, for=10.9.9.9");
			assertThat(failed.statusCode()).isEqualTo(401);
			assertThat(output).contains("user=" + name + " client=2001:db8:cafe::17 ")
				.doesNotContain("client=198.51.100.20");

			Page home = new PageSession(this.port)
				.header("Forwarded",
						"for=198.51.100.21;host=forged.example, " + "for=203.0.113.21;proto=https;host=slipway.example")
				.get("/");
			assertThat(home.header("Location")).isEqualTo("https://slipway.example/login");
		}

		@Test
		void forwardedHostAndSchemeShapeRedirects() {
			Page home = new PageSession(this.port).header("X-Forwarded-Host", "slipway.example")
				.header("X-Forwarded-Proto", "https")
				.get("/");
			assertThat(home.status()).isEqualTo(302);
			assertThat(home.header("Location")).isEqualTo("https://slipway.example/login");
		}

		@Test
		void theSessionCookieIsSecureWhenTheProxySaysHttps() {
			Page overHttps = new PageSession(this.port).header("X-Forwarded-Proto", "https").get("/login");
			assertThat(sessionCookie(overHttps)).contains("; Secure");
			assertThat(overHttps.header("Strict-Transport-Security")).startsWith("max-age=31536000");
			Page overHttp = new PageSession(this.port).get("/login");
			assertThat(sessionCookie(overHttp)).doesNotContain("Secure");
		}

	}

	/** The test client (loopback) is not a trusted proxy. */
	@Nested
	@SpringBootTest(classes = SlipwayApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "slipway.security.admin-password=" + ADMIN_PASSWORD, "slipway.security.login.lock-after=3",
					"slipway.proxy.trusted-addresses=192.0.2.1" })
	@ExtendWith(OutputCaptureExtension.class)
	class FromAnUntrustedPeer extends Server {

		@DynamicPropertySource
		static void dataDir(DynamicPropertyRegistry registry) {
			TestFolders.registerDataDir(registry, "forwarded-untrusted");
		}

		@Test
		void aForgedClientAddressIsNeitherThrottledNorLogged(CapturedOutput output) {
			String name = person();
			for (int i = 0; i < 3; i++) {
				assertThat(api(name, "wrong-password", "X-Forwarded-For", "198.51.100.3" + i).statusCode())
					.isEqualTo(401);
			}
			// Three failures from the real address, whatever the header said: locked
			// there.
			HttpResponse<String> locked = api(name, PASSWORD, "X-Forwarded-For", "198.51.100.39");
			assertThat(locked.statusCode()).isEqualTo(401);
			assertThat(locked.headers().firstValue("Retry-After")).isPresent();
			assertThat(api(name, PASSWORD, "Forwarded", "for=198.51.100.40").headers().firstValue("Retry-After"))
				.isPresent();
			assertThat(output).contains("event=login.failure user=" + name + " client=")
				.doesNotContain("client=198.51.100.");
		}

		@Test
		void forgedHostAndSchemeChangeNoRedirect() {
			String origin = "http://localhost:" + this.port;
			Page home = new PageSession(this.port).header("X-Forwarded-Host", "evil.example")
				.header("X-Forwarded-Proto", "https")
				.header("X-Forwarded-Port", "443")
				.header("X-Forwarded-Prefix", "/evil")
				.get("/");
			assertThat(home.status()).isEqualTo(302);
			assertThat(home.header("Location")).isEqualTo(origin + "/login");
			Page viaForwarded = new PageSession(this.port).header("Forwarded", "proto=https;host=evil.example")
				.get("/");
			assertThat(viaForwarded.header("Location")).isEqualTo(origin + "/login");
		}

		@Test
		void aForgedHttpsNeverMakesTheCookieSecure() {
			Page page = new PageSession(this.port).header("X-Forwarded-Proto", "https")
				.header("X-Forwarded-Ssl", "on")
				.get("/login");
			assertThat(sessionCookie(page)).isNotNull().doesNotContain("Secure");
			assertThat(page.header("Strict-Transport-Security")).isNull();
		}

	}

	/** What both servers' tests share: the server, an account, the API with Basic. */
	abstract static class Server {

		@LocalServerPort
		int port;

		@Autowired
		UserService users;

		@Autowired
		Authenticator authenticator;

		/** GET /api/v1/users/me with Basic credentials and one more header. */
		HttpResponse<String> api(String username, String password, String header, String value) {
			return new HttpProbe("http://localhost:" + this.port).basic(username, password)
				.header(header, value)
				.getJson("/api/v1/users/me");
		}

		/** A person with {@link #PASSWORD}, created by the admin. */
		String person() {
			String name = "proxied" + NAMES.incrementAndGet();
			SecurityContextHolder.getContext()
				.setAuthentication(new SlipwayAuthentication(
						this.authenticator.password("admin", ADMIN_PASSWORD, "test", "basic")));
			try {
				this.users.create(new NewUser(name, Role.VIEWER, false, PASSWORD, null, null));
			}
			finally {
				SecurityContextHolder.clearContext();
			}
			return name;
		}

		static String sessionCookie(Page page) {
			return page.headers()
				.allValues("Set-Cookie")
				.stream()
				.filter((cookie) -> cookie.startsWith("SLIPWAY_SESSION="))
				.findFirst()
				.orElse(null);
		}

	}

}
