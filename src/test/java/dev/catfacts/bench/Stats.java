package dev.catfacts.bench;

import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** The two sums the report makes: medians of rounds, and ratios as it prints them. */
final class Stats {

	private Stats() {
	}

	/**
	 * The median: the middle value, or the mean of the two middle values of an even
	 * count. The median and not the mean, since one round disturbed by the shared machine
	 * must not move the result.
	 */
	static double median(Collection<? extends Number> values) {
		if (values.isEmpty()) {
			throw new IllegalArgumentException("no values to take the median of");
		}
		List<Double> sorted = values.stream().map(Number::doubleValue).sorted().toList();
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

	/** {@code a / b} with two decimals, e.g. {@code 0.81}. */
	static String ratio(double a, double b) {
		return format("%.2f", a / b);
	}

	/** Formats with a dot as the decimal separator, whatever the machine's locale. */
	static String format(String format, Object... values) {
		return String.format(Locale.ROOT, format, values);
	}

}
