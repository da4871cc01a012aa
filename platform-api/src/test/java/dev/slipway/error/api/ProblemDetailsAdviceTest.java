package dev.slipway.error.api;

import java.sql.SQLTransientConnectionException;
import java.time.Duration;

import dev.slipway.error.SlipwayException;
import dev.slipway.error.TemporarilyUnavailableException;
import dev.slipway.storage.ArtifactNotFoundException;
import dev.slipway.storage.ArtifactStoreException;
import dev.slipway.storage.InvalidArtifactKeyException;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every failure on a native route answers RFC 9457 Problem Details with a catalogue code.
 */
// Security has its own slice test (ApiSecurityTest); this one is about the answer.
@AutoConfigureMockMvc(addFilters = false)
@WebMvcTest(controllers = ProblemDetailsAdviceTest.FailingController.class)
@Import({ ProblemDetailsAdviceTest.FailingController.class, ProblemDetailsAdvice.class, TextValues.class })
class ProblemDetailsAdviceTest {

	@Autowired
	MockMvcTester mvc;

	@Test
	void slipwayExceptionKeepsItsCodeStatusAndMessage() {
		MvcTestResult result = this.mvc.get().uri("/test/missing").exchange();
		assertThat(result).hasStatus(404).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.code").isEqualTo("NOT_FOUND");
		assertThat(result).bodyJson().extractingPath("$.title").isEqualTo("Not found");
		assertThat(result).bodyJson().extractingPath("$.detail").isEqualTo("experiment '42' does not exist");
		assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(404);
	}

	@Test
	void invalidArgumentNamesTheField() {
		MvcTestResult result = this.mvc.get().uri("/test/invalid").exchange();
		assertThat(result).hasStatus(400);
		assertThat(result).bodyJson().extractingPath("$.code").isEqualTo("INVALID_ARGUMENT");
		assertThat(result).bodyJson().extractingPath("$.detail").isEqualTo("max_results: must be at most 1000");
	}

	@Test
	void storageFailuresMapToStableCodes() throws Exception {
		assertThat(this.mvc.get().uri("/test/bad-key").exchange()).hasStatus(400)
			.bodyJson()
			.extractingPath("$.code")
			.isEqualTo("INVALID_ARGUMENT");
		assertThat(this.mvc.get().uri("/test/no-artifact").exchange()).hasStatus(404)
			.bodyJson()
			.extractingPath("$.code")
			.isEqualTo("NOT_FOUND");
		MvcTestResult unavailable = this.mvc.get().uri("/test/store-down").exchange();
		assertThat(unavailable).hasStatus(503).bodyJson().extractingPath("$.code").isEqualTo("SERVICE_UNAVAILABLE");
		assertThat(unavailable.getResponse().getContentAsString()).doesNotContain("secret-endpoint");
	}

	@Test
	void unexpectedFailureRevealsNoInternalsButAnErrorId() throws Exception {
		MvcTestResult result = this.mvc.get().uri("/test/boom").exchange();
		assertThat(result).hasStatus(500);
		assertThat(result).bodyJson().extractingPath("$.code").isEqualTo("INTERNAL_ERROR");
		assertThat(result).bodyJson().extractingPath("$.errorId").asString().hasSize(36);
		String body = result.getResponse().getContentAsString();
		assertThat(body).doesNotContain("SELECT", "IllegalStateException", "at dev.slipway", "trace");
	}

	@Test
	void aRefusalByMethodSecurityIsPermissionDenied() {
		MvcTestResult result = this.mvc.get().uri("/test/denied").exchange();
		assertThat(result).hasStatus(403).bodyJson().extractingPath("$.code").isEqualTo("PERMISSION_DENIED");
	}

	@Test
	void unreadableBodyIsMalformedRequest() {
		MvcTestResult result = this.mvc.post()
			.uri("/test/echo")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\": ")
			.exchange();
		assertThat(result).hasStatus(400).bodyJson().extractingPath("$.code").isEqualTo("MALFORMED_REQUEST");
	}

	@Test
	void unsupportedMediaTypeIsNamed() {
		MvcTestResult result = this.mvc.post()
			.uri("/test/echo")
			.contentType(MediaType.TEXT_PLAIN)
			.content("x")
			.exchange();
		assertThat(result).hasStatus(415).bodyJson().extractingPath("$.code").isEqualTo("UNSUPPORTED_MEDIA_TYPE");
	}

	@Test
	void aDatabaseOutageIs503WithRetryAfterAndAnErrorId() throws Exception {
		MvcTestResult result = this.mvc.get().uri("/test/db-down").exchange();
		assertThat(result).hasStatus(503).hasHeader("Retry-After", "5");
		assertThat(result).bodyJson().extractingPath("$.code").isEqualTo("SERVICE_UNAVAILABLE");
		assertThat(result).bodyJson().extractingPath("$.errorId").asString().hasSize(36);
		assertThat(result.getResponse().getContentAsString()).contains("The database is unavailable")
			.doesNotContain("10.0.0.7", "SQL");
	}

	@Test
	void aBusyDependencyIs503WithItsOwnRetryAfter() {
		MvcTestResult result = this.mvc.get().uri("/test/busy").exchange();
		assertThat(result).hasStatus(503).hasHeader("Retry-After", "2");
		assertThat(result).bodyJson().extractingPath("$.detail").asString().startsWith("Too many transfers");
	}

	@Test
	void anUnpairedSurrogateInABodyNamesTheField() {
		MvcTestResult lone = this.mvc.post()
			.uri("/test/echo")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\": \"a\\ud800b\"}")
			.exchange();
		assertThat(lone).hasStatus(400).bodyJson().extractingPath("$.code").isEqualTo("INVALID_ARGUMENT");
		assertThat(lone).bodyJson()
			.extractingPath("$.detail")
			.asString()
			.startsWith("name: contains an unpaired UTF-16 surrogate");
	}

	@Test
	void aNulCharacterOrAnOversizedNumberInABodyNamesTheField() {
		MvcTestResult nul = this.mvc.post()
			.uri("/test/echo")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\": \"a\\u0000b\"}")
			.exchange();
		assertThat(nul).hasStatus(400).bodyJson().extractingPath("$.code").isEqualTo("INVALID_ARGUMENT");
		assertThat(nul).bodyJson().extractingPath("$.detail").asString().startsWith("name: contains a NUL character");

		MvcTestResult huge = this.mvc.post()
			.uri("/test/echo")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\": \"a\", \"size\": 123456789012345678901234567890}")
			.exchange();
		assertThat(huge).hasStatus(400)
			.bodyJson()
			.extractingPath("$.detail")
			.asString()
			.isEqualTo("size: the number is out of range");

		MvcTestResult wrongType = this.mvc.post()
			.uri("/test/echo")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\": \"a\", \"size\": \"many\"}")
			.exchange();
		assertThat(wrongType).hasStatus(400)
			.bodyJson()
			.extractingPath("$.detail")
			.asString()
			.isEqualTo("size: not a valid value of this field's type");
	}

	@RestController
	static class FailingController {

		@GetMapping("/test/db-down")
		String databaseDown() {
			throw new CannotCreateTransactionException("Could not open JPA EntityManager",
					new SQLTransientConnectionException("Connection to 10.0.0.7:5432 refused"));
		}

		@GetMapping("/test/busy")
		String busy() {
			throw new TemporarilyUnavailableException("Too many transfers", Duration.ofMillis(1500));
		}

		@GetMapping("/test/denied")
		String denied() {
			throw new org.springframework.security.authorization.AuthorizationDeniedException("Access Denied");
		}

		@GetMapping("/test/missing")
		String missing() {
			throw SlipwayException.notFound("experiment", 42);
		}

		@GetMapping("/test/invalid")
		String invalid() {
			throw SlipwayException.invalidArgument("max_results", "must be at most 1000");
		}

		@GetMapping("/test/bad-key")
		String badKey() {
			throw new InvalidArtifactKeyException("artifact key must not contain '..' segments: a/../b");
		}

		@GetMapping("/test/no-artifact")
		String noArtifact() {
			throw new ArtifactNotFoundException("model/weights.bin");
		}

		@GetMapping("/test/store-down")
		String storeDown() {
			throw new ArtifactStoreException("connection refused by secret-endpoint:9000");
		}

		@GetMapping("/test/boom")
		String boom() {
			throw new IllegalStateException("SELECT * FROM runs failed");
		}

		@PostMapping("/test/echo")
		Named echo(@RequestBody Named body) {
			return body;
		}

		record Named(String name, Long size) {
		}

	}

}
