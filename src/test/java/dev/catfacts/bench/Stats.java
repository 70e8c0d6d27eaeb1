package dev.catfacts.bench;

import java.util.Collection;
import java.util.DoubleSummaryStatistics;
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

	/**
	 * {@code a / b} as {@link #ratio(double, double)} prints it, followed, when there are
	 * rounds, by the lowest and highest of the rounds' own ratios, e.g.
	 * {@code 0.94 (0.90 to 0.99)}: how far one round moves it on this machine.
	 */
	static String ratio(double a, double b, List<Double> roundRatios) {
		if (roundRatios.isEmpty()) {
			return ratio(a, b);
		}
		DoubleSummaryStatistics range = roundRatios.stream().mapToDouble(Double::doubleValue).summaryStatistics();
		return ratio(a, b) + format(" (%.2f to %.2f)", range.getMin(), range.getMax());
	}

	/** Formats with a dot as the decimal separator, whatever the machine's locale. */
	static String format(String format, Object... values) {
		return String.format(Locale.ROOT, format, values);
	}

}
