package dev.catfacts.web;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The {@code count} query parameter of {@code /cat_facts}.
 *
 * <p>
 * Parsed by hand rather than bound to an {@code int}: Spring's conversion would quietly
 * take the first of {@code ?count=1&count=5}, and a typed binding error would not say
 * what the valid range is.
 *
 * @param value how many facts to serve
 * @param given whether the client sent the parameter, which selects the list shape of the
 * JSON answer
 */
record Count(int value, boolean given) {

	static final int MIN = 1;

	static final int MAX = 10;

	/** Compiled once: {@link #parse} runs for every request that gives a count. */
	private static final Pattern LEADING_ZEROS = Pattern.compile("^0+(?=.)");

	static Count parse(@Nullable List<String> values) {
		if (values == null || values.isEmpty()) {
			return new Count(1, false);
		}
		if (values.size() > 1) {
			throw new InvalidCountException("count must be given at most once, got " + values.size() + " values");
		}
		// A bare "?count", without "=", is a null value.
		String raw = Objects.requireNonNullElse(values.getFirst(), "").strip();
		// ASCII digits only: Integer.parseInt also takes "+3" and other scripts' digits
		// ("٣"), which no client means as a count.
		if (raw.isEmpty() || !raw.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			throw new InvalidCountException(
					"count must be a whole number from " + MIN + " to " + MAX + ", got '" + abbreviate(raw) + "'");
		}
		// Without its leading zeros, a number of nine digits or fewer fits in an int; a
		// longer one is out of range whatever it says.
		String digits = LEADING_ZEROS.matcher(raw).replaceFirst("");
		int value = (digits.length() <= 9) ? Integer.parseInt(digits) : Integer.MAX_VALUE;
		if (value < MIN || value > MAX) {
			throw new InvalidCountException("count must be from " + MIN + " to " + MAX + ", got " + abbreviate(raw));
		}
		return new Count(value, true);
	}

	/** Echo enough of a bad value to be useful, never a whole megabyte of it. */
	private static String abbreviate(String raw) {
		return (raw.length() <= 20) ? raw : raw.substring(0, 20) + "...";
	}

}
