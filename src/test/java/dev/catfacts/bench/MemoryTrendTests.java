package dev.catfacts.bench;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The soak's verdict on memory: the second quarter against the last. */
class MemoryTrendTests {

	@Test
	void aWarmUpFollowedByAPlateauIsSteady() {
		// The first quarter (the JVM still warming up) does not count.
		MemoryTrend rss = MemoryTrend.of("rss_mb", List.of(90, 120, 170, 172, 172, 171, 173, 173));
		assertThat(rss.early()).isEqualTo(171);
		assertThat(rss.late()).isEqualTo(173);
		assertThat(rss.steady()).isTrue();
		assertThat(rss.describe())
			.isEqualTo("rss_mb: 171 MB in the second quarter, 173 MB in the last (allowed +17): steady");
	}

	@Test
	void growthBeyondTenPercentOfTheSecondQuarterIsGrowing() {
		MemoryTrend rss = MemoryTrend.of("rss_mb", List.of(170, 170, 200, 200, 210, 215, 221, 222));
		assertThat(rss.allowed()).isEqualTo(20);
		assertThat(rss.late() - rss.early()).isEqualTo(21.5);
		assertThat(rss.steady()).isFalse();
		assertThat(rss.describe()).endsWith("GROWING");
	}

	@Test
	void smallValuesMayGrowBySixteenMegabytes() {
		// 10 % of 40 MB is 4 MB, less than one young generation's worth of noise.
		MemoryTrend live = MemoryTrend.of("live_data_mb", List.of(40, 40, 40, 40, 56, 56, 56, 56));
		assertThat(live.allowed()).isEqualTo(MemoryTrend.MIN_ALLOWED_MB);
		assertThat(live.steady()).isTrue();
		assertThat(MemoryTrend.of("live_data_mb", List.of(40, 40, 40, 40, 57, 57, 57, 57)).steady()).isFalse();
	}

	@Test
	void aQuarterNeedsAValueAtLeast() {
		assertThatIllegalArgumentException().isThrownBy(() -> MemoryTrend.of("rss_mb", List.of(1, 2, 3)))
			.withMessageContaining("four values at least");
	}

}
