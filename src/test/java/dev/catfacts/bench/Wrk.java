package dev.catfacts.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.catfacts.ExternalTool;

/**
 * wrk, one thread, as every measurement runs it; each output kept in the log directory as
 * {@code wrk-NAME.txt}.
 */
final class Wrk {

	/** Beyond the run's own duration: wrk's start and its last, timed-out requests. */
	private static final Duration SLACK = Duration.ofSeconds(60);

	private final ExternalTool wrk;

	private final Path logs;

	private Wrk(ExternalTool wrk, Path logs) {
		this.wrk = wrk;
		this.logs = logs;
	}

	/** wrk from $WRK, ./bin or PATH; fails saying how to install it when missing. */
	static Wrk require(Path logs) {
		return new Wrk(ExternalTool.require("wrk", "'apt-get install wrk' (Debian/Ubuntu) or 'brew install wrk'"),
				logs);
	}

	/** The version wrk prints, e.g. {@code debian/4.1.0-3+b2}. */
	String version() {
		// wrk -v prints its version, then its usage, and exits 1.
		String first = this.wrk.run("", "-v").output().lines().findFirst().orElse("");
		String[] words = first.split(" ");
		return (words.length > 1) ? words[1] : first;
	}

	/**
	 * One run with {@code --latency}: {@code options} go before the URL (a script, say),
	 * {@code args} after it (the script's arguments, after {@code --}).
	 */
	WrkResult run(String name, int connections, String duration, URI url, List<String> options, List<String> args) {
		// wrk gives up on a request after 2 s by default and counts it as a failure: the
		// slow-upstream rows' breaker probes wait 1.5 s for the upstream, too close to
		// that
		// with nine JVMs on two cores. A request that takes 30 s is a failure all the
		// same.
		List<String> command = new ArrayList<>(
				List.of("-t1", "-c" + connections, "-d" + duration, "--latency", "--timeout", "30s"));
		command.addAll(options);
		command.add(url.toString());
		command.addAll(args);
		ExternalTool.Result result = this.wrk.withTimeout(Duration.ofSeconds(Settings.seconds(duration)).plus(SLACK))
			.run("", command.toArray(String[]::new));
		try {
			Files.createDirectories(this.logs);
			Files.writeString(this.logs.resolve("wrk-" + name + ".txt"), result.output());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		if (result.exitCode() != 0) {
			throw new IllegalStateException(
					"wrk " + String.join(" ", command) + " exited with " + result.exitCode() + ":\n" + result.output());
		}
		return WrkResult.parse(result.output());
	}

	WrkResult run(String name, int connections, String duration, URI url) {
		return run(name, connections, duration, url, List.of(), List.of());
	}

	/**
	 * Warms every target up (the JIT compiles what the load runs), then runs them in
	 * turn, round 1 of each, then round 2 of each, and so on: servers compared in a row
	 * run side by side, so drift on a shared machine (CPU steal, a noisy neighbour) lands
	 * on every column alike. Each round also reads the server's CPU time before and after
	 * it.
	 * @return each target's rounds, by its name
	 */
	Map<String, List<Round>> interleave(int connections, Settings settings, List<Target> targets) {
		targets.forEach((target) -> run(target.name() + "-warm-up", connections, settings.warmUp(), target.url()));
		Map<String, List<Round>> rounds = new LinkedHashMap<>();
		for (int i = 0; i < settings.runs(); i++) {
			for (Target target : targets) {
				Duration before = target.server().cpuTime();
				WrkResult result = run(target.name() + "-" + i, connections, settings.duration(), target.url());
				rounds.computeIfAbsent(target.name(), (name) -> new ArrayList<>())
					.add(new Round(result, target.server().cpuTime().minus(before)));
			}
		}
		return rounds;
	}

	/**
	 * What one column of an interleave loads.
	 *
	 * @param name the column's name, also in its logs ({@code wrk-NAME-0.txt})
	 * @param server the server that answers, whose CPU time is read around each round
	 * @param url what wrk requests
	 */
	record Target(String name, Server server, URI url) {

	}

}
