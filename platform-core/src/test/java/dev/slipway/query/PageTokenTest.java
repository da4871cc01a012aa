package dev.slipway.query;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Page tokens: ours round-trip, MLflow's decode, anything else is one clear error. */
class PageTokenTest {

	static String base64(String json) {
		return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void roundTrips() {
		for (long offset : new long[] { 0, 1, 1000, 50_000, Long.MAX_VALUE }) {
			String token = PageToken.encode(offset);
			assertThat(token).matches("[A-Za-z0-9_-]+");
			assertThat(PageToken.decode(token)).isEqualTo(offset);
		}
	}

	@Test
	void absentTokensStartAtTheBeginning() {
		assertThat(PageToken.decode(null)).isZero();
		assertThat(PageToken.decode("")).isZero();
		assertThat(PageToken.decode("  ")).isZero();
	}

	@Test
	void readsMlflowTokens() {
		// search_utils.create_page_token: base64.b64encode(json.dumps({"offset": n}))
		assertThat(PageToken.decode(base64("{\"offset\": 1000}"))).isEqualTo(1000);
		assertThat(PageToken.decode("eyJvZmZzZXQiOiAxMDB9")).isEqualTo(100);
		// SearchLoggedModelsPaginationToken.encode
		assertThat(PageToken.decode(base64(
				"{\"experiment_ids\": [\"1\", \"2\"], \"filter_string\": null, \"order_by\": [{\"field_name\": \"metrics.acc\", \"ascending\": false}], \"offset\": 25}")))
			.isEqualTo(25);
		assertThat(PageToken.decode(base64("{\"offset\": \"20\"}"))).isEqualTo(20);
		assertThat(PageToken.decode(base64("{\"a\": \"\\u00e9\\n\", \"offset\": 7.0}"))).isEqualTo(7);
	}

	@Test
	void toleratesQueryStringMangling() {
		String standard = base64("{\"k\": \">>>?\", \"offset\": 5}");
		assertThat(standard).contains("+").endsWith("=");
		assertThat(PageToken.decode(standard.replace('+', ' '))).isEqualTo(5);
		assertThat(PageToken.decode(standard.replace("=", ""))).isEqualTo(5);
		assertThat(PageToken.decode(standard.replace('+', '-').replace('/', '_'))).isEqualTo(5);
	}

	@ParameterizedTest
	@ValueSource(strings = { "abc!", "####", "a", "=", "eyJvZmZzZXQiOjF", "bm90IGpzb24=", "WzFd", "e30=",
			"eyJvZmZzZXQiOi0xfQ==", "eyJvZmZzZXQiOjEuNX0=", "eyJvZmZzZXQiOnRydWV9", "eyJvZmZzZXQiOjF9eA==",
			"eyJvZmZzZXQiOiIxMmEifQ==", "eyJvZmZzZXQiOjFlOTk5OTk5OTk5fQ==", "//79/Q==" })
	void rejectsEverythingElse(String token) {
		assertThatThrownBy(() -> PageToken.decode(token))
			.isInstanceOfSatisfying(SlipwayException.class,
					(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
			.hasMessage("page_token: invalid page token");
	}

	@Test
	void rejectsDeepNestingAndHugeTokens() {
		String deep = "[".repeat(10_000) + "]".repeat(10_000);
		assertThatThrownBy(() -> PageToken.decode(base64("{\"x\": " + deep + ", \"offset\": 1}")))
			.hasMessage("page_token: invalid page token");
		assertThatThrownBy(() -> PageToken.decode("A".repeat(70_000))).hasMessage("page_token: invalid page token");
	}

}
