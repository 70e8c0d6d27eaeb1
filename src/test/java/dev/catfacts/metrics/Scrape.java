package dev.catfacts.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A parsed Prometheus text-format scrape: enough of the format to assert on real output
 * without pulling in a client library.
 *
 * @param text the raw scrape
 * @param samples every sample, keyed by its series ({@code name{labels}})
 * @param types metric family name to its {@code # TYPE}
 * @param help metric family name to its {@code # HELP}
 */
record Scrape(String text, Map<String, Double> samples, Map<String, String> types, Map<String, String> help) {

	static Scrape parse(String text) {
		Map<String, Double> samples = new LinkedHashMap<>();
		Map<String, String> types = new TreeMap<>();
		Map<String, String> help = new TreeMap<>();
		for (String line : text.lines().toList()) {
			if (line.startsWith("# TYPE ")) {
				String[] parts = line.split(" ", 4);
				types.put(parts[2], parts[3]);
			}
			else if (line.startsWith("# HELP ")) {
				String[] parts = line.split(" ", 4);
				help.put(parts[2], (parts.length > 3) ? parts[3] : "");
			}
			else if (!line.isBlank() && !line.startsWith("#")) {
				int split = line.lastIndexOf(' ');
				samples.put(line.substring(0, split), Double.parseDouble(line.substring(split + 1)));
			}
		}
		return new Scrape(text, samples, types, help);
	}

	/** The value of the one series whose name and labels are all given, in any order. */
	double value(String name, String... labels) {
		Map<String, Double> matches = this.samples.entrySet()
			.stream()
			.filter((entry) -> nameOf(entry.getKey()).equals(name))
			.filter((entry) -> java.util.Arrays.stream(labels).allMatch(entry.getKey()::contains))
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
		if (matches.size() != 1) {
			throw new AssertionError("Expected one series " + name + " with " + String.join(",", labels) + " but found "
					+ matches.keySet());
		}
		return matches.values().iterator().next();
	}

	/** The series whose metric name starts with one of the prefixes. */
	Set<String> series(String... prefixes) {
		return this.samples.keySet()
			.stream()
			.filter((series) -> java.util.Arrays.stream(prefixes).anyMatch(series::startsWith))
			.collect(Collectors.toCollection(java.util.TreeSet::new));
	}

	static String nameOf(String series) {
		int brace = series.indexOf('{');
		return (brace < 0) ? series : series.substring(0, brace);
	}

}
