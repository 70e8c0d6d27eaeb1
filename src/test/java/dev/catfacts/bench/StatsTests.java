package dev.catfacts.bench;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Medians and ratios, and the summary of rounds they make. */
class StatsTests {

	@Test
	void theMedianOfAnOddCountIsTheMiddleValue() {
		assertThat(Stats.median(List.of(5355L, 4145L, 9000L))).isEqualTo(5355);
	}

	@Test
	void theMedianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
		assertThat(Stats.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
	}

	@Test
	void thereIsNoMedianOfNothing() {
		assertThatIllegalArgumentException().isThrownBy(() -> Stats.median(List.of()));
	}

	@Test
	void aRatioHasTwoDecimals() {
		assertThat(Stats.ratio(30202, 37490)).isEqualTo("0.81");
		assertThat(Stats.ratio(14338, 1587)).isEqualTo("9.03");
	}

	@Test
	void aLoadSummaryIsTheMedianRoundWithEveryFailure() {
		LoadSummary summary = LoadSummary
			.of(List.of(new Round(new WrkResult(453036, 30202.4, 0.81, 5.73, 0), Duration.ofMillis(13_590)),
					new Round(new WrkResult(435000, 29000, 0.90, 9.0, 2), Duration.ofMillis(14_790)),
					new Round(new WrkResult(465000, 31000, 0.70, 5.0, 1), Duration.ofMillis(13_020))));

		assertThat(summary.rateAndLatencies()).isEqualTo("30202 (0.81 / 5.73)");
		assertThat(summary.failures()).isEqualTo(3);
		// 30.0, 34.0 and 28.0 us: the median of the per-round values, not of the sums.
		assertThat(summary.cpu()).isEqualTo("30.0");
	}

	@Test
	void aRoundWithoutAnsweredRequestsHasNoCpuPerRequest() {
		assertThat(
				new Round(new WrkResult(0, 0, Double.NaN, Double.NaN, 32), Duration.ofSeconds(1)).cpuMicrosPerRequest())
			.isNaN();
	}

}
