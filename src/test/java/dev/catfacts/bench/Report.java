package dev.catfacts.bench;

import java.time.LocalDate;
import java.util.List;
import java.util.function.ToDoubleBiFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.catfacts.bench.Results.CatFactsLoad;
import dev.catfacts.bench.Results.Scrapes;

import static dev.catfacts.bench.Stats.format;
import static dev.catfacts.bench.Stats.median;
import static dev.catfacts.bench.Stats.ratio;

/**
 * The table of medians and ratios, and docs/benchmarks.md around it.
 *
 * @param results the numbers
 * @param setting where and how they were measured, for the document's header
 */
record Report(Results results, Setting setting) {

	/**
	 * What the header says about the run.
	 *
	 * @param date the day of the run (UTC)
	 * @param machine cores, memory and kernel, e.g. {@code 2 cores, 24 GiB, Linux 6.18}
	 * @param javaVersion the first line of {@code java -version}
	 * @param wrkVersion wrk's version, e.g. {@code debian/4.1.0-3+b2}
	 * @param duration one round, as given (e.g. {@code 15s})
	 * @param warmUp the warm-up, as given
	 * @param jvmFlags the flags cat-facts ran with
	 * @param productFlags the flags the obvious app ran with as a product: what the JVM
	 * would choose by itself in the chart's container
	 */
	record Setting(LocalDate date, String machine, String javaVersion, String wrkVersion, String duration,
			String warmUp, List<String> jvmFlags, List<String> productFlags) {

	}

	String table() {
		CatFactsLoad load = this.results.load();
		Scrapes scrapes = this.results.scrapes();
		Results.StartUps startUps = this.results.startUps();
		LoadSummary app = load.app();
		double aot = median(startUps.aotCache());
		double noAot = median(startUps.noAotCache());
		double plain = median(startUps.springAotOff());
		double oneContext = median(startUps.oneContext());
		double noDocs = median(startUps.springdocOff());
		double obvious = median(startUps.obvious());
		double product = median(startUps.product());
		Results.Series series = this.results.series();
		return String.join("\n", "| measurement | cat-facts | compared with | ratio | target |",
				"|---|---|---|---|---|",
				row("/cat_facts req/s (p50 / p99 ms)", app.rateAndLatencies(),
						"metrics off: " + load.metricsOff().rateAndLatencies(), rateRatio(app, load.metricsOff()),
						">= 0.95"),
				row("/cat_facts CPU time per request, us (the server's user + system time over a round, per request; "
						+ "ratio: theirs / ours, so higher is better, as for req/s)", app.cpu(),
						"metrics off: " + load.metricsOff().cpu(), cpuRatio(app, load.metricsOff()), ">= 0.95"),
				row("/cat_facts req/s (p50 / p99 ms), the fetch summary's in-process quantiles off",
						load.quantilesOff().rateAndLatencies(), "as shipped: " + app.rate(),
						rateRatio(load.quantilesOff(), app), ""),
				row("/cat_facts req/s (p50 / p99 ms), without the JDK AOT cache", load.noAotCache().rateAndLatencies(),
						"as shipped: " + app.rate(), rateRatio(load.noAotCache(), app), ""),
				row("/cat_facts req/s", app.rate(),
						"bare Reactor Netty: " + load.bare().rate() + " (" + load.bare().latencies() + " ms)",
						rateRatio(app, load.bare()), ">= 0.8"),
				row("/cat_facts req/s (p50 / p99 ms), upstream refusing connections, breaker open",
						upstreamCell(load.upstreamDown(), load.downWithin50ms()), "offline: " + app.rate(),
						rateRatio(load.upstreamDown(), app), ">= 0.8, p99 < 50 ms"),
				row("/cat_facts req/s (p50 / p99 ms), upstream answering after 1.5 s, breaker open",
						upstreamCell(load.upstreamSlow(), load.slowWithin50ms()), "offline: " + app.rate(),
						rateRatio(load.upstreamSlow(), app), ">= 0.8, p99 < 50 ms"),
				row("/metrics scrapes/s (p50 / p99 ms), 8 connections",
						scrapes.shipped().rateAndLatencies() + ", " + scrapes.shippedSamples() + " samples",
						"Boot defaults, percentiles-histogram on: " + scrapes.histograms().rateAndLatencies() + ", "
								+ scrapes.histogramSamples() + " samples",
						rateRatio(scrapes.shipped(), scrapes.histograms()), ">= 4"),
				row("/metrics scrapes/s with the cache off", scrapes.uncached().rateAndLatencies(),
						"Boot defaults, as above: " + scrapes.histograms().rate(),
						rateRatio(scrapes.uncached(), scrapes.histograms()), ""),
				row("start-up to readiness UP, ms (median of " + this.results.runs() + ")", millis(aot),
						"without the JDK AOT cache: " + millis(noAot), ratio(aot, noAot), "<= 1500"),
				row("start-up, ms: Spring AOT on (no JDK AOT cache)", millis(noAot), "Spring AOT off: " + millis(plain),
						ratio(noAot, plain), ""),
				row("start-up, ms: one context, management on the API port (Spring AOT off)", millis(oneContext),
						"a management context of its own: " + millis(plain), ratio(oneContext, plain), ""),
				row("start-up, ms: springdoc off (Spring AOT off)", millis(noDocs), "springdoc on: " + millis(plain),
						ratio(noDocs, plain), ""),
				row("RSS after the /cat_facts load, MB", Long.toString(load.appRssMb()), "", "", "<= 160"),
				row("code against code: /cat_facts req/s (p50 / p99 ms)", app.rateAndLatencies(),
						"the obvious app, packaged and flagged as cat-facts: " + load.obvious().rateAndLatencies(),
						rateRatio(app, load.obvious()), ">= 1.0"),
				row("code against code: CPU time per request, us", app.cpu(),
						"the obvious app: " + load.obvious().cpu(), cpuRatio(app, load.obvious()), ">= 1.0"),
				row("code against code: RSS after the load, MB", Long.toString(load.appRssMb()),
						"the obvious app: " + load.obviousRssMb(), ratio(load.appRssMb(), load.obviousRssMb()),
						"<= 1.0"),
				row("code against code: start-up to readiness, ms", millis(aot), "the obvious app: " + millis(obvious),
						ratio(aot, obvious), ""),
				row("product against product: /cat_facts req/s (p50 / p99 ms)", app.rateAndLatencies(),
						"the obvious app, `java -jar`, the JVM's defaults: " + load.product().rateAndLatencies(),
						rateRatio(app, load.product()), ">= 1.2"),
				row("product against product: CPU time per request, us", app.cpu(),
						"the obvious app, `java -jar`: " + load.product().cpu(), cpuRatio(app, load.product()),
						">= 1.2"),
				row("product against product: start-up to readiness, ms", millis(aot),
						"the obvious app, `java -jar`: " + millis(product), ratio(aot, product), "<= 0.5"),
				row("product against product: RSS after the load, MB", Long.toString(load.appRssMb()),
						"the obvious app, `java -jar`: " + load.productRssMb(),
						ratio(load.appRssMb(), load.productRssMb()), "<= 0.6"),
				row("series before / after " + series.junkRequests() + " junk requests",
						series.before().size() + " / " + series.after().size(), "", "", "equal"),
				row("failed /cat_facts requests under load (" + String.join(" / ", load.failuresByServer().keySet())
						+ ")",
						load.failuresByServer()
							.values()
							.stream()
							.map(String::valueOf)
							.collect(Collectors.joining(" / ")),
						"", "", "0"));
	}

	/** docs/benchmarks.md: what was measured and how, then the table. */
	String document() {
		int runs = this.results.runs();
		return """
				# Benchmarks

				Written by `make bench` (src/test/java/dev/catfacts/bench/BenchmarkIT.java) on %s: %s;
				%s; wrk %s, 1 thread,
				32 connections for /cat_facts and 8 for /metrics; medians of %d runs of %s after a
				%s warm-up, every row from the same run, the servers compared in a row running side by
				side with their runs interleaved. The app runs as in the image: its jar unpacked
				(no nested jars), a JDK AOT cache trained as the image's is, and the image's JVM flags from
				pom.xml under a simulated 256 MiB limit: `%s`.
				The obvious app run as its author would (`java -jar`, product against product) gets
				what the JVM chooses by itself in the same container (HotSpot gives a machine of less
				than 1792 MiB the Serial collector, not G1): `%s`.
				It runs in offline mode, so the numbers are the service and its instrumentation, not the
				public facts API; the two upstream rows point it at a loopback port where nothing listens
				and at a local fake of the facts API that answers after 1.5 s. Ratios are what to compare;
				absolute numbers depend on the machine, and wrk shares its cores with the server, so
				requests/s also move with how the scheduler splits the cores; the CPU time rows (the
				server's own CPU per request) do not, and are the steadier of the two. A ratio of two
				servers under load is followed by the lowest and highest of the rounds' own ratios (round
				i of the two ran in the same pass over the servers): a target inside that range is
				neither met nor missed by this run.

				%s

				What the profiles show, and why a target is not met: [performance.md](performance.md).
				""".formatted(this.setting.date(), this.setting.machine(), this.setting.javaVersion(),
				this.setting.wrkVersion(), runs, this.setting.duration(), this.setting.warmUp(),
				String.join(" ", this.setting.jvmFlags()), String.join(" ", this.setting.productFlags()), table());
	}

	private static String upstreamCell(LoadSummary upstream, double within50ms) {
		return upstream.rateAndLatencies() + "; " + format("%.3f", within50ms)
				+ " % within 50 ms by the app's histogram";
	}

	/**
	 * One server's requests/s over the other's, with the range of the rounds' own ratios:
	 * round i of each ran in the same pass over the servers, minutes apart at most, so a
	 * pair shares the machine's state of those minutes.
	 */
	private static String rateRatio(LoadSummary server, LoadSummary other) {
		return ratio(server.requestsPerSecond(), other.requestsPerSecond(), roundRatios(server, other,
				(mine, theirs) -> mine.wrk().requestsPerSecond() / theirs.wrk().requestsPerSecond()));
	}

	/**
	 * The other server's CPU per request over cat-facts': like a ratio of requests/s,
	 * above 1 when cat-facts is the cheaper; with the range of the rounds' own ratios.
	 */
	private static String cpuRatio(LoadSummary catFacts, LoadSummary other) {
		return ratio(other.cpuMicrosPerRequest(), catFacts.cpuMicrosPerRequest(), roundRatios(catFacts, other,
				(mine, theirs) -> theirs.cpuMicrosPerRequest() / mine.cpuMicrosPerRequest()));
	}

	private static List<Double> roundRatios(LoadSummary server, LoadSummary other,
			ToDoubleBiFunction<Round, Round> ratio) {
		int rounds = Math.min(server.rounds().size(), other.rounds().size());
		return IntStream.range(0, rounds)
			.mapToObj((i) -> ratio.applyAsDouble(server.rounds().get(i), other.rounds().get(i)))
			.toList();
	}

	private static String millis(double millis) {
		return format("%.0f", millis);
	}

	/** One table row; an empty cell is a single space, {@code | |}, as before. */
	private static String row(String... cells) {
		StringBuilder row = new StringBuilder("|");
		for (String cell : cells) {
			row.append(cell.isEmpty() ? " " : " " + cell + " ").append('|');
		}
		return row.toString();
	}

}
