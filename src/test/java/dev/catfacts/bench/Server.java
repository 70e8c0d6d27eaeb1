package dev.catfacts.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.catfacts.Commands.Background;
import dev.catfacts.HttpGet;
import dev.catfacts.Scrape;

/**
 * A server the benchmark started, ready.
 *
 * @param name its name, also its log's (target/bench/NAME.log)
 * @param ports where it listens
 * @param process the running JVM
 * @param readyMillis from the JVM's start to the first readiness answer 200
 */
record Server(String name, Ports ports, Background process, long readyMillis) {

	private static final Pattern VM_RSS = Pattern.compile("(?m)^VmRSS:\\s+(\\d+) kB$");

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	URI api(String path) {
		return this.ports.api(path);
	}

	URI metrics() {
		return this.ports.management("/metrics");
	}

	/** One scrape of its {@code /metrics}. */
	Scrape scrape() {
		return Scrape.parse(get(metrics()));
	}

	/** Its resident set size now, in MB, as the kernel counts it (/proc/PID/status). */
	long rssMb() {
		Path status = Path.of("/proc", Long.toString(this.process.process().pid()), "status");
		try {
			Matcher rss = VM_RSS.matcher(Files.readString(status));
			if (!rss.find()) {
				throw new IllegalStateException("no VmRSS line in " + status);
			}
			return Math.round(Long.parseLong(rss.group(1)) / 1024.0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not read the RSS of " + this.name + " (has it exited?)", ex);
		}
	}

	/**
	 * The user and system CPU time the server has used so far, as the kernel counts it.
	 */
	Duration cpuTime() {
		return this.process.process()
			.info()
			.totalCpuDuration()
			.orElseThrow(() -> new IllegalStateException("no CPU time for " + this.name + " (has it exited?)"));
	}

	/** A GET whose answer is not checked: the junk requests' first 404 and 400. */
	int status(String path) {
		return HttpGet.status(HTTP, api(path));
	}

	/** The body of a GET that must answer 200. */
	static String get(URI uri) {
		return HttpGet.body(HTTP, uri, Duration.ofSeconds(10));
	}

	static boolean answers200(URI uri) {
		return HttpGet.status(HTTP, uri) == 200;
	}

}
