package dev.catfacts.facts;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.http.HttpHeaders;

/**
 * The {@code Retry-After} header of a 429 or 503 answer (RFC 9110, section 10.2.3):
 * either a number of seconds or an HTTP date, in any of the three formats a recipient
 * must accept (Spring's {@link HttpHeaders#getFirstZonedDateTime} reads them).
 */
final class RetryAfter {

	private static final Pattern LEADING_ZEROS = Pattern.compile("^0+(?=.)");

	private RetryAfter() {
	}

	/**
	 * How long the server asks us to wait, from {@code now}; empty when the header is
	 * missing, unreadable or already in the past.
	 */
	static Optional<Duration> parse(HttpHeaders headers, Instant now) {
		String value = headers.getFirst(HttpHeaders.RETRY_AFTER);
		if (value == null || value.isBlank()) {
			return Optional.empty();
		}
		value = value.strip();
		Duration wait;
		if (value.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			// Leading zeros say nothing; more digits than that are still "a very long
			// time", which the caller caps.
			String digits = LEADING_ZEROS.matcher(value).replaceFirst("");
			wait = Duration.ofSeconds((digits.length() > 12) ? 999_999_999_999L : Long.parseLong(digits));
		}
		else {
			try {
				ZonedDateTime date = headers.getFirstZonedDateTime(HttpHeaders.RETRY_AFTER);
				if (date == null) {
					return Optional.empty();
				}
				wait = Duration.between(now, date.toInstant());
			}
			catch (IllegalArgumentException ex) {
				return Optional.empty();
			}
		}
		return Optional.of(wait).filter(Duration::isPositive);
	}

}
