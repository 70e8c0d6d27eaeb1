package dev.catfacts.e2e;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

import dev.catfacts.Commands;
import dev.catfacts.HttpGet;
import dev.catfacts.Scrape;
import dev.catfacts.chart.HelmChart;
import dev.catfacts.chart.ShippedQueries;
import dev.catfacts.e2e.ServiceMonitorDiagnosis.Cause;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.fabric8.kubernetes.client.dsl.PortForwardable;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The end-to-end test on a real node ({@code make e2e}, as root): a kubelet, containerd
 * and runc on this machine run the image {@code make image-tar} builds, the operator, its
 * Prometheus and Alertmanager and CoreDNS as pods, every image imported from a tarball.
 * It installs with {@code make install} unchanged, then checks everything through the
 * paths a user takes: {@code make port-forward}, {@code make promql}, {@code make load},
 * {@code helm test}, {@code kubectl rollout restart}. The node itself (a network
 * namespace, cgroups, processes) is shell, {@code hack/node-up.sh} and
 * {@code hack/node-down.sh}. Each step prints one line; a failure prints the pods' events
 * and logs, the operator's log, the generated configuration and Prometheus's targets.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(FailureReport.class)
class RealNodeE2EIT implements FailureReport.Reporting {

	private static final String NAMESPACE = HelmChart.NAMESPACE;

	private static final String RELEASE = HelmChart.RELEASE;

	private static final String MONITORING = "monitoring";

	/** The forwards {@code make port-forward} opens, on these fixed local ports. */
	private static final URI PROMETHEUS = URI.create("http://127.0.0.1:9090");

	private static final URI ALERTMANAGER = URI.create("http://127.0.0.1:9093");

	private static final URI APP = URI.create("http://127.0.0.1:8080");

	private static final URI APP_METRICS = URI.create("http://127.0.0.1:8081");

	private static final String SEED_COUNTER = "random_facts_api_execution_counter_total";

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final Path project = Path.of("").toAbsolutePath();

	private final Path work = this.project.resolve("target/e2e");

	private final Path kubeconfig = this.project.resolve("target/node/kubeconfig");

	private final long startedAt = System.nanoTime();

	private Commands commands;

	private KubernetesClient client;

	private PrometheusApi prometheus;

	private ServiceMonitorDiagnosis diagnosis;

	private Commands.Background portForward;

	private String busyboxImage;

	/** What make load reached in its first run, to size the load of the rollout. */
	private double loadRequestsPerSecond;

	/** The chart values of the e2e, as make install's HELM_ARGS. */
	private String helmArgs;

	@BeforeAll
	void upAndInstalled() throws IOException {
		requireRoot();
		// The helm test pod's busybox: Debian's, under its own version (written by
		// make node-images).
		this.busyboxImage = "busybox:" + Files.readString(Path.of("bin/node/images/busybox.version")).strip();
		FileSystemUtils.deleteRecursively(this.work);
		this.commands = new Commands(this.project, this.work.resolve("logs"),
				Map.of("KUBECONFIG", this.kubeconfig.toString()));
		step("The node: etcd, control plane, containerd, kubelet, kube-proxy, CoreDNS (hack/node-up.sh)");
		List<String> nodeUp = new ArrayList<>(List.of("hack/node-up.sh"));
		nodeUp.addAll(List.of(property("e2e.node-up-args").split(" ")));
		// An interrupted run (Ctrl-C, a killed build) skips @AfterAll; the JVM's shutdown
		// still removes the node.
		Runtime.getRuntime().addShutdownHook(this.teardownOnExit);
		this.commands.run("node-up", Duration.ofMinutes(6), nodeUp);
		this.client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(this.kubeconfig)))
			.build();
		this.prometheus = new PrometheusApi(PROMETHEUS);
		this.diagnosis = new ServiceMonitorDiagnosis(this.client, this.prometheus, MONITORING, "main");

		step("make install, unchanged: the operator (its bundle from its Go module), k8s/, the chart");
		Path operator = operatorKustomizationFromTheGoModule();
		this.helmArgs = String.join(" ", "--set app.upstream.url=http://127.0.0.1:9/fact",
				"--set serviceMonitor.interval=5s --set serviceMonitor.scrapeTimeout=4s",
				"--set prometheusRule.targetDownFor=20s", "--set tests.image=" + this.busyboxImage);
		this.commands.run("make-install", Duration.ofMinutes(12), List.of("env", "OPERATOR_KUSTOMIZATION=" + operator,
				"HELM_ARGS=" + helmArgs, "make", "--no-print-directory", "install"));
		step("make install ended with up == 1 for cat-facts, as it promises");
	}

	private final Thread teardownOnExit = new Thread(this::down, "e2e-teardown");

	@AfterAll
	void afterAll() {
		Runtime.getRuntime().removeShutdownHook(this.teardownOnExit);
		down();
	}

	private void down() {
		if (this.portForward != null) {
			this.portForward.close();
		}
		if (this.client != null) {
			this.client.close();
		}
		if ("true".equals(System.getenv("KEEP_NODE"))) {
			step("KEEP_NODE=true: the node stays up (KUBECONFIG=" + this.kubeconfig + "; make node-down)");
			return;
		}
		if (this.commands == null) {
			// The set-up failed before it started anything: its own error is the report.
			return;
		}
		step("hack/node-down.sh: every process, mount, cgroup, interface and rule the node made");
		this.commands.run("node-down", Duration.ofMinutes(3), List.of("hack/node-down.sh"));
	}

	@Test
	@Order(1)
	void theStackIsReadyFromImportedImagesOnly() {
		for (String statefulSet : List.of("prometheus-main", "alertmanager-main")) {
			Pod pod = this.client.pods().inNamespace(MONITORING).withName(statefulSet + "-0").get();
			assertThat(ready(pod)).as(statefulSet + "-0 is Ready").isTrue();
			assertThat(pod.getSpec().getContainers()).as(statefulSet + "-0's containers")
				.anyMatch((container) -> container.getName().equals("config-reloader"));
		}
		for (String deployment : List.of("prometheus-operator", "alert-sink")) {
			assertThat(this.client.apps().deployments().inNamespace(MONITORING).withName(deployment).isReady())
				.as(deployment + " is ready")
				.isTrue();
		}
		assertThat(appPods()).as("cat-facts pods").hasSize(2).allMatch(RealNodeE2EIT::ready);
		assertNothingWasPulled();
		step("Operator, Prometheus and Alertmanager (each with its config-reloader), the sink and 2 app pods"
				+ " are Ready; no image was pulled");
	}

	@Test
	@Order(2)
	void theAppRunsAsUid65532OnAReadOnlyRoot() {
		for (Pod pod : appPods()) {
			NodeProcesses.Process process = NodeProcesses
				.ofContainer(pod.getStatus().getContainerStatuses().getFirst().getContainerID());
			assertThat(process.uid()).as("uid of " + process).isEqualTo(65532);
			assertThat(process.rootMountOptions()).as("the root mount of " + process).startsWith("ro");
			step(pod.getMetadata().getName() + ": process " + process.pid() + " (" + process.command() + ") as uid "
					+ process.uid() + ", root mounted " + process.rootMountOptions());
		}
	}

	@Test
	@Order(3)
	void makePortForwardAnswers() {
		for (int port : List.of(9090, 9093, 8080, 8081)) {
			assertThat(NodeProcesses.listening(port))
				.as("port %d is free for make port-forward (stop what holds it)", port)
				.isFalse();
		}
		this.portForward = this.commands.start("make-port-forward",
				List.of("make", "--no-print-directory", "port-forward"));
		within(Duration.ofMinutes(1)).untilAsserted(() -> {
			assertThat(this.portForward.isAlive()).as("make port-forward runs: " + this.portForward.output()).isTrue();
			// body() fails unless the answer is 200, with what came back instead.
			body(PROMETHEUS.resolve("/-/ready"));
			body(ALERTMANAGER.resolve("/-/ready"));
			body(APP.resolve("/cat_facts"));
			assertThat(body(APP_METRICS.resolve("/metrics"))).contains(SEED_COUNTER);
		});
		step("make port-forward: Prometheus :9090, Alertmanager :9093, cat-facts :8080 and :8081 answer");
	}

	@Test
	@Order(4)
	void theTargetIsUpWithItsLabelsAndThePodIp() {
		List<Pod> pods = appPods();
		within(Duration.ofMinutes(1)).untilAsserted(() -> {
			this.diagnosis.assertScraped(NAMESPACE, RELEASE);
			List<PrometheusApi.Target> targets = this.diagnosis.targets(NAMESPACE, RELEASE);
			assertThat(targets).hasSize(pods.size());
			for (Pod pod : pods) {
				assertThat(targets).as("a target for pod " + pod.getMetadata().getName())
					.anyMatch((target) -> target.labels().get("pod").equals(pod.getMetadata().getName())
							&& target.labels().get("job").equals(RELEASE)
							&& target.labels().get("namespace").equals(NAMESPACE)
							&& target.labels().get("service").equals(RELEASE)
							&& target.scrapeUrl().equals("http://" + pod.getStatus().getPodIP() + ":8081/metrics"));
			}
		});
		step("Both targets UP with job, namespace, service and pod labels, scraped at their CNI pod IPs "
				+ pods.stream().map((pod) -> pod.getStatus().getPodIP()).toList());
	}

	/**
	 * The stack watches itself: Prometheus scrapes itself through
	 * k8s/monitoring/prometheus/servicemonitor.yaml and has loaded every alert of
	 * prometheusrule.yaml beside it, evaluating them without failures.
	 */
	@Test
	@Order(4)
	void prometheusScrapesItselfAndEvaluatesTheStacksAlerts() throws IOException {
		long alerts = Pattern.compile("(?m)^\\s*- alert: ")
			.matcher(Files.readString(Path.of("k8s/monitoring/prometheus/prometheusrule.yaml")))
			.results()
			.count();
		String self = "min(up{job=\"prometheus\",namespace=\"monitoring\"})";
		String loaded = "sum(prometheus_rule_group_rules{job=\"prometheus\",rule_group=~\".*;prometheus[.]alerts\"})";
		within(Duration.ofMinutes(3))
			.until(() -> this.prometheus.value(self) == 1 && this.prometheus.value(loaded) == alerts);
		assertThat(this.prometheus.value("sum(prometheus_rule_evaluation_failures_total{job=\"prometheus\"})"))
			.isZero();
		step("Prometheus scrapes itself (job prometheus UP) and evaluates the stack's " + alerts
				+ " alerts without failures");
	}

	@Test
	@Order(5)
	void theSeedCounterRisesByExactlyTheRequestsSent() {
		String counter = "sum(" + SEED_COUNTER + "{job=\"" + RELEASE + "\",namespace=\"" + NAMESPACE + "\"})";
		// What Prometheus holds must be what the pods hold before counting from it.
		within(Duration.ofMinutes(1)).until(() -> this.prometheus.value(counter) == podsCounterSum());
		double before = this.prometheus.value(counter);
		int requests = 25;
		for (int i = 0; i < requests; i++) {
			// Fails unless 200.
			body(APP.resolve("/cat_facts"));
		}
		within(Duration.ofMinutes(1))
			.untilAsserted(() -> assertThat(this.prometheus.value(counter)).as(counter).isEqualTo(before + requests));
		step(counter + ": " + before + " -> " + (before + requests) + " after " + requests + " requests");
	}

	@Test
	@Order(6)
	void makePromqlAnswers() {
		String query = "sum by (job) (" + SEED_COUNTER + ")";
		String output = this.commands.run("make-promql", Duration.ofMinutes(1),
				List.of("make", "--no-print-directory", "promql", "Q=" + query));
		// One line per series, with jq; Prometheus's JSON without it.
		String total = String.valueOf((long) this.prometheus.value(query));
		assertThat(output).as("make promql Q='" + query + "'").contains(RELEASE, total);
		step("make promql Q='" + query + "': " + output.strip().lines().reduce((a, b) -> b).orElse(""));
	}

	@Test
	@Order(7)
	void histogramQuantileAndTheRecordingRulesGiveNumbers() {
		String p99 = "histogram_quantile(0.99, sum by (le) (rate(http_server_requests_seconds_bucket{job=\"" + RELEASE
				+ "\",uri=\"/cat_facts\"}[1m])))";
		within(Duration.ofMinutes(1)).untilAsserted(() -> assertThat(this.prometheus.query(p99)).singleElement()
			.satisfies((sample) -> assertThat(sample.value()).isFinite()));
		String recorded = "job:cat_facts_requests:rate5m{job=\"" + RELEASE + "\"}";
		within(Duration.ofMinutes(2)).untilAsserted(() -> assertThat(this.prometheus.query(recorded)).isNotEmpty());
		step("p99 of /cat_facts " + this.prometheus.value(p99) + " s; " + recorded + " = "
				+ this.prometheus.value(recorded));
	}

	@Test
	@Order(8)
	void afterMakeLoadEveryShippedQueryReturnsData() {
		long loadStarted = System.nanoTime();
		this.commands.run("make-load", Duration.ofMinutes(5), List.of("make", "--no-print-directory", "load", "N=400"));
		this.loadRequestsPerSecond = 400 / Math.max(1.0, (System.nanoTime() - loadStarted) / 1e9);
		HelmChart.Rendered chart = HelmChart.render(Map.of());
		Map<String, String> queries = new LinkedHashMap<>();
		ShippedQueries.rules(chart)
			.stream()
			.filter((rule) -> rule.containsKey("record"))
			.forEach((rule) -> queries.put((String) rule.get("expr"), "recording rule " + rule.get("record")));
		ShippedQueries.dashboard(chart)
			.forEach((query) -> queries.put(ShippedQueries.withGrafanaVariablesResolved(query)
				.replace("$namespace", NAMESPACE)
				.replace("$job", RELEASE), "dashboard"));
		ShippedQueries.docs()
			.stream()
			.filter((query) -> !query.contains("ALERTS"))
			.forEach((query) -> queries.put(query, "README or docs/metrics.md"));
		// The recording rules evaluate every 30 s, and rules over recorded series need
		// two evaluations: give every query that long to have data.
		within(Duration.ofMinutes(3)).untilAsserted(() -> assertThat(queries.entrySet()
			.stream()
			.filter((query) -> this.prometheus.query(query.getKey()).isEmpty())
			.map((query) -> query.getValue() + ": " + query.getKey())
			.toList()).as("shipped queries that return nothing after make load (a broken panel or rule)").isEmpty());
		step("make load N=400 answered; all " + queries.size()
				+ " shipped queries (recording rules, dashboard panels and variables, cookbook) return data"
				+ " (those over ALERTS: while an alert fires, below)");
	}

	@Test
	@Order(9)
	void aPodThatFailsReadinessLeavesTheEndpointSlice() {
		Pod pod = appPods().getFirst();
		String name = pod.getMetadata().getName();
		// The kubelet probes from the node's side of the pod network: its bridge gateway.
		String gateway = this.client.nodes()
			.list()
			.getItems()
			.getFirst()
			.getSpec()
			.getPodCIDR()
			.replaceFirst("\\.0/\\d+$", ".1");
		try (PodFirewall firewall = PodFirewall.of(this.commands, pod, "ip saddr " + gateway + " tcp dport 8081")) {
			within(Duration.ofMinutes(1)).until(() -> endpointReady(name), (r) -> Boolean.FALSE.equals(r));
			step(name + " fails its readiness probe: its EndpointSlice endpoint is ready=false,"
					+ " the Service sends it nothing");
		}
		within(Duration.ofMinutes(1)).until(() -> endpointReady(name), (r) -> Boolean.TRUE.equals(r));
		step(name + " passes again and is back in the EndpointSlice");
	}

	@Test
	@Order(10)
	void helmTestPasses() {
		String output = this.commands.run("helm-test", Duration.ofMinutes(3),
				List.of(helm(), "test", RELEASE, "--namespace", NAMESPACE, "--timeout", "2m"));
		assertThat(output).contains("Phase:          Succeeded");
		step("helm test " + RELEASE + ": Succeeded (test pod image " + this.busyboxImage + ")");
	}

	@Test
	@Order(11)
	void anAlertTravelsFromPrometheusThroughAlertmanagerToTheSink() {
		Pod pod = appPods().getFirst();
		String prometheusIp = this.client.pods()
			.inNamespace(MONITORING)
			.withName("prometheus-main-0")
			.get()
			.getStatus()
			.getPodIP();
		long started = System.nanoTime();
		try (PodFirewall firewall = PodFirewall.of(this.commands, pod,
				"ip saddr " + prometheusIp + " tcp dport 8081")) {
			within(Duration.ofMinutes(3)).until(() -> this.prometheus.firingAlerts().contains("CatFactsTargetDown"));
			step("Prometheus cannot scrape " + pod.getMetadata().getName() + ": CatFactsTargetDown fires ["
					+ seconds(started) + " s]");
			List<String> alertQueries = ShippedQueries.docs().stream().filter((q) -> q.contains("ALERTS")).toList();
			assertThat(alertQueries).as("the shipped queries over ALERTS")
				.isNotEmpty()
				.allSatisfy((query) -> assertThat(this.prometheus.query(query)).as(query).isNotEmpty());
			within(Duration.ofMinutes(2))
				.until(() -> body(ALERTMANAGER.resolve("/api/v2/alerts")).contains("CatFactsTargetDown"));
			within(Duration.ofMinutes(2)).until(() -> this.client.apps()
				.deployments()
				.inNamespace(MONITORING)
				.withName("alert-sink")
				.getLog()
				.contains("CatFactsTargetDown"));
			step("Alertmanager holds it and the sink logged its notification [" + seconds(started) + " s]");
		}
	}

	@Test
	@Order(12)
	void aRolloutRestartUnderMakeLoadLosesNoRequest() {
		// The forwards to the app's pods end with those pods; Prometheus's stays. Enough
		// requests for 90 s at the rate make load reached before, so that the load
		// outlasts the rollout (about 40 s here) on a faster machine too.
		long requests = Math.max(3000, Math.round(this.loadRequestsPerSecond * 90));
		try (Commands.Background load = this.commands.start("make-load-rollout",
				List.of("make", "--no-print-directory", "load", "N=" + requests, "C=4"))) {
			within(Duration.ofSeconds(30)).until(() -> load.output().contains("Sending"));
			this.commands.run("rollout-restart", Duration.ofMinutes(1),
					List.of(kubectl(), "-n", NAMESPACE, "rollout", "restart", "deployment/" + RELEASE));
			this.commands.run("rollout-status", Duration.ofMinutes(4), List.of(kubectl(), "-n", NAMESPACE, "rollout",
					"status", "deployment/" + RELEASE, "--timeout", "4m"));
			assertThat(load.isAlive()).as("make load still runs when the rollout is done (else raise N)").isTrue();
			int exitCode = load.await(Duration.ofMinutes(5));
			assertThat(exitCode).as("make load during the rollout:\n" + load.output()).isZero();
			step("kubectl rollout restart under make load N=" + requests + ": "
					+ load.output().lines().filter((line) -> line.startsWith("Answers")).findFirst().orElse("")
					+ ", none lost");
		}
	}

	@Test
	@Order(13)
	void eachReasonForAnUndiscoveredServiceMonitorIsNamed() {
		long started = System.nanoTime();
		Breaks undone;
		try (Breaks breaks = new Breaks(this.client, this.diagnosis, appPods().getFirst().getStatus().getPodIP())) {
			undone = breaks;
			Duration control = breaks.breakAll();
			step("The five causes of README 'my ServiceMonitor is not discovered', made on purpose; a new"
					+ " ServiceMonitor reached Prometheus (operator, kubelet, config-reloader) in "
					+ control.toSeconds() + " s");
			for (Cause cause : Cause.values()) {
				String message = breaks.diagnosis(cause);
				assertThat(message).as("the diagnosis of break " + cause).contains("cause " + cause.number + " ");
				step(message);
			}
		}
		assertThat(undone.serviceMonitorNamespaceSelector())
			.as("the Prometheus selects ServiceMonitors in every namespace again")
			.isEmpty();
		step("Breaks undone [" + seconds(started) + " s]");
	}

	@Test
	@Order(14)
	void noImageWasPulledAtAll() {
		assertNothingWasPulled();
		step("No pod event says Pulling: every image came from a tarball");
	}

	/**
	 * Past one Prometheus (issue #13): the same cluster upgraded with {@code make install
	 * HA=true}, the way a user grows it. Two Prometheus replicas with the operator's
	 * Thanos sidecar behind Thanos Query, which deduplicates on the replica label, and
	 * remote write to a Thanos Receive.
	 */
	@Nested
	@TestInstance(TestInstance.Lifecycle.PER_CLASS)
	@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
	class PastOnePrometheus implements FailureReport.Reporting {

		private static final String COUNTER = SEED_COUNTER + "{job=\"" + RELEASE + "\"}";

		private final Map<String, NodeProcesses.Usage> single = new LinkedHashMap<>();

		private LocalPortForward queryForward;

		private PrometheusApi thanosQuery;

		@BeforeAll
		void installedWithHa() {
			this.single.putAll(usage("prometheus-main-0"));
			step("make install HA=true on the same cluster: 2 Prometheus replicas with Thanos sidecars,"
					+ " Thanos Query, Thanos Receive");
			RealNodeE2EIT.this.commands.run("make-install-ha", Duration.ofMinutes(10),
					List.of("env", "OPERATOR_KUSTOMIZATION=" + RealNodeE2EIT.this.work.resolve("k8s/operator"),
							"HELM_ARGS=" + RealNodeE2EIT.this.helmArgs, "make", "--no-print-directory", "install",
							"HA=true"));
			this.queryForward = RealNodeE2EIT.this.client.services()
				.inNamespace(MONITORING)
				.withName("thanos-query")
				.portForward(9090);
			this.thanosQuery = new PrometheusApi(local(this.queryForward));
		}

		@AfterAll
		void closeForward() throws IOException {
			if (this.queryForward != null) {
				this.queryForward.close();
			}
		}

		@Test
		@Order(1)
		void bothReplicasScrapeTheApp() {
			for (String replica : List.of("prometheus-main-0", "prometheus-main-1")) {
				Pod pod = RealNodeE2EIT.this.client.pods().inNamespace(MONITORING).withName(replica).get();
				assertThat(ready(pod)).as(replica + " is Ready").isTrue();
				assertThat(pod.getSpec().getContainers()).as(replica + "'s containers")
					.anyMatch((container) -> container.getName().equals("thanos-sidecar"));
				String up = "up{job=\"" + RELEASE + "\",namespace=\"" + NAMESPACE + "\"} == 1";
				throughPortForward(RealNodeE2EIT.this.client.pods().inNamespace(MONITORING).withName(replica), 9090,
						(local) -> within(Duration.ofMinutes(2)).until(() -> new PrometheusApi(local).query(up),
								(samples) -> samples.size() == appPods().size()));
			}
			step("prometheus-main-0 and prometheus-main-1 (each with its thanos-sidecar) both scrape both app pods");
		}

		@Test
		@Order(2)
		void thanosQueryReturnsTheCounterOnceNotTwice() {
			// One replica's view is what a single Prometheus answers: Thanos Query must
			// give the same series once, though it holds each at least twice.
			int series = throughPortForward(
					RealNodeE2EIT.this.client.pods().inNamespace(MONITORING).withName("prometheus-main-1"), 9090,
					(local) -> new PrometheusApi(local).query(COUNTER).size());
			assertThat(series).as("series of " + COUNTER + " in prometheus-main-1").isPositive();
			within(Duration.ofMinutes(2)).untilAsserted(() -> {
				assertThat(this.thanosQuery.query(COUNTER, "&dedup=false"))
					.as("without deduplication: each series from both replicas (and the remote-write copies)")
					.hasSizeGreaterThanOrEqualTo(2 * series);
				assertThat(this.thanosQuery.query(COUNTER)).as("deduplicated").hasSize(series);
			});
			step("Thanos Query: " + COUNTER + " gives " + series + " series, as one replica does; "
					+ this.thanosQuery.query(COUNTER, "&dedup=false").size() + " without deduplication");
		}

		@Test
		@Order(3)
		void withOneReplicaDeletedQueriesAnswerAndRateHasNoGap() {
			String rate = "sum(rate(" + COUNTER + "[1m]))";
			// From 20 s before the deletion to the end. The replicas started less than a
			// minute ago (make install HA=true), and a rate has no value at a time with
			// fewer than two samples in its window, now or ever after: so the start moves
			// with each poll until the rate has a value 20 s back, or that point would be
			// missing for a reason that has nothing to do with the deletion.
			long start = within(Duration.ofMinutes(2)).until(() -> {
				long candidate = System.currentTimeMillis() / 1000 - 20;
				return this.thanosQuery.query(rate, "&time=" + candidate).isEmpty() ? null : candidate;
			}, Objects::nonNull);
			RealNodeE2EIT.this.client.pods().inNamespace(MONITORING).withName("prometheus-main-0").delete();
			long deleted = System.nanoTime();
			within(Duration.ofMinutes(1)).until(() -> !replicaReady("prometheus-main-0"));
			// While the replica is gone, every query still answers, from the other one;
			// one that arrives while Thanos Query reconnects to the gone pod's address
			// waits for gRPC's 20 s connection attempt (thanos-query.yaml says why no
			// flag shortens it), so the client allows 30 s.
			PrometheusApi patient = new PrometheusApi(this.thanosQuery.base(), Duration.ofSeconds(30));
			long[] slowest = { 0 };
			await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).until(() -> {
				long asked = System.nanoTime();
				assertThat(patient.query(rate)).as(rate + " while prometheus-main-0 is down").isNotEmpty();
				slowest[0] = Math.max(slowest[0], Duration.ofNanos(System.nanoTime() - asked).toMillis());
				return replicaReady("prometheus-main-0");
			});
			long end = System.currentTimeMillis() / 1000;
			List<Long> timestamps = this.thanosQuery.rangeTimestamps(rate, start, end, 5);
			assertThat(timestamps).as("one point every 5 s from %d to %d", start, end)
				.hasSize((int) ((end - start) / 5) + 1);
			step("prometheus-main-0 deleted and back in " + seconds(deleted) + " s: Thanos Query answered"
					+ " throughout (slowest " + slowest[0] + " ms), and " + rate + " has all " + timestamps.size()
					+ " points, no gap");
		}

		@Test
		@Order(4)
		void theRemotelyWrittenSeriesComeBackFromThanosReceive() {
			within(Duration.ofMinutes(2)).untilAsserted(() -> assertThat(
					this.thanosQuery.query(SEED_COUNTER + "{job=\"" + RELEASE + "\",tenant_id!=\"\"}", "&dedup=false"))
				.as("the seed counter as Thanos Receive stored it (its tenant_id label)")
				.isNotEmpty());
			step("Remote write: the seed counter comes back from Thanos Receive (tenant_id label) through"
					+ " Thanos Query");
		}

		@Test
		@Order(5)
		void whatEachCosts() {
			Map<String, NodeProcesses.Usage> ha = new LinkedHashMap<>();
			ha.putAll(usage("prometheus-main-0"));
			ha.putAll(usage("prometheus-main-1"));
			for (String component : List.of("thanos-query", "thanos-receive")) {
				Pod pod = RealNodeE2EIT.this.client.pods()
					.inNamespace(MONITORING)
					.withLabel("app.kubernetes.io/name", component)
					.list()
					.getItems()
					.getFirst();
				ha.putAll(usage(pod.getMetadata().getName()));
			}
			StringBuilder table = new StringBuilder(
					"Memory (RSS), CPU used since start and its share of one core, per container:");
			for (var stack : List.of(Map.entry("single", this.single), Map.entry("HA", ha))) {
				stack.getValue()
					.forEach((name, usage) -> table.append(String.format("%n  %-7s %-44s %5d MiB %7.1f s CPU %5.1f %%",
							stack.getKey(), name, usage.rssMebibytes(), usage.cpuSeconds(), 100 * usage.cpuShare())));
			}
			step(table.toString());
			assertThat(ha).as("every HA container measured").hasSizeGreaterThanOrEqualTo(6);
			assertNothingWasPulled();
		}

		private Map<String, NodeProcesses.Usage> usage(String podName) {
			Pod pod = RealNodeE2EIT.this.client.pods().inNamespace(MONITORING).withName(podName).get();
			Map<String, NodeProcesses.Usage> usage = new LinkedHashMap<>();
			for (var status : pod.getStatus().getContainerStatuses()) {
				usage.put(podName + "/" + status.getName(), NodeProcesses.usage(status.getContainerID()));
			}
			return usage;
		}

		private boolean replicaReady(String name) {
			Pod pod = RealNodeE2EIT.this.client.pods().inNamespace(MONITORING).withName(name).get();
			return pod != null && ready(pod);
		}

		@Override
		public String failureReport() {
			return RealNodeE2EIT.this.failureReport();
		}

	}

	// Helpers

	private Path operatorKustomizationFromTheGoModule() throws IOException {
		// k8s/operator names the release's bundle.yaml by URL, which cannot be fetched
		// here. The operator's release workflow uploads that file unchanged from the
		// tagged tree, which is the Go module the checksum database vouches for.
		String version = property("e2e.operator-version");
		String url = "https://github.com/prometheus-operator/prometheus-operator/releases/download/" + version
				+ "/bundle.yaml";
		String kustomization = Files.readString(Path.of("k8s/operator/kustomization.yaml"));
		assertThat(kustomization).as("k8s/operator/kustomization.yaml").contains(url);
		String download = this.commands.run("go-mod-download", Duration.ofMinutes(5), List.of("go", "mod", "download",
				"-json", "github.com/prometheus-operator/prometheus-operator@" + version));
		Matcher dir = Pattern.compile("\"Dir\":\\s*\"([^\"]+)\"").matcher(download);
		assertThat(dir.find()).as("the module's directory in: " + download).isTrue();
		Path operator = Files.createDirectories(this.work.resolve("k8s/operator"));
		Files.copy(Path.of(dir.group(1), "bundle.yaml"), operator.resolve("bundle.yaml"));
		Files.writeString(operator.resolve("kustomization.yaml"), kustomization.replace(url, "bundle.yaml"));
		Path namespace = Files.createDirectories(this.work.resolve("k8s/namespace"));
		try (var files = Files.list(Path.of("k8s/namespace"))) {
			for (Path file : files.toList()) {
				Files.copy(file, namespace.resolve(file.getFileName()));
			}
		}
		return operator;
	}

	private List<Pod> appPods() {
		Map<String, String> selector = this.client.apps()
			.deployments()
			.inNamespace(NAMESPACE)
			.withName(RELEASE)
			.get()
			.getSpec()
			.getSelector()
			.getMatchLabels();
		return this.client.pods()
			.inNamespace(NAMESPACE)
			.withLabels(selector)
			.list()
			.getItems()
			.stream()
			.filter((pod) -> pod.getMetadata().getDeletionTimestamp() == null)
			.toList();
	}

	private double podsCounterSum() {
		double sum = 0;
		for (Pod pod : appPods()) {
			String metrics = throughPortForward(
					this.client.pods().inNamespace(NAMESPACE).withName(pod.getMetadata().getName()), 8081,
					(local) -> body(local.resolve("/metrics")));
			sum += Scrape.parse(metrics).sum(SEED_COUNTER);
		}
		return sum;
	}

	/**
	 * Asks something in the cluster through a port-forward of its own (the API server and
	 * the kubelet), open only for the question.
	 */
	private static <T> T throughPortForward(PortForwardable target, int port, Function<URI, T> question) {
		try (LocalPortForward forward = target.portForward(port)) {
			return question.apply(local(forward));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static URI local(LocalPortForward forward) {
		return URI.create("http://127.0.0.1:" + forward.getLocalPort());
	}

	/**
	 * Whether the pod's endpoint in the Service's EndpointSlices is ready (null: absent).
	 */
	private Boolean endpointReady(String podName) {
		return this.client.discovery()
			.v1()
			.endpointSlices()
			.inNamespace(NAMESPACE)
			.withLabel("kubernetes.io/service-name", RELEASE)
			.list()
			.getItems()
			.stream()
			.flatMap((slice) -> slice.getEndpoints().stream())
			.filter((endpoint) -> endpoint.getTargetRef() != null && podName.equals(endpoint.getTargetRef().getName()))
			.map(Endpoint::getConditions)
			.map((conditions) -> Boolean.TRUE.equals(conditions.getReady()))
			.findFirst()
			.orElse(null);
	}

	private void assertNothingWasPulled() {
		List<String> pulled = this.client.v1()
			.events()
			.inAnyNamespace()
			.withField("reason", "Pulling")
			.list()
			.getItems()
			.stream()
			.map(Event::getMessage)
			.toList();
		assertThat(pulled).as("pod events that say Pulling").isEmpty();
	}

	private static boolean ready(Pod pod) {
		return pod.getStatus()
			.getConditions()
			.stream()
			.anyMatch((condition) -> condition.getType().equals("Ready") && condition.getStatus().equals("True"));
	}

	/**
	 * The body of a GET that must answer 200 within 10 s; anything else fails with the
	 * status and body, or the I/O error.
	 */
	private static String body(URI uri) {
		return HttpGet.body(HTTP, uri, Duration.ofSeconds(10));
	}

	private String kubectl() {
		return this.project.resolve("bin/kubectl").toString();
	}

	private String helm() {
		return this.project.resolve("bin/helm").toString();
	}

	private static ConditionFactory within(Duration timeout) {
		return await().atMost(timeout).pollInterval(Duration.ofSeconds(1)).ignoreExceptions();
	}

	private void step(String message) {
		System.out.printf("\u001b[1m[e2e %4d s]\u001b[0m %s%n", seconds(this.startedAt), message);
	}

	private static long seconds(long since) {
		return Duration.ofNanos(System.nanoTime() - since).toSeconds();
	}

	private static String property(String name) {
		String value = System.getProperty(name);
		if (value == null || value.isBlank()) {
			throw new IllegalStateException("system property " + name + " is not set: run the e2e with make e2e");
		}
		return value;
	}

	private static void requireRoot() {
		if (!"root".equals(System.getProperty("user.name"))) {
			throw new IllegalStateException(
					"the real-node e2e needs root (network namespace, cgroups, mounts): sudo -E make e2e");
		}
	}

	@Override
	public String failureReport() {
		StringBuilder report = new StringBuilder();
		if (this.client == null) {
			return "(no cluster yet; the logs are in " + this.work.resolve("logs") + ")";
		}
		section(report, "Events (Warning) in " + NAMESPACE + ", " + MONITORING + ", kube-system",
				() -> this.client.v1()
					.events()
					.inAnyNamespace()
					.withField("type", "Warning")
					.list()
					.getItems()
					.stream()
					.map((event) -> event.getInvolvedObject().getNamespace() + "/" + event.getInvolvedObject().getName()
							+ ": " + event.getReason() + ": " + event.getMessage())
					.collect(Collectors.joining("\n")));
		for (String namespace : List.of(NAMESPACE, MONITORING)) {
			for (Pod pod : this.client.pods().inNamespace(namespace).list().getItems()) {
				for (var container : pod.getSpec().getContainers()) {
					section(report,
							"Log of " + namespace + "/" + pod.getMetadata().getName() + " " + container.getName()
									+ " (end)",
							() -> Commands.tail(Objects.requireNonNullElse(this.client.pods()
								.inNamespace(namespace)
								.withName(pod.getMetadata().getName())
								.inContainer(container.getName())
								.tailingLines(30)
								.getLog(), ""), 30));
				}
			}
		}
		section(report, "The operator's generated Prometheus configuration", () -> {
			var secret = this.client.secrets().inNamespace(MONITORING).withName("prometheus-main").get();
			byte[] gz = Base64.getDecoder().decode(secret.getData().get("prometheus.yaml.gz"));
			try (var in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
				return new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
		section(report, "Prometheus /api/v1/targets (active: pool, URL, health, last error)",
				() -> throughPortForward(this.client.services().inNamespace(MONITORING).withName("prometheus"), 9090,
						(local) -> new PrometheusApi(local).activeTargets()
							.stream()
							.map((t) -> t.scrapePool() + " " + t.scrapeUrl() + " " + t.health() + " " + t.lastError())
							.collect(Collectors.joining("\n"))));
		report.append("\nEvery command's output: ").append(this.work.resolve("logs")).append('\n');
		return report.toString();
	}

	private static void section(StringBuilder report, String title, Supplier<String> content) {
		report.append("\n--- ").append(title).append('\n');
		try {
			report.append(content.get()).append('\n');
		}
		catch (RuntimeException ex) {
			report.append("(could not get it: ").append(ex.getMessage()).append(")\n");
		}
	}

}
