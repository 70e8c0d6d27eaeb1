package dev.catfacts.bench;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How long and how often to measure, from the system properties {@code make bench} and
 * {@code make bench-smoke} pass: {@code bench.runs}, {@code bench.duration} (wrk's
 * {@code 15s} or {@code 1m}), {@code bench.smoke} and {@code bench.output}.
 *
 * @param runs rounds per measurement
 * @param duration one round under wrk, e.g. {@code 15s}
 * @param warmUp the load before the rounds, so the JIT has compiled what they run
 * @param smoke one short run of everything, which checks that it works, not how fast
 * @param output where the document goes
 */
record Settings(int runs, String duration, String warmUp, boolean smoke, Path output) {

	private static final Pattern WRK_DURATION = Pattern.compile("[1-9][0-9]*[sm]");

	Settings {
		if (runs < 1) {
			throw new IllegalArgumentException("bench.runs must be 1 or more, not " + runs);
		}
		for (String time : new String[] { duration, warmUp }) {
			if (!WRK_DURATION.matcher(time).matches()) {
				throw new IllegalArgumentException("a duration is seconds or minutes, e.g. 15s or 1m, not " + time);
			}
		}
	}

	/**
	 * The settings the properties ask for. The smoke run's are fixed (1 run of 3 s after
	 * 2 s, into target/bench/), so CI always runs the same short check.
	 */
	static Settings from(Map<String, String> properties) {
		if (Boolean.parseBoolean(properties.getOrDefault("bench.smoke", "false"))) {
			return new Settings(1, "3s", "2s", true, Path.of("target/bench/benchmarks.md"));
		}
		return new Settings(Integer.parseInt(properties.getOrDefault("bench.runs", "3")),
				properties.getOrDefault("bench.duration", "15s"), "15s", false,
				Path.of(properties.getOrDefault("bench.output", "docs/benchmarks.md")));
	}

	/** The duration in seconds, to size the deadline of a wrk run. */
	static long seconds(String wrkDuration) {
		long amount = Long.parseLong(wrkDuration.substring(0, wrkDuration.length() - 1));
		return wrkDuration.endsWith("m") ? amount * 60 : amount;
	}

}
