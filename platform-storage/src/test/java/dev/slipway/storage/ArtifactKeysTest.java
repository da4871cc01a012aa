package dev.slipway.storage;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The key rules' accepting side; what they reject is covered by the store contract.
 */
class ArtifactKeysTest {

	@ParameterizedTest
	@ValueSource(strings = { "a", "runs/1/model.pkl", "..a", "a..b", "a/...", ".hidden/.env", "ab:c", "ünïcødé/файл",
			"with space/x+y=z&w", ".slipway-uploads-not-quite/x", "x/.slipway-uploads" })
	void acceptsRelativeKeysOfOrdinarySegments(String key) {
		assertThat(ArtifactKeys.requireValidKey(key)).isEqualTo(key);
	}

	@ParameterizedTest
	@CsvSource(delimiterString = "->", nullValues = "null", textBlock = """
			null     -> ''
			''       -> ''
			runs     -> runs
			runs/    -> runs
			runs/1/  -> runs/1
			""")
	void normalizesPrefixesWithoutTheirTrailingSlash(String prefix, String normalized) {
		assertThat(ArtifactKeys.normalizePrefix(prefix)).isEqualTo(normalized);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", ".", "..", "a/b", "a\\b", "tab\t" })
	void segmentsThatNoKeyCouldHoldAreInvalid(String name) {
		assertThat(ArtifactKeys.isValidSegment(name)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/", "//" })
	void slashOnlyPrefixesAreRejected(String prefix) {
		assertThatExceptionOfType(InvalidArtifactKeyException.class)
			.isThrownBy(() -> ArtifactKeys.normalizePrefix(prefix))
			.withMessageStartingWith("artifact prefix must");
	}

}
