package dev.catfacts.web;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CountTests {

	@Test
	void absentMeansOneFactInTheSingleShape() {
		assertThat(Count.parse(null)).isEqualTo(new Count(1, false));
		assertThat(Count.parse(List.of())).isEqualTo(new Count(1, false));
	}

	@Test
	void acceptsTheWholeRange() {
		assertThat(Count.parse(List.of("1"))).isEqualTo(new Count(1, true));
		assertThat(Count.parse(List.of(" 10 "))).isEqualTo(new Count(10, true));
	}

	@ParameterizedTest
	@ValueSource(strings = { "\u0663", "\u0033\u0663", "\uFF13", "+3", "-3", "3.0", "0x3", "3e0" })
	void onlyAsciiDigitsAreANumber(String raw) {
		assertThatExceptionOfType(InvalidCountException.class).isThrownBy(() -> Count.parse(List.of(raw)))
			.satisfies((ex) -> assertThat(ex.getBody().getDetail()).contains("whole number"));
	}

	@Test
	void leadingZerosAreTheSameNumber() {
		assertThat(Count.parse(List.of("007"))).isEqualTo(new Count(7, true));
		assertThat(Count.parse(List.of("0000000000005"))).isEqualTo(new Count(5, true));
	}

	@Test
	void aNumberTooLargeForAnIntIsOutOfRangeNotMalformed() {
		assertThatExceptionOfType(InvalidCountException.class).isThrownBy(() -> Count.parse(List.of("99999999999")))
			.satisfies((ex) -> assertThat(ex.getBody().getDetail())
				.isEqualTo("count must be from 1 to 10, got 99999999999"));
	}

	@Test
	void echoesOnlyABoundedPartOfAHugeBadValue() {
		assertThatExceptionOfType(InvalidCountException.class)
			.isThrownBy(() -> Count.parse(List.of("x".repeat(10_000))))
			.satisfies((ex) -> assertThat(ex.getBody().getDetail()).hasSizeLessThan(100).endsWith("...'"));
	}

}
