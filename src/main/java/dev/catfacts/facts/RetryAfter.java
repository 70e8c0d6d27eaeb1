package dev.catfacts.facts;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The {@code Retry-After} header of a 429 or 503 answer (RFC 9110, section 10.2.3):
 * either a number of seconds or an HTTP date.
 */
final class RetryAfter {

	private static final Pattern LEADING_ZEROS = Pattern.compile("^0+(?=.)");

	private RetryAfter() {
	}

	/**
	 * How long the server asks us to wait, from {@code now}; empty when the header is
	 * missing, unreadable or already in the past.
	 */
	static Optional<Duration> parse(@Nullable String header, Instant now) {
		if (header == null || header.isBlank()) {
			return Optional.empty();
		}
		String value = header.strip();
		Duration wait;
		if (value.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			// Leading zeros say nothing; more digits than that are still "a very long
			// time", which the caller caps.
			String digits = LEADING_ZEROS.matcher(value).replaceFirst("");
			wait = Duration.ofSeconds((digits.length() > 12) ? 999_999_999_999L : Long.parseLong(digits));
		}
		else {
			try {
				wait = Duration.between(now,
						ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
			}
			catch (DateTimeParseException ex) {
				return Optional.empty();
			}
		}
		return Optional.of(wait).filter(Duration::isPositive);
	}

}
