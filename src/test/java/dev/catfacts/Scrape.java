package dev.catfacts;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A parsed Prometheus text-format scrape, the one parser the tests share: enough of the
 * format to assert on real output without pulling in a client library.
 *
 * @param text the raw scrape
 * @param samples every sample, keyed by its series ({@code name{labels}})
 * @param types metric family name to its {@code # TYPE}
 * @param help metric family name to its {@code # HELP}
 */
public record Scrape(String text, Map<String, Double> samples, Map<String, String> types, Map<String, String> help) {

	public static Scrape parse(String text) {
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
	public double value(String name, String... labels) {
		Map<String, Double> matches = this.samples.entrySet()
			.stream()
			.filter((entry) -> nameOf(entry.getKey()).equals(name))
			.filter((entry) -> Arrays.stream(labels).allMatch(entry.getKey()::contains))
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
		if (matches.size() != 1) {
			throw new AssertionError("Expected one series " + name + " with " + String.join(",", labels) + " but found "
					+ matches.keySet());
		}
		return matches.values().iterator().next();
	}

	/**
	 * The sum of every series of a metric that carries all the given labels (none: every
	 * series, whatever its labels); 0 when there is none.
	 */
	public double sum(String name, String... labels) {
		return this.samples.entrySet()
			.stream()
			.filter((entry) -> nameOf(entry.getKey()).equals(name))
			.filter((entry) -> Arrays.stream(labels).allMatch(entry.getKey()::contains))
			.mapToDouble(Map.Entry::getValue)
			.sum();
	}

	/** The series whose metric name starts with one of the prefixes. */
	public Set<String> series(String... prefixes) {
		return this.samples.keySet()
			.stream()
			.filter((series) -> Arrays.stream(prefixes).anyMatch(series::startsWith))
			.collect(Collectors.toCollection(TreeSet::new));
	}

	/** Every metric name, with the names of the labels its series carry. */
	public Map<String, Set<String>> labelNamesByMetric() {
		Map<String, Set<String>> names = new TreeMap<>();
		for (String series : this.samples.keySet()) {
			names.computeIfAbsent(nameOf(series), (name) -> new TreeSet<>()).addAll(labelsOf(series).keySet());
		}
		return names;
	}

	public static String nameOf(String series) {
		int brace = series.indexOf('{');
		return (brace < 0) ? series : series.substring(0, brace);
	}

	/**
	 * The labels of a series ({@code name{a="1",b="x"}}), values unescaped. Read
	 * character by character, since a value may hold any of {@code ,="}} itself.
	 */
	public static Map<String, String> labelsOf(String series) {
		Map<String, String> labels = new LinkedHashMap<>();
		int i = series.indexOf('{') + 1;
		if (i == 0) {
			return labels;
		}
		while (series.charAt(i) != '}') {
			int equals = series.indexOf('=', i);
			String name = series.substring(i, equals).strip();
			StringBuilder value = new StringBuilder();
			i = equals + 2;
			while (series.charAt(i) != '"') {
				char c = series.charAt(i++);
				if (c == '\\') {
					char escaped = series.charAt(i++);
					value.append((escaped == 'n') ? '\n' : escaped);
				}
				else {
					value.append(c);
				}
			}
			labels.put(name, value.toString());
			i++;
			if (series.charAt(i) == ',') {
				i++;
			}
		}
		return labels;
	}

}
