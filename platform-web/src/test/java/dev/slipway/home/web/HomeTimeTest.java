package dev.slipway.home.web;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How long ago a moment was, as the home page's cards say it. */
class HomeTimeTest {

	private static final long NOW = 1_780_000_000_000L;

	@Test
	void recentMomentsSayHowLongAgoAndOlderOnesTheirDate() {
		assertThat(ago(Duration.ofSeconds(20))).isEqualTo("just now");
		assertThat(ago(Duration.ofMinutes(5))).isEqualTo("5 min ago");
		assertThat(ago(Duration.ofHours(3))).isEqualTo("3 h ago");
		assertThat(ago(Duration.ofHours(30))).isEqualTo("yesterday");
		assertThat(ago(Duration.ofDays(3))).isEqualTo("3 days ago");
		assertThat(ago(Duration.ofDays(8))).isEqualTo("2026-05-20");
		assertThat(HomeTime.ago(NOW + 60_000, NOW)).isEqualTo("2026-05-28");
	}

	@Test
	void theExactTimeIsInUtcAndMissingTimesAreNull() {
		HomeTime time = HomeTime.of(NOW, NOW + 1000);
		assertThat(time.iso()).isEqualTo("2026-05-28T20:26:40Z");
		assertThat(time.exact()).isEqualTo("2026-05-28 20:26:40 UTC");
		assertThat(HomeTime.of(null, NOW)).isNull();
		assertThat(HomeTime.of(0L, NOW)).isNull();
	}

	private static String ago(Duration age) {
		return HomeTime.ago(NOW - age.toMillis(), NOW);
	}

}
