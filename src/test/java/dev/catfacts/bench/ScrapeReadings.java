package dev.catfacts.bench;

import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import dev.catfacts.Scrape;

/** What the benchmark reads from an instance's own scrape. */
final class ScrapeReadings {

	private ScrapeReadings() {
	}

	/**
	 * The series, without the JVM's GC meters: those appear the first time each kind of
	 * collection happens (bounded, and not the requests' doing; a first major GC during
	 * the junk requests once counted as 3 "new series").
	 */
	static SortedSet<String> seriesNames(Scrape scrape) {
		SortedSet<String> names = new TreeSet<>(scrape.samples().keySet());
		names.removeIf((series) -> series.startsWith("jvm_gc_"));
		return names;
	}

	/** The series in {@code after} that {@code before} did not have. */
	static SortedSet<String> added(Set<String> before, Set<String> after) {
		SortedSet<String> added = new TreeSet<>(after);
		added.removeAll(before);
		return added;
	}

	/**
	 * The share of {@code /cat_facts} answers, all so far, that the app's
	 * {@code http_server_requests_seconds} histogram puts within 50 ms, in percent. wrk's
	 * percentiles cannot be read when a few requests take seconds (the breaker's probes
	 * of a slow upstream): they then report a latency that 32 sequential connections
	 * could not have produced.
	 */
	static double percentWithin50ms(Scrape scrape) {
		double fast = 0;
		double total = 0;
		for (Map.Entry<String, Double> sample : scrape.samples().entrySet()) {
			Map<String, String> labels = Scrape.labelsOf(sample.getKey());
			if (!"/cat_facts".equals(labels.get("uri"))) {
				continue;
			}
			String name = Scrape.nameOf(sample.getKey());
			if (name.equals("http_server_requests_seconds_bucket") && "0.05".equals(labels.get("le"))) {
				fast += sample.getValue();
			}
			else if (name.equals("http_server_requests_seconds_count")) {
				total += sample.getValue();
			}
		}
		if (total == 0) {
			throw new IllegalArgumentException("no /cat_facts requests in http_server_requests_seconds_count");
		}
		return 100 * fast / total;
	}

	/**
	 * The in-process quantiles of the summary {@code cat.facts.fetch.duration}
	 * ({@code quantile="0.99"} and so on), which FactsMetrics publishes.
	 */
	static SortedSet<String> fetchQuantiles(Scrape scrape) {
		SortedSet<String> quantiles = new TreeSet<>(scrape.series("cat_facts_fetch_duration_seconds{"));
		quantiles.removeIf((series) -> !Scrape.labelsOf(series).containsKey("quantile"));
		return quantiles;
	}

}
