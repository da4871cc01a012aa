package dev.slipway.tracking;

import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.slipway.error.SlipwayException;
import dev.slipway.tracking.ArtifactPreview.Kind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How artifact previews judge, parse and bound what they show. */
class ArtifactPreviewTest {

	@Test
	void kindsFollowTheFileName() {
		assertThat(ArtifactPreviewService.kindOf("model/MLmodel")).isEqualTo(Kind.MLMODEL);
		assertThat(ArtifactPreviewService.kindOf("a/b.JSON")).isEqualTo(Kind.JSON);
		assertThat(ArtifactPreviewService.kindOf("conf.yml")).isEqualTo(Kind.YAML);
		assertThat(ArtifactPreviewService.kindOf("t.tsv")).isEqualTo(Kind.TABLE);
		assertThat(ArtifactPreviewService.kindOf("plot.svg")).isEqualTo(Kind.IMAGE);
		assertThat(ArtifactPreviewService.kindOf("train.log")).isEqualTo(Kind.TEXT);
		assertThat(ArtifactPreviewService.kindOf("README")).isEqualTo(Kind.TEXT);
		assertThat(ArtifactPreviewService.kindOf("model.pkl")).isEqualTo(Kind.BINARY);
		assertThat(ArtifactPreviewService.imageType("x.svg")).isEqualTo("image/svg+xml");
		assertThat(ArtifactPreviewService.imageType("x.html")).isNull();
	}

	@Test
	void pathsThatLeaveTheRootAreRefused() {
		for (String bad : List.of("../x", "a/../../b", "a/./b", "a//b", "a\\..\\b", "", "/")) {
			assertThatThrownBy(() -> ArtifactService.requireRelative(bad)).as(bad).isInstanceOf(SlipwayException.class);
		}
		assertThat(ArtifactService.requireRelative("/dir/file.txt/")).isEqualTo("dir/file.txt");
	}

	@Test
	void binaryIsNotTextAndACutCharacterIsDropped() {
		assertThat(ArtifactPreviewService.decode(new byte[] { 'a', 0, 'b' }, false)).isNull();
		byte[] euro = "a€".getBytes(StandardCharsets.UTF_8);
		byte[] cut = java.util.Arrays.copyOf(euro, euro.length - 1);
		assertThat(ArtifactPreviewService.decode(cut, true)).isEqualTo("a");
		assertThat(ArtifactPreviewService.decode(euro, false)).isEqualTo("a€");
	}

	@Test
	void csvBecomesATableWithQuotedCellsAndAtMostMaxRows() {
		ArtifactPreview preview = ArtifactPreviewService.table("t.csv", 10, "a,b\r\n\"x,\"\"y\"\"\",2\n3,4", false);
		assertThat(preview.rows()).containsExactly(List.of("a", "b"), List.of("x,\"y\"", "2"), List.of("3", "4"));
		assertThat(preview.truncated()).isFalse();
		String many = "n\n".repeat(ArtifactPreview.MAX_ROWS + 10);
		ArtifactPreview big = ArtifactPreviewService.table("t.csv", many.length(), many, false);
		assertThat(big.rows()).hasSize(ArtifactPreview.MAX_ROWS);
		assertThat(big.truncated()).isTrue();
	}

	@Test
	void jsonIsReindentedAndFlavorsAreNamed() {
		assertThat(ArtifactPreviewJson.pretty("{\"a\":[1,2],\"b\":{},\"c\":\"x,{y}\"}"))
			.isEqualTo("{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {},\n  \"c\": \"x,{y}\"\n}");
		assertThat(ArtifactPreviewService.flavors(
				"artifact_path: m\nflavors:\n  python_function:\n    env: conda.yaml\n  sklearn:\n    v: 1\nrun_id: r\n"))
			.containsExactly("python_function", "sklearn");
	}

}
