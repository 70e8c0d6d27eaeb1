package dev.catfacts.web;

import java.util.List;

import org.junit.jupiter.api.Test;

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

	@Test
	void echoesOnlyABoundedPartOfAHugeBadValue() {
		assertThatExceptionOfType(InvalidCountException.class)
			.isThrownBy(() -> Count.parse(List.of("x".repeat(10_000))))
			.satisfies((ex) -> assertThat(ex.getBody().getDetail()).hasSizeLessThan(100).endsWith("...'"));
	}

}
