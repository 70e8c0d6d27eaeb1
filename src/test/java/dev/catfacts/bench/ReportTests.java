package dev.catfacts.bench;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.catfacts.bench.Results.CatFactsLoad;
import dev.catfacts.bench.Results.Scrapes;
import dev.catfacts.bench.Results.Series;
import dev.catfacts.bench.Results.StartUps;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report renders the numbers of the 2026-11-25 run (docs/benchmarks.md of that day)
 * into the rows that run's report had, plus the new one.
 */
class ReportTests {

	private static final Results RESULTS = new Results(3,
			new CatFactsLoad(load(30202, 0.81, 5.73), load(37490, 0.64, 6.18), load(31000, 0.80, 5.70),
					load(29000, 0.85, 5.90), load(84971, 0.21, 2.51), load(27039, 0.95, 7.68),
					load(25049, 1.02, 600.27), load(41415, 0.56, 5.90), load(51253, 0.47, 6.11), 99.995, 99.996, 168,
					141, 233),
			new Scrapes(load(14338, 0.42, 2.31), load(2042, 3.60, 10.33), load(1587, 4.64, 13.18), 212, 598),
			new StartUps(List.of(1983L, 2100L, 1900L), List.of(4145L), List.of(5355L), List.of(5039L), List.of(4855L),
					List.of(1703L), List.of(4588L)),
			new Series(10005, series(232), series(232)));

	private static final Report REPORT = new Report(RESULTS,
			new Report.Setting(LocalDate.of(2026, 11, 25), "2 cores, 24 GiB, Linux 6.18.44-fc-v669",
					"openjdk version \"25.0.3\" 2026-04-21 LTS", "debian/4.1.0-3+b2", "15s", "15s",
					List.of("-XX:MaxRAM=256m", "-XX:+UseSerialGC", "-XX:InitialRAMPercentage=15"),
					List.of("-XX:MaxRAM=256m", "-XX:+UseSerialGC")));

	@Test
	void rendersTheRowsAsBefore() {
		assertThat(REPORT.table().lines()).contains("| measurement | cat-facts | compared with | ratio | target |",
				"|---|---|---|---|---|",
				"| /cat_facts req/s (p50 / p99 ms) | 30202 (0.81 / 5.73) | metrics off: 37490 (0.64 / 6.18) | 0.81 | >= 0.95 |",
				"| /cat_facts req/s | 30202 | bare Reactor Netty: 84971 (0.21 / 2.51 ms) | 0.36 | >= 0.8 |",
				"| /cat_facts req/s (p50 / p99 ms), upstream answering after 1.5 s, breaker open | 25049 (1.02 / 600.27); 99.996 % within 50 ms by the app's histogram | offline: 30202 | 0.83 | >= 0.8, p99 < 50 ms |",
				"| /metrics scrapes/s (p50 / p99 ms), 8 connections | 14338 (0.42 / 2.31), 212 samples | Boot defaults, percentiles-histogram on: 1587 (4.64 / 13.18), 598 samples | 9.03 | >= 4 |",
				"| start-up to readiness UP, ms (median of 3) | 1983 | without the JDK AOT cache: 4145 | 0.48 | <= 1500 |",
				"| start-up, ms: one context, management on the API port (Spring AOT off) | 5039 | a management context of its own: 5355 | 0.94 | |",
				"| RSS after the /cat_facts load, MB | 168 | | | <= 160 |",
				"| product against product: RSS after the load, MB | 168 | the obvious app, `java -jar`: 233 | 0.72 | <= 0.6 |",
				"| series before / after 10005 junk requests | 232 / 232 | | | equal |",
				"| failed /cat_facts requests under load (offline / upstream down / slow / obvious / obvious java -jar / quantiles off / no AOT cache / metrics off / bare Netty) | 0 / 0 / 0 / 0 / 0 / 0 / 0 / 0 / 0 | | | 0 |");
		assertThat(REPORT.table().lines()).hasSize(2 + 24);
	}

	@Test
	void comparesCpuTimePerRequestTheWayItComparesRequestsPerSecond() {
		assertThat(REPORT.table().lines()).contains(
				"| /cat_facts CPU time per request, us (the server's user + system time over a round, per request; ratio: theirs / ours, so higher is better, as for req/s) | 33.1 | metrics off: 26.7 | 0.81 | >= 0.95 |",
				"| code against code: CPU time per request, us | 33.1 | the obvious app: 24.1 | 0.73 | >= 1.0 |",
				"| product against product: CPU time per request, us | 33.1 | the obvious app, `java -jar`: 19.5 | 0.59 | >= 1.2 |");
	}

	@Test
	void comparesTheAppWithoutTheFetchQuantilesToTheAppAsShipped() {
		assertThat(REPORT.table().lines()).contains(
				"| /cat_facts req/s (p50 / p99 ms), the fetch summary's in-process quantiles off | 31000 (0.80 / 5.70) | as shipped: 30202 | 1.03 | |");
	}

	@Test
	void comparesTheAppWithoutTheJdkAotCacheToTheAppAsShipped() {
		assertThat(REPORT.table().lines()).contains(
				"| /cat_facts req/s (p50 / p99 ms), without the JDK AOT cache | 29000 (0.85 / 5.90) | as shipped: 30202 | 0.96 | |");
	}

	@Test
	void aRatioOfTwoServersUnderLoadShowsHowFarItsRoundsMoved() {
		// Round by round, cat-facts against metrics off: 0.80, 0.90 and 0.70 by
		// requests/s, and 0.75, 0.80 and 0.85 by CPU per request (theirs / ours).
		LoadSummary app = LoadSummary.of(List.of(round(40_000, 25), round(45_000, 20), round(35_000, 20)));
		LoadSummary off = LoadSummary.of(List.of(round(50_000, 18.75), round(50_000, 16), round(50_000, 17)));
		Results results = new Results(3,
				new CatFactsLoad(app, off, app, app, app, app, app, app, app, 99.995, 99.996, 168, 141, 233),
				RESULTS.scrapes(), RESULTS.startUps(), RESULTS.series());
		Report report = new Report(results, REPORT.setting());

		assertThat(report.table().lines()).contains(
				"| /cat_facts req/s (p50 / p99 ms) | 40000 (0.50 / 5.00) | metrics off: 50000 (0.50 / 5.00) | 0.80 (0.70 to 0.90) | >= 0.95 |",
				"| /cat_facts CPU time per request, us (the server's user + system time over a round, per request; ratio: theirs / ours, so higher is better, as for req/s) | 20.0 | metrics off: 17.0 | 0.85 (0.75 to 0.85) | >= 0.95 |");
		assertThat(report.document()).contains("followed by the lowest and highest of the rounds' own ratios");
	}

	@Test
	void theDocumentSaysWhereHowAndWithWhatFlags() {
		String document = REPORT.document();

		assertThat(document).startsWith("# Benchmarks\n\nWritten by `make bench` (src/test/java/dev/catfacts/bench/"
				+ "BenchmarkIT.java) on 2026-11-25: 2 cores, 24 GiB, Linux 6.18.44-fc-v669;\n"
				+ "openjdk version \"25.0.3\" 2026-04-21 LTS; wrk debian/4.1.0-3+b2, 1 thread,\n");
		assertThat(document).contains("medians of 3 runs of 15s after a\n15s warm-up")
			.contains(
					"under a simulated 256 MiB limit: `-XX:MaxRAM=256m -XX:+UseSerialGC -XX:InitialRAMPercentage=15`.")
			.contains("the Serial collector, not G1): `-XX:MaxRAM=256m -XX:+UseSerialGC`.")
			.contains("\n\n" + REPORT.table() + "\n\n")
			.endsWith("What the profiles show, and why a target is not met: [performance.md](performance.md).\n");
	}

	private static LoadSummary load(double requestsPerSecond, double p50, double p99) {
		// CPU per request as if the server had spent one core's second per second of
		// load.
		return new LoadSummary(requestsPerSecond, p50, p99, 0, 1e6 / requestsPerSecond, List.of());
	}

	/** A 10 s round at this rate, the server spending this much CPU per request. */
	private static Round round(double requestsPerSecond, double cpuMicrosPerRequest) {
		long requests = Math.round(requestsPerSecond * 10);
		return new Round(new WrkResult(requests, requestsPerSecond, 0.5, 5.0, 0),
				Duration.ofNanos(Math.round(requests * cpuMicrosPerRequest * 1_000)));
	}

	private static SortedSet<String> series(int count) {
		return IntStream.range(0, count).mapToObj((i) -> "series_" + i).collect(Collectors.toCollection(TreeSet::new));
	}

}
