package dev.catfacts.facts;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTests {

	private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

	@Test
	void secondsAreADelay() {
		assertThat(parse("120", NOW)).contains(Duration.ofMinutes(2));
		assertThat(parse(" 7 ", NOW)).contains(Duration.ofSeconds(7));
	}

	@Test
	void leadingZerosAreNotALongerWait() {
		assertThat(parse("0000000000005", NOW)).contains(Duration.ofSeconds(5));
	}

	@Test
	void anHttpDateIsCountedFromNow() {
		assertThat(parse("Wed, 25 Nov 2026 12:00:30 GMT", NOW)).contains(Duration.ofSeconds(30));
	}

	@ParameterizedTest
	@ValueSource(strings = { "Wednesday, 25-Nov-26 12:00:30 GMT", "Wed Nov 25 12:00:30 2026" })
	void theObsoleteDateFormatsAreReadToo(String header) {
		// RFC 9110, section 5.6.7: a recipient must accept RFC 850 and asctime dates.
		assertThat(parse(header, NOW)).contains(Duration.ofSeconds(30));
	}

	@Test
	void anAbsurdNumberOfSecondsIsStillAWaitForTheCallerToCap() {
		assertThat(parse("9".repeat(40), NOW))
			.hasValueSatisfying((wait) -> assertThat(wait).isGreaterThan(Duration.ofDays(365)));
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { " ", "0", "-5", "soon", "1.5", "Wed, 25 Nov 2026 11:59:00 GMT", "\u0663" })
	void nothingUsableMeansNoWait(String header) {
		assertThat(parse(header, NOW)).isEmpty();
	}

	private static Optional<Duration> parse(@Nullable String header, Instant now) {
		HttpHeaders headers = new HttpHeaders();
		if (header != null) {
			headers.set(HttpHeaders.RETRY_AFTER, header);
		}
		return RetryAfter.parse(headers, now);
	}

}
