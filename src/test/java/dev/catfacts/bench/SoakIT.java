package dev.catfacts.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.catfacts.Commands;
import dev.catfacts.ImageJvmFlags;
import dev.catfacts.PackagedApp;
import dev.catfacts.Scrape;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code make soak}: the app as the image runs it (unpacked, the image's JVM flags under
 * the chart's memory limit, offline) under steady load for {@code soak.duration} (default
 * 10m; wrk, one thread, 16 connections), with a sample every {@code soak.interval}
 * (default 30s) of its RSS, heap used, live data after the last full collection, GC count
 * and time, and requests served. Fails if a request failed, the process died, or memory
 * kept growing ({@link MemoryTrend}: RSS, and live data when there were full
 * collections).
 */
@Tag("bench")
class SoakIT {

	private static final Path WORK = Path.of("target/soak");

	private static final int CONNECTIONS = 16;

	@Test
	void memoryStaysSteadyUnderLoad() throws Exception {
		String duration = System.getProperty("soak.duration", "10m");
		String interval = System.getProperty("soak.interval", "30s");
		long total = Settings.seconds(duration);
		long every = Settings.seconds(interval);
		assertThat(total)
			.as("soak.duration (%s) must be at least four soak.interval (%s), to compare quarters", duration, interval)
			.isGreaterThanOrEqualTo(4 * every);
		Wrk wrk = Wrk.require(WORK);
		Commands commands = BenchmarkIT.commands(WORK);
		Path app = BenchmarkIT.extract(commands, PackagedApp.jar("make soak"), WORK.resolve("app"));
		try (Servers servers = new Servers(commands)) {
			Ports ports = Ports.free();
			Server server = servers.start("soak", ports, BenchmarkIT.appCommand(app,
					ImageJvmFlags.underTheChartsMemoryLimit(), ports, BenchmarkIT.OFFLINE, List.of()),
					"/health/readiness");

			System.out.printf("%n==> Soaking for %s, a sample every %s%n%s%n", duration, interval, Sample.HEADER);
			CompletableFuture<WrkResult> load = CompletableFuture
				.supplyAsync(() -> wrk.run("soak", CONNECTIONS, total + "s", server.api("/cat_facts")));
			long started = System.nanoTime();
			List<Sample> samples = new ArrayList<>();
			for (int n = 1;; n++) {
				long untilNext = Duration.ofSeconds(n * every).toNanos() - (System.nanoTime() - started);
				try {
					load.get(Math.max(0, untilNext), TimeUnit.NANOSECONDS);
					break;
				}
				catch (TimeoutException ex) {
					// Time for the next sample, with the load still running.
				}
				assertThat(server.process().isAlive())
					.as("the application died during the soak; the end of %s:%n%s", server.process().log(),
							Commands.tail(server.process().output(), 20))
					.isTrue();
				Sample sample = Sample.of(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started), server.rssMb(),
						server.scrape());
				samples.add(sample);
				System.out.println(sample.line());
			}
			WrkResult result = load.join();
			System.out.printf("%d requests, %.0f/s%n", result.requests(), result.requestsPerSecond());

			SoftAssertions verdict = new SoftAssertions();
			verdict.assertThat(result.failures()).as("failed requests (see %s)", WORK.resolve("wrk-soak.txt")).isZero();
			MemoryTrend rss = MemoryTrend.of("rss_mb", samples.stream().map(Sample::rssMb).toList());
			System.out.println(rss.describe());
			verdict.assertThat(rss.steady()).as(rss.describe()).isTrue();
			MemoryTrend live = MemoryTrend.of("live_data_mb", samples.stream().map(Sample::liveDataMb).toList());
			if (live.early() == 0) {
				System.out.println("live_data_mb: no full collection in the second quarter, nothing to compare");
			}
			else {
				System.out.println(live.describe());
				verdict.assertThat(live.steady()).as(live.describe()).isTrue();
			}
			verdict.assertAll();
		}
	}

	/**
	 * One sample of the soak.
	 *
	 * @param seconds since the load started
	 * @param rssMb resident set size, as the kernel counts it
	 * @param heapUsedMb heap in use, garbage included
	 * @param liveDataMb old generation live after the last full collection (0 before any)
	 * @param gcCount collections so far
	 * @param gcSeconds time in collection pauses so far
	 * @param requests {@code /cat_facts} requests served so far
	 */
	record Sample(long seconds, long rssMb, double heapUsedMb, double liveDataMb, double gcCount, double gcSeconds,
			double requests) {

		static final String HEADER = "seconds\trss_mb\theap_used_mb\tlive_data_mb\tgc_count\tgc_seconds\trequests";

		private static final double MB = 1024 * 1024;

		static Sample of(long seconds, long rssMb, Scrape scrape) {
			return new Sample(seconds, rssMb, scrape.sum("jvm_memory_used_bytes", "area=\"heap\"") / MB,
					scrape.sum("jvm_gc_live_data_size_bytes") / MB, scrape.sum("jvm_gc_pause_seconds_count"),
					scrape.sum("jvm_gc_pause_seconds_sum"),
					scrape.sum("http_server_requests_seconds_count", "uri=\"/cat_facts\""));
		}

		String line() {
			return Stats.format("%d\t%d\t%.0f\t%.0f\t%.0f\t%.2f\t%.0f", this.seconds, this.rssMb, this.heapUsedMb,
					this.liveDataMb, this.gcCount, this.gcSeconds, this.requests);
		}

	}

}
