package dev.catfacts.bench;

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
		LoadSummary summary = LoadSummary.of(List.of(new WrkResult(1, 30202.4, 0.81, 5.73, 0),
				new WrkResult(1, 29000, 0.90, 9.0, 2), new WrkResult(1, 31000, 0.70, 5.0, 1)));

		assertThat(summary.rateAndLatencies()).isEqualTo("30202 (0.81 / 5.73)");
		assertThat(summary.failures()).isEqualTo(3);
	}

}
