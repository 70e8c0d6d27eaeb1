package dev.catfacts.facts;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTests {

	private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

	@Test
	void secondsAreADelay() {
		assertThat(RetryAfter.parse("120", NOW)).contains(Duration.ofMinutes(2));
		assertThat(RetryAfter.parse(" 7 ", NOW)).contains(Duration.ofSeconds(7));
	}

	@Test
	void leadingZerosAreNotALongerWait() {
		assertThat(RetryAfter.parse("0000000000005", NOW)).contains(Duration.ofSeconds(5));
	}

	@Test
	void anHttpDateIsCountedFromNow() {
		assertThat(RetryAfter.parse("Wed, 25 Nov 2026 12:00:30 GMT", NOW)).contains(Duration.ofSeconds(30));
	}

	@Test
	void anAbsurdNumberOfSecondsIsStillAWaitForTheCallerToCap() {
		assertThat(RetryAfter.parse("9".repeat(40), NOW))
			.hasValueSatisfying((wait) -> assertThat(wait).isGreaterThan(Duration.ofDays(365)));
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { " ", "0", "-5", "soon", "1.5", "Wed, 25 Nov 2026 11:59:00 GMT", "\u0663" })
	void nothingUsableMeansNoWait(String header) {
		assertThat(RetryAfter.parse(header, NOW)).isEmpty();
	}

}
