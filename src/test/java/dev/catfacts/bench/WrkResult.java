package dev.catfacts.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one wrk 4 run printed (with {@code --latency}), in the units the report uses.
 *
 * @param requests the requests answered in the run ({@code N requests in ...})
 * @param requestsPerSecond the {@code Requests/sec} line
 * @param p50Millis the 50th percentile latency in milliseconds, NaN without
 * {@code --latency}
 * @param p99Millis the 99th percentile latency in milliseconds, NaN without
 * {@code --latency}
 * @param failures non-2xx or 3xx answers plus socket errors (connect, read, write,
 * timeout): wrk counts a request that failed as answered, so these have to be read apart
 */
record WrkResult(long requests, double requestsPerSecond, double p50Millis, double p99Millis, long failures) {

	private static final Pattern REQUESTS = Pattern.compile("(?m)^\\s*(\\d+) requests in ");

	private static final Pattern RATE = Pattern.compile("(?m)^Requests/sec:\\s+([\\d.]+)");

	private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

	private static final Pattern SOCKET_ERRORS = Pattern
		.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

	static WrkResult parse(String output) {
		long failures = 0;
		Matcher non2xx = NON_2XX.matcher(output);
		if (non2xx.find()) {
			failures += Long.parseLong(non2xx.group(1));
		}
		Matcher socketErrors = SOCKET_ERRORS.matcher(output);
		if (socketErrors.find()) {
			for (int group = 1; group <= 4; group++) {
				failures += Long.parseLong(socketErrors.group(group));
			}
		}
		return new WrkResult(Long.parseLong(find(REQUESTS, output)), Double.parseDouble(find(RATE, output)),
				percentileMillis(output, 50), percentileMillis(output, 99), failures);
	}

	/**
	 * A line of the latency distribution, e.g. {@code 99%    1.06s}: wrk picks the unit
	 * (us, ms or s) per value, so one run can print all three.
	 */
	private static double percentileMillis(String output, int percentile) {
		Matcher line = Pattern.compile("(?m)^\\s+" + percentile + "%\\s+([\\d.]+)(us|ms|s)\\s*$").matcher(output);
		if (!line.find()) {
			return Double.NaN;
		}
		double value = Double.parseDouble(line.group(1));
		return switch (line.group(2)) {
			case "us" -> value / 1000;
			case "ms" -> value;
			default -> value * 1000;
		};
	}

	private static String find(Pattern pattern, String output) {
		Matcher matcher = pattern.matcher(output);
		if (!matcher.find()) {
			throw new IllegalArgumentException("Not wrk 4 output (no match for " + pattern + "):\n" + output);
		}
		return matcher.group(1);
	}

}
