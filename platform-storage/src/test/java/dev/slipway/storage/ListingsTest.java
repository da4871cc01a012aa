package dev.slipway.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ListingsTest {

	@Test
	void ordersByCodePointLikeS3RatherThanByUtf16Unit() {
		String replacement = "\uFFFD.txt";
		String emoji = "\uD83D\uDE00.txt";

		// UTF-16 puts the surrogate pair first; UTF-8 bytes (and S3) put U+FFFD
		// first.
		assertThat(emoji.compareTo(replacement)).isNegative();
		assertThat(Listings.ORDER.compare(replacement, emoji)).isNegative();
	}

	@Test
	void ordersFoldersAsIfTheirNameEndedWithASlash() {
		List<String> rawNames = new ArrayList<>(List.of("b/", "b.txt", "b-x", "b0", "a"));

		rawNames.sort(Listings.ORDER);

		assertThat(rawNames).containsExactly("a", "b-x", "b.txt", "b/", "b0");
	}

	@Test
	void pageTokensRoundTripAnyName() {
		String name = "ünïcødé 😀/";

		assertThat(Listings.decodeToken(Listings.encodeToken(name))).isEqualTo(name);
		assertThat(Listings.decodeToken(null)).isNull();
	}

	@Test
	void aPageEndsWithATokenOnlyWhenMoreEntriesFollow() {
		TreeMap<String, Long> candidates = new TreeMap<>(Listings.ORDER);
		candidates.put("a.txt", 1L);
		candidates.put("dir/", 0L);
		candidates.put("z.txt", 3L);

		ListPage first = Listings.page("p", candidates, 2);
		ListPage all = Listings.page("p", candidates, 3);

		assertThat(first.entries()).containsExactly(new ListEntry("p/a.txt", false, 1),
				new ListEntry("p/dir", true, 0));
		assertThat(Listings.decodeToken(first.nextPageToken())).isEqualTo("dir/");
		assertThat(all.entries()).hasSize(3);
		assertThat(all.nextPageToken()).isNull();
	}

}
