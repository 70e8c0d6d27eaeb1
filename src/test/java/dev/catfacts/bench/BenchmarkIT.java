package dev.catfacts.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.stream.Stream;

import dev.catfacts.Commands;
import dev.catfacts.FakeFactsApi;
import dev.catfacts.FakeFactsApi.Answer;
import dev.catfacts.ImageJvmFlags;
import dev.catfacts.PackagedApp;
import dev.catfacts.bench.Results.CatFactsLoad;
import dev.catfacts.bench.Results.Scrapes;
import dev.catfacts.bench.Results.Series;
import dev.catfacts.bench.Results.StartUps;
import dev.catfacts.bench.Wrk.Target;
import io.netty.util.Version;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootVersion;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures cat-facts side by side on this machine and writes one table of medians and
 * ratios to docs/benchmarks.md ({@code make bench}: 3 runs of 15 s after a warm-up, wrk
 * with 1 thread and 32 connections). Every row is measured in the same run, and the
 * servers compared in a row run side by side with their wrk runs interleaved:
 * <ul>
 * <li>{@code /cat_facts} throughput and latency: the app (offline mode) against the same
 * app with metrics and HTTP observations off, with the fetch summary's in-process
 * quantiles off (issue #14), against a bare Reactor Netty server, and against the app
 * with its upstream refusing connections or answering after 1.5 s: once the circuit
 * breaker is open, as fast as offline;</li>
 * <li>the metrics endpoint: the app against Boot's default endpoint with
 * percentiles-histogram on for the request timers (Micrometer's ~70 buckets per series),
 * and uncached;</li>
 * <li>start-up to readiness UP, as in the image (with a JDK AOT cache trained as
 * hack/build-image.sh trains it) and without the cache, and what Spring AOT, the
 * management context and springdoc each cost; RSS after the load; the JVM flags are the
 * image's (read from pom.xml) under a simulated 256 MiB limit;</li>
 * <li>series before and after 10,000 requests to distinct unknown paths and bad
 * parameters;</li>
 * <li>the obvious app a user would write instead (bench/obvious-app: one
 * {@code @GetMapping}, Actuator and percentiles-histogram), run two ways: packaged and
 * flagged exactly as cat-facts (code against code), and as its author would run it,
 * {@code java -jar} with what the JVM chooses by itself in a 256 MiB container (product
 * against product, see {@link ImageJvmFlags#chartsContainerDefaults()}): throughput,
 * start-up and RSS.</li>
 * </ul>
 * {@code make bench-smoke} (CI) is one short run of everything into target/bench/: it
 * fails only when a series appears or a request fails, never on a ratio. Tagged
 * {@code bench}, so only those two targets run it; it needs wrk and the packaged jar.
 * Every process's output is in target/bench/.
 */
@Tag("bench")
class BenchmarkIT {

	private static final Path WORK = Path.of("target/bench");

	static final String OFFLINE = "--cat-facts.upstream.enabled=false";

	private static final String SPRING_AOT = "-Dspring.aot.enabled=true";

	private static final long JUNK_REQUESTS = 10_000;

	private static final Duration BUILD_DEADLINE = Duration.ofMinutes(10);

	/** The JDK that runs the tests: the one `make` found (hack/java-home.sh). */
	static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

	private final Settings settings = Settings.from(systemProperties());

	private final List<String> imageFlags = ImageJvmFlags.underTheChartsMemoryLimit();

	private final Commands commands = commands(WORK);

	private Wrk wrk;

	private Servers servers;

	/** cat-facts as the image runs it: unpacked, the image's flags, its AOT cache. */
	private Instance catFacts;

	/** The obvious app packaged and flagged as cat-facts. */
	private Instance obvious;

	/**
	 * The obvious app as its author would run it: {@code java -jar}, with no flags of its
	 * own, so with the JVM's choices in the chart's container.
	 */
	private Instance product;

	/** The unpacked application's libraries, which the bare Netty server runs on. */
	private Path appLibraries;

	@BeforeEach
	void prepare() throws IOException {
		this.wrk = Wrk.require(WORK);
		Files.createDirectories(WORK);
		try (DirectoryStream<Path> old = Files.newDirectoryStream(WORK, "wrk-*.txt")) {
			for (Path file : old) {
				Files.delete(file);
			}
		}
		Path app = extract(this.commands, PackagedApp.jar("make bench"), WORK.resolve("app"));
		this.appLibraries = WORK.resolve("app").resolve("lib");
		Path obviousPackaged = buildObviousApp();
		Path obviousApp = extract(this.commands, obviousPackaged, WORK.resolve("obvious"));
		// AOTMode=on: a cache the JVM cannot use fails the bench instead of quietly
		// measuring without it.
		this.catFacts = new Instance(app, "/health/readiness", this.imageFlags, OFFLINE, List.of(), false)
			.withFlags("-XX:AOTCache=" + trainAotCache("app", app), "-XX:AOTMode=on");
		this.obvious = new Instance(obviousApp, "/actuator/health/readiness", this.imageFlags, OFFLINE, List.of(),
				false)
			.withFlags("-XX:AOTCache=" + trainAotCache("obvious", obviousApp), "-XX:AOTMode=on");
		this.product = new Instance(obviousPackaged, "/actuator/health/readiness",
				ImageJvmFlags.chartsContainerDefaults(), OFFLINE, List.of(), false);
		this.servers = new Servers(this.commands);
	}

	/** Also after a failure or an interrupt: no server outlives the benchmark. */
	@AfterEach
	void stopServers() {
		if (this.servers != null) {
			this.servers.close();
		}
	}

	@Test
	void measuresSideBySide() throws IOException {
		StartUps startUps = startUps();
		// The shipped app serves the /cat_facts load, then its scrapes are measured as
		// they are after it.
		Server app = start("app", this.catFacts);
		CatFactsLoad load = catFactsLoad(app);
		Server uncached = start("uncached", this.catFacts.withArgs("--cat-facts.metrics.scrape-cache-ttl=0s"));
		Scrapes scrapes = scrapes(app, uncached);
		Series series = junkRequests(uncached);
		this.servers.stop(uncached);

		Results results = new Results(this.settings.runs(), load, scrapes, startUps, series);
		Report report = new Report(results, setting());
		System.out.println("\n" + report.table());
		Files.createDirectories(this.settings.output().toAbsolutePath().getParent());
		Files.writeString(this.settings.output(), report.document());
		System.out.println("written to " + this.settings.output());

		assertThat(series.added()).as("new series after %d junk requests", series.junkRequests()).isEmpty();
		assertThat(results.failedRequests())
			.as("failed /cat_facts requests under load, by server: %s", load.failuresByServer())
			.isZero();
	}

	/**
	 * Start-up to readiness, each server alone on the machine, in turn: cat-facts with
	 * and without the JDK AOT cache, the obvious app both ways; then each start-up choice
	 * on its own. Spring AOT's code is generated for the shipped configuration, so the
	 * management context and springdoc are measured without it, against the same app
	 * without it.
	 */
	private StartUps startUps() {
		step("Start-up to readiness: cat-facts with and without the JDK AOT cache, the obvious app both ways, in turn");
		Instance noAotCache = this.catFacts.withoutFlags("-XX:AOTCache=", "-XX:AOTMode=");
		Instance springAotOff = noAotCache.withoutFlags(SPRING_AOT);
		StartUps startUps = new StartUps(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
				new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
		for (int i = 0; i < this.settings.runs(); i++) {
			startUps.aotCache().add(readyMillis("startup-aot", this.catFacts));
			startUps.noAotCache().add(readyMillis("startup", noAotCache));
			startUps.obvious().add(readyMillis("startup-obvious", this.obvious));
			startUps.product().add(readyMillis("startup-product", this.product));
		}
		step("Start-up, each choice on its own: Spring AOT, the management context, springdoc");
		for (int i = 0; i < this.settings.runs(); i++) {
			startUps.springAotOff().add(readyMillis("startup-plain", springAotOff));
			startUps.oneContext().add(readyMillis("startup-one-context", springAotOff.withOneContext()));
			startUps.springdocOff()
				.add(readyMillis("startup-no-docs", springAotOff.withArgs("--springdoc.api-docs.enabled=false",
						"--springdoc.swagger-ui.enabled=false")));
		}
		return startUps;
	}

	/**
	 * {@code /cat_facts} on every server at once, their rounds interleaved. The warm-up
	 * opens the breakers of the two instances with a failing upstream (10 failed or slow
	 * calls); the rounds measure them open.
	 */
	private CatFactsLoad catFactsLoad(Server app) {
		step("/cat_facts: cat-facts as shipped (offline), metrics off, quantiles off, no JDK AOT cache, bare Reactor Netty, "
				+ "upstream down or slow, the obvious app");
		try (FakeFactsApi slowUpstream = new FakeFactsApi()) {
			slowUpstream.always(Answer.fact("Slow cats still land on their feet.").after(Duration.ofMillis(1500)));
			Server metricsOff = start("off", this.catFacts.withArgs("--management.metrics.enable.all=false",
					"--management.observations.enable.http=false"));
			Server quantilesOff = startWithoutFetchQuantiles(app);
			Server noAotCache = start("no-aot-cache", this.catFacts.withoutFlags("-XX:AOTCache=", "-XX:AOTMode="));
			Server bare = startBareNetty();
			// Nothing listens on a fresh free port: every connection is refused.
			Server down = start("down", this.catFacts.withUpstream(FakeFactsApi.refusingUrl()));
			Server slow = start("slow", this.catFacts.withUpstream(slowUpstream.url()));
			Server obviousApp = start("obvious", this.obvious);
			Server productApp = start("product", this.product);
			Map<String, List<Round>> rounds = this.wrk.interleave(32, this.settings, catFactsTargets(app, metricsOff,
					quantilesOff, noAotCache, bare, down, slow, obviousApp, productApp));
			CatFactsLoad load = new CatFactsLoad(LoadSummary.of(rounds.get("app")), LoadSummary.of(rounds.get("off")),
					LoadSummary.of(rounds.get("quantiles-off")), LoadSummary.of(rounds.get("no-aot-cache")),
					LoadSummary.of(rounds.get("bare")), LoadSummary.of(rounds.get("down")),
					LoadSummary.of(rounds.get("slow")), LoadSummary.of(rounds.get("obvious")),
					LoadSummary.of(rounds.get("product")), ScrapeReadings.percentWithin50ms(down.scrape()),
					ScrapeReadings.percentWithin50ms(slow.scrape()), app.rssMb(), obviousApp.rssMb(),
					productApp.rssMb());
			this.servers.stop(metricsOff, quantilesOff, noAotCache, bare, down, slow, obviousApp, productApp);
			return load;
		}
	}

	/**
	 * Scrapes of the shipped app against two uncached ones: as shipped but with the cache
	 * off, and as Boot's defaults would scrape it with percentiles-histogram on (~70
	 * buckets a series). Stops the shipped app.
	 */
	private Scrapes scrapes(Server shipped, Server uncached) {
		step("/metrics: cat-facts as shipped, uncached, and Boot's defaults with percentiles-histogram");
		Server histograms = start("histograms",
				this.catFacts.withArgs("--cat-facts.metrics.scrape-cache-ttl=0s",
						"--management.metrics.distribution.percentiles-histogram.http.server.requests=true",
						"--management.metrics.distribution.percentiles-histogram.http.client.requests=true"));
		// Requests first, so the two new instances' request timers have their series.
		for (Server server : List.of(uncached, histograms)) {
			this.wrk.run(server.name() + "-requests", 32, "3s", server.api("/cat_facts"));
		}
		Map<String, List<Round>> rounds = this.wrk.interleave(8, this.settings,
				List.of(new Target("scrape", shipped, shipped.metrics()),
						new Target("uncached", uncached, uncached.metrics()),
						new Target("histograms", histograms, histograms.metrics())));
		Scrapes scrapes = new Scrapes(LoadSummary.of(rounds.get("scrape")), LoadSummary.of(rounds.get("uncached")),
				LoadSummary.of(rounds.get("histograms")), shipped.scrape().samples().size(),
				histograms.scrape().samples().size());
		this.servers.stop(shipped, histograms);
		return scrapes;
	}

	/**
	 * cat-facts as shipped but without the in-process quantiles of the fetch summary
	 * (FactsMetrics' {@code publishPercentiles(0.5, 0.9, 0.99)}): an empty list for the
	 * meter in Boot's distribution properties replaces the code's. Checked against the
	 * instance's own scrape, and against the shipped app's, so the row can never compare
	 * two identical apps.
	 */
	private Server startWithoutFetchQuantiles(Server shipped) {
		Server quantilesOff = start("quantiles-off",
				this.catFacts.withArgs("--management.metrics.distribution.percentiles.cat.facts.fetch.duration="));
		assertThat(ScrapeReadings.fetchQuantiles(shipped.scrape()))
			.as("the shipped app's in-process quantiles of cat.facts.fetch.duration")
			.isNotEmpty();
		assertThat(ScrapeReadings.fetchQuantiles(quantilesOff.scrape()))
			.as("quantiles left in the instance that should have none (log: %s)", quantilesOff.process().log())
			.isEmpty();
		return quantilesOff;
	}

	/**
	 * One request of each junk kind first: the first 404 and the first 400 create their
	 * series once; what must not happen is growth with every new path or value. wrk runs
	 * for its whole duration even once the script has stopped its thread: short runs,
	 * until 10,000 have been answered.
	 */
	private Series junkRequests(Server uncached) {
		// Counting series needs every scrape rendered afresh: the uncached instance.
		step("Series before and after " + JUNK_REQUESTS + " junk requests");
		uncached.status("/no/such/path/warm-up");
		uncached.status("/cat_facts?count=warm-up");
		SortedSet<String> before = ScrapeReadings.seriesNames(uncached.scrape());
		long answered = 0;
		for (int run = 0; answered < JUNK_REQUESTS; run++) {
			long requests = this.wrk
				.run("junk-" + run, 8, "2s", uncached.api(""), List.of("-s", "bench/random-paths.lua"),
						List.of("--", Long.toString(JUNK_REQUESTS - answered)))
				.requests();
			// A server that has stopped answering (it exited, say) would keep this loop
			// going for ever: wrk reports its connection errors and exits 0.
			assertThat(requests)
				.as("junk requests answered in run %d (%d of %d so far): is the server up?", run, answered,
						JUNK_REQUESTS)
				.isPositive();
			answered += requests;
		}
		return new Series(answered, before, ScrapeReadings.seriesNames(uncached.scrape()));
	}

	private long readyMillis(String name, Instance instance) {
		Server server = start(name, instance);
		this.servers.stop(server);
		return server.readyMillis();
	}

	private Server start(String name, Instance instance) {
		Ports ports = instance.oneContext() ? Ports.shared() : Ports.free();
		return this.servers.start(name, ports,
				appCommand(instance.jar(), instance.jvmFlags(), ports, instance.upstream(), instance.args()),
				instance.readinessPath());
	}

	/**
	 * {@code java -jar} for a Spring Boot app on {@code ports}, logging warnings only.
	 * @param upstream {@link #OFFLINE}, or the upstream's URL as an argument
	 */
	static List<String> appCommand(Path jar, List<String> jvmFlags, Ports ports, String upstream, List<String> args) {
		List<String> command = new ArrayList<>(List.of(JAVA.toString()));
		command.addAll(jvmFlags);
		command.addAll(List.of("-jar", jar.toString(), "--server.port=" + ports.api(),
				"--management.server.port=" + ports.management(), upstream, "--logging.level.root=warn"));
		command.addAll(args);
		return command;
	}

	/**
	 * Commands run from the project's directory, with the tests' JDK, logged into
	 * {@code logs}.
	 */
	static Commands commands(Path logs) {
		return new Commands(Path.of("").toAbsolutePath(), logs, Map.of("JAVA_HOME", System.getProperty("java.home")));
	}

	/** The ceiling: Reactor Netty alone, on the app's own libraries and flags. */
	private Server startBareNetty() {
		Ports ports = Ports.shared();
		List<String> command = new ArrayList<>(List.of(JAVA.toString()));
		command.addAll(this.imageFlags);
		command.addAll(List.of("-cp", this.appLibraries.resolve("*").toString(), "bench/BareNettyServer.java",
				Integer.toString(ports.api())));
		return this.servers.start("bare", ports, command, "/cat_facts");
	}

	/**
	 * The image's JDK AOT cache, trained the same way for this layout (a cache is only
	 * valid for the classpath it was trained with): a run that exits after the context
	 * refresh.
	 */
	private Path trainAotCache(String name, Path jar) {
		step("Training the JDK AOT cache of " + name);
		Path cache = WORK.resolve(name + ".aot");
		List<String> command = new ArrayList<>(List.of(JAVA.toString()));
		command.addAll(this.imageFlags);
		command.addAll(List.of("-XX:AOTCacheOutput=" + cache, "-Dspring.context.exit=onRefresh", "-jar", jar.toString(),
				OFFLINE, "--logging.level.root=warn"));
		this.commands.run(name + "-aot-training", BUILD_DEADLINE, command);
		return cache;
	}

	/** The obvious app, on the Spring Boot and Netty versions cat-facts runs with. */
	private Path buildObviousApp() {
		step("Building bench/obvious-app");
		String netty = Version.identify().get("netty-common").artifactVersion();
		this.commands.run("obvious-build", BUILD_DEADLINE,
				List.of("./mvnw", "-q", "-B", "-ntp", "-f", "bench/obvious-app/pom.xml",
						"-Dspring-boot.version=" + SpringBootVersion.getVersion(), "-Dnetty.version=" + netty,
						"package"));
		return Path.of("bench/obvious-app/target/obvious-app.jar");
	}

	/**
	 * Unpacks the jar as Jib lays it out in the image (the application jar and its
	 * libraries as plain files, no nested jars) into {@code directory}.
	 * @return the jar to run with {@code java -jar}
	 */
	static Path extract(Commands commands, Path jar, Path directory) throws IOException {
		FileSystemUtils.deleteRecursively(directory);
		commands.run("extract-" + directory.getFileName(), BUILD_DEADLINE, List.of(JAVA.toString(), "-Djarmode=tools",
				"-jar", jar.toString(), "extract", "--destination", directory.toString()));
		return directory.resolve(jar.getFileName());
	}

	private Report.Setting setting() throws IOException {
		String memory = Files.readAllLines(Path.of("/proc/meminfo"))
			.stream()
			.filter((line) -> line.startsWith("MemTotal:"))
			.map((line) -> Stats.format("%.0f GiB", Long.parseLong(line.replaceAll("\\D", "")) / 1048576.0))
			.findFirst()
			.orElse("unknown memory");
		String machine = Runtime.getRuntime().availableProcessors() + " cores, " + memory + ", "
				+ System.getProperty("os.name") + " " + System.getProperty("os.version");
		String javaVersion = this.commands
			.run("java-version", Duration.ofMinutes(1), List.of(JAVA.toString(), "-version"))
			.lines()
			.findFirst()
			.orElse("");
		return new Report.Setting(LocalDate.now(ZoneOffset.UTC), machine, javaVersion, this.wrk.version(),
				this.settings.duration(), this.settings.warmUp(), this.catFacts.jvmFlags(), this.product.jvmFlags());
	}

	/** {@code /cat_facts} of each server, a column each, named as the server. */
	private static List<Target> catFactsTargets(Server... servers) {
		return Stream.of(servers).map((server) -> new Target(server.name(), server, server.api("/cat_facts"))).toList();
	}

	private static Map<String, String> systemProperties() {
		Map<String, String> properties = new LinkedHashMap<>();
		System.getProperties().forEach((key, value) -> properties.put(key.toString(), value.toString()));
		return properties;
	}

	private static void step(String what) {
		System.out.println("\n==> " + what);
	}

	/**
	 * How to run one server.
	 *
	 * @param jar the jar to run with {@code java -jar}
	 * @param readinessPath its readiness endpoint, on the management port
	 * @param jvmFlags the JVM's flags
	 * @param upstream offline mode, or the upstream's URL
	 * @param args further application arguments
	 * @param oneContext the management endpoints on the API port, without a child context
	 */
	private record Instance(Path jar, String readinessPath, List<String> jvmFlags, String upstream, List<String> args,
			boolean oneContext) {

		Instance withFlags(String... flags) {
			return new Instance(this.jar, this.readinessPath, concat(this.jvmFlags, flags), this.upstream, this.args,
					this.oneContext);
		}

		/** Without every flag that starts with one of the prefixes. */
		Instance withoutFlags(String... prefixes) {
			List<String> kept = this.jvmFlags.stream()
				.filter((flag) -> Stream.of(prefixes).noneMatch(flag::startsWith))
				.toList();
			return new Instance(this.jar, this.readinessPath, kept, this.upstream, this.args, this.oneContext);
		}

		Instance withArgs(String... args) {
			return new Instance(this.jar, this.readinessPath, this.jvmFlags, this.upstream, concat(this.args, args),
					this.oneContext);
		}

		Instance withUpstream(URI url) {
			return new Instance(this.jar, this.readinessPath, this.jvmFlags, "--cat-facts.upstream.url=" + url,
					this.args, this.oneContext);
		}

		Instance withOneContext() {
			return new Instance(this.jar, this.readinessPath, this.jvmFlags, this.upstream, this.args, true);
		}

		private static List<String> concat(List<String> list, String... more) {
			return Stream.concat(list.stream(), Stream.of(more)).toList();
		}

	}

}
