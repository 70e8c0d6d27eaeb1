package dev.catfacts.chart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import dev.catfacts.chart.HelmChart.Rendered;
import dev.catfacts.config.ShutdownProperties;
import dev.catfacts.facts.FactsProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static dev.catfacts.chart.HelmChart.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The chart rendered by real Helm over a matrix of values, and the contracts between its
 * objects that decide whether Prometheus ever scrapes the app.
 */
class HelmChartTests {

	/** The values matrix: defaults plus every file in {@code helm/cat-facts/ci/}. */
	/**
	 * {@code <section>.enabled} in a values file, true (the chart's default) when unset.
	 */
	private static boolean enabled(Path values, String section) throws IOException {
		Map<String, Object> chartValues = new Yaml().load(Files.readString(values));
		return !(chartValues != null && chartValues.get(section) instanceof Map<?, ?> map
				&& Boolean.FALSE.equals(map.get("enabled")));
	}

	static Stream<Path> valuesFiles() throws IOException {
		Path defaults = HelmChart.DIRECTORY.resolve("values.yaml");
		try (Stream<Path> ci = Files.list(HelmChart.DIRECTORY.resolve("ci"))) {
			return Stream.concat(Stream.of(defaults), ci.sorted().toList().stream());
		}
	}

	@Test
	void lintsCleanInStrictMode() {
		LintResult lint = new Helm(HelmChart.DIRECTORY).lint().strict().call();
		assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
	}

	@ParameterizedTest
	@MethodSource("valuesFiles")
	void everyObjectIsNamedAndNamespaced(Path values) {
		Rendered rendered = HelmChart.render(values);
		assertThat(rendered.objects()).isNotEmpty().allSatisfy((object) -> {
			assertThat(HelmChart.<String>at(object, "metadata", "name")).isNotBlank();
			assertThat(HelmChart.<String>at(object, "metadata", "namespace")).isEqualTo(HelmChart.NAMESPACE);
		});
	}

	@ParameterizedTest
	@MethodSource("valuesFiles")
	void serviceMonitorSelectsTheServiceByLabelAndPortName(Path values) throws IOException {
		Rendered rendered = HelmChart.render(values);
		Map<String, Object> service = rendered.one("Service");
		// The loop below checks nothing when there is no ServiceMonitor: there must be
		// one
		// exactly when the values enable it.
		assertThat(rendered.ofKind("ServiceMonitor")).hasSize(enabled(values, "serviceMonitor") ? 1 : 0);
		for (Map<String, Object> monitor : rendered.ofKind("ServiceMonitor")) {
			Map<String, String> selector = at(monitor, "spec", "selector", "matchLabels");
			Map<String, String> serviceLabels = at(service, "metadata", "labels");
			assertThat(serviceLabels).as("Service labels must match the ServiceMonitor selector")
				.containsAllEntriesOf(selector);
			List<Map<String, Object>> endpoints = at(monitor, "spec", "endpoints");
			List<String> portNames = HelmChart.<List<Map<String, Object>>>at(service, "spec", "ports")
				.stream()
				.map((port) -> (String) port.get("name"))
				.toList();
			assertThat(endpoints).allSatisfy((endpoint) -> {
				assertThat(endpoint.get("port")).as("ServiceMonitor port must be a Service port NAME").isIn(portNames);
				assertThat(endpoint.get("path")).isEqualTo("/metrics");
				assertThat(DurationStyle.detectAndParse((String) endpoint.get("scrapeTimeout")))
					.isLessThanOrEqualTo(DurationStyle.detectAndParse((String) endpoint.get("interval")));
			});
		}
	}

	@ParameterizedTest
	@MethodSource("valuesFiles")
	void serviceSelectsThePodsAndTargetsNamedContainerPorts(Path values) {
		Rendered rendered = HelmChart.render(values);
		Map<String, Object> service = rendered.one("Service");
		Map<String, Object> deployment = rendered.one("Deployment");
		Map<String, String> podLabels = at(deployment, "spec", "template", "metadata", "labels");
		assertThat(podLabels).containsAllEntriesOf(at(service, "spec", "selector"));
		assertThat(podLabels).containsAllEntriesOf(at(deployment, "spec", "selector", "matchLabels"));
		List<String> containerPorts = HelmChart.<List<Map<String, Object>>>at(container(deployment), "ports")
			.stream()
			.map((port) -> (String) port.get("name"))
			.toList();
		assertThat(HelmChart.<List<Map<String, Object>>>at(service, "spec", "ports"))
			.extracting((port) -> port.get("targetPort"))
			.allSatisfy((target) -> assertThat(target).isIn(containerPorts));
	}

	@Test
	void probesAndPortsMatchTheApplicationsConfiguration() throws IOException {
		Map<String, Object> app = applicationYaml();
		int serverPort = at(app, "server", "port");
		int managementPort = at(app, "management", "server", "port");
		String basePath = at(app, "management", "endpoints", "web", "base-path");
		Map<String, Object> container = container(HelmChart.render(Map.of()).one("Deployment"));

		assertThat(containerPort(container, "http")).isEqualTo(serverPort);
		assertThat(containerPort(container, "http-metrics")).isEqualTo(managementPort);
		assertThat(env(container, "MANAGEMENT_SERVER_PORT")).isEqualTo(String.valueOf(managementPort));
		assertThat(env(container, "SERVER_PORT")).isEqualTo(String.valueOf(serverPort));
		for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
			assertThat(HelmChart.<String>at(container, probe, "httpGet", "port")).as(probe).isEqualTo("http-metrics");
		}
		assertThat(HelmChart.<String>at(container, "livenessProbe", "httpGet", "path"))
			.isEqualTo(basePath + "health/liveness");
		assertThat(HelmChart.<String>at(container, "startupProbe", "httpGet", "path"))
			.isEqualTo(basePath + "health/liveness");
		assertThat(HelmChart.<String>at(container, "readinessProbe", "httpGet", "path"))
			.isEqualTo(basePath + "health/readiness");
	}

	@Test
	void gracePeriodCoversThePreStopPauseAndTheDrain() throws IOException {
		Map<String, Object> app = applicationYaml();
		Duration drain = DurationStyle
			.detectAndParse(at(app, "spring", "lifecycle", "timeout-per-shutdown-phase").toString());
		// Readiness stays DOWN this long after SIGTERM before the drain starts.
		Duration drainDelay = Binder.get(new StandardEnvironment())
			.bindOrCreate("cat-facts.shutdown", ShutdownProperties.class)
			.drainDelay();
		Map<String, Object> deployment = HelmChart.render(Map.of()).one("Deployment");
		int grace = at(deployment, "spec", "template", "spec", "terminationGracePeriodSeconds");
		int preStop = at(container(deployment), "lifecycle", "preStop", "sleep", "seconds");
		Duration appShutdown = drainDelay.plus(drain);
		assertThat(Duration.ofSeconds(grace)).isGreaterThan(Duration.ofSeconds(preStop).plus(appShutdown));
		// The chart refuses a pause that leaves less than the app's shutdown, and no
		// more:
		// its own figure for that shutdown is the one application.yaml gives.
		long longestPause = grace - appShutdown.toSeconds() - 1;
		assertThat(HelmChart.render(Map.of("preStopSleepSeconds", longestPause)).kinds()).contains("Deployment");
		assertThatThrownBy(() -> HelmChart.render(Map.of("preStopSleepSeconds", longestPause + 1)))
			.hasMessageContaining("plus the app's " + appShutdown.toSeconds() + " s of shutdown");
		assertThat(env(container(deployment), "SERVER_SHUTDOWN")).as("graceful shutdown comes from application.yaml")
			.isNull();
		assertThat(HelmChart.<String>at(app, "server", "shutdown")).isEqualTo("graceful");
	}

	@ParameterizedTest
	@MethodSource("valuesFiles")
	void podsMeetTheRestrictedPodSecurityStandard(Path values) {
		Map<String, Object> pod = at(HelmChart.render(values).one("Deployment"), "spec", "template", "spec");
		Map<String, Object> container = at(pod, "containers", 0);
		assertThat(HelmChart.<Boolean>at(pod, "securityContext", "runAsNonRoot")).isTrue();
		assertThat(HelmChart.<Integer>at(pod, "securityContext", "runAsUser")).isPositive();
		assertThat(HelmChart.<String>at(pod, "securityContext", "seccompProfile", "type")).isEqualTo("RuntimeDefault");
		assertThat(HelmChart.<Boolean>at(container, "securityContext", "allowPrivilegeEscalation")).isFalse();
		assertThat(HelmChart.<Boolean>at(container, "securityContext", "readOnlyRootFilesystem")).isTrue();
		assertThat(HelmChart.<List<String>>at(container, "securityContext", "capabilities", "drop"))
			.containsExactly("ALL");
		assertThat(HelmChart.<List<Map<String, Object>>>at(container, "volumeMounts"))
			.anySatisfy((mount) -> assertThat(mount).containsEntry("mountPath", "/tmp"));
		assertThat(HelmChart.<Boolean>at(pod, "automountServiceAccountToken")).isFalse();
		assertThat(HelmChart.<Map<String, Object>>at(container, "resources", "limits")).containsKey("memory");
	}

	@ParameterizedTest
	@MethodSource("valuesFiles")
	void networkPolicyAdmitsTheMonitoringNamespaceOnTheMetricsPort(Path values) throws IOException {
		Map<String, Object> chartValues = new Yaml().load(Files.readString(values));
		Rendered rendered = HelmChart.render(values);
		assertThat(rendered.ofKind("NetworkPolicy")).hasSize(enabled(values, "networkPolicy") ? 1 : 0);
		for (Map<String, Object> policy : rendered.ofKind("NetworkPolicy")) {
			String monitoring = (chartValues != null && chartValues.get("networkPolicy") instanceof Map<?, ?> np
					&& np.get("monitoringNamespace") instanceof String ns) ? ns : "monitoring";
			List<Map<String, Object>> ingress = at(policy, "spec", "ingress");
			Map<String, Object> metricsRule = ingress.stream()
				.filter((rule) -> "http-metrics".equals(at(rule, "ports", 0, "port")))
				.findFirst()
				.orElseThrow(() -> new AssertionError("No ingress rule for the metrics port"));
			assertThat(HelmChart.<List<Map<String, Object>>>at(metricsRule, "from")).anySatisfy((peer) -> assertThat(
					HelmChart.<String>at(peer, "namespaceSelector", "matchLabels", "kubernetes.io/metadata.name"))
				.isEqualTo(monitoring));
			assertThat(HelmChart.<Map<String, String>>at(policy, "spec", "podSelector", "matchLabels"))
				.isEqualTo(at(rendered.one("Service"), "spec", "selector"));
		}
	}

	/**
	 * `helm test` asks the API for a fact, so a policy that limits the API to some peers
	 * must still admit the test pod, as the metrics rule does.
	 */
	@Test
	void networkPolicyAdmitsTheTestPodToAnApiLimitedToSomePeers() {
		Map<String, Object> policy = HelmChart.render(HelmChart.DIRECTORY.resolve("ci/all-on-values.yaml"))
			.one("NetworkPolicy");
		List<Map<String, Object>> ingress = at(policy, "spec", "ingress");
		Map<String, String> testPod = Map.of("app.kubernetes.io/instance", HelmChart.RELEASE,
				"app.kubernetes.io/component", "test");
		assertThat(ingress).hasSize(2)
			.allSatisfy((rule) -> assertThat(HelmChart.<List<Map<String, Object>>>at(rule, "from"))
				.as("the peers of the rule for port %s", HelmChart.<String>at(rule, "ports", 0, "port"))
				.anySatisfy((peer) -> assertThat(HelmChart.<Map<String, String>>at(peer, "podSelector", "matchLabels"))
					.isEqualTo(testPod)));
	}

	/**
	 * `make deploy` loads a rebuilt image under the same tag: hack/install.sh puts its ID
	 * into the pod template, so that the new build rolls the pods out.
	 */
	@Test
	void theImageIdThatInstallSetsReachesThePodTemplate() throws IOException {
		Matcher set = Pattern.compile("--set-string \"podAnnotations\\.([^=\"]+)=\\$IMAGE_ID\"")
			.matcher(Files.readString(Path.of("hack/install.sh")));
		assertThat(set.find()).as("hack/install.sh sets a pod annotation from IMAGE_ID").isTrue();
		String key = set.group(1);
		Map<String, Object> deployment = HelmChart.render(Map.of("podAnnotations." + key, "sha256:0123"))
			.one("Deployment");
		assertThat(HelmChart.<Map<String, String>>at(deployment, "spec", "template", "metadata", "annotations"))
			.containsEntry(key, "sha256:0123");
	}

	@Test
	void aDrainMayAlwaysEvictOnePodAndAnUnhealthyOneAtOnce() {
		Map<String, Object> spec = at(HelmChart.render(Map.of()).one("PodDisruptionBudget"), "spec");
		assertThat(spec).containsEntry("maxUnavailable", 1)
			.containsEntry("unhealthyPodEvictionPolicy", "AlwaysAllow")
			.doesNotContainKey("minAvailable");
	}

	@Test
	void defaultsRenderTheWholeMonitoringSet() {
		// helm-java's template leaves out `helm test` hooks, as `helm template
		// --skip-tests` would.
		assertThat(HelmChart.render(Map.of()).kinds()).containsExactly("ConfigMap", "Deployment", "NetworkPolicy",
				"PodDisruptionBudget", "PrometheusRule", "Service", "ServiceAccount", "ServiceMonitor");
	}

	@Test
	void everythingOffStillRendersTheApp() {
		assertThat(HelmChart.render(HelmChart.DIRECTORY.resolve("ci/all-off-values.yaml")).kinds())
			.containsExactly("Deployment", "Service");
	}

	@Test
	void autoscalingReplacesTheFixedReplicaCount() {
		Rendered rendered = HelmChart.render(HelmChart.DIRECTORY.resolve("ci/all-on-values.yaml"));
		assertThat(HelmChart.<Map<String, Object>>at(rendered.one("Deployment"), "spec")).doesNotContainKey("replicas");
		assertThat(HelmChart.<String>at(rendered.one("HorizontalPodAutoscaler"), "spec", "scaleTargetRef", "name"))
			.isEqualTo(at(rendered.one("Deployment"), "metadata", "name"));
	}

	@Test
	void kubePrometheusStackLabelsReachServiceMonitorAndRule() {
		Rendered rendered = HelmChart.render(HelmChart.DIRECTORY.resolve("ci/kube-prometheus-stack-values.yaml"));
		assertThat(HelmChart.<Map<String, String>>at(rendered.one("ServiceMonitor"), "metadata", "labels"))
			.containsEntry("release", "kube-prometheus-stack");
		assertThat(HelmChart.<Map<String, String>>at(rendered.one("PrometheusRule"), "metadata", "labels"))
			.containsEntry("release", "kube-prometheus-stack");
	}

	@Test
	void defaultServiceMonitorCarriesTheLabelTheStackInK8sSelects() throws IOException {
		Map<String, Object> prometheus = new Yaml()
			.load(Files.readString(Path.of("k8s/monitoring/prometheus/prometheus.yaml")));
		Map<String, String> selector = at(prometheus, "spec", "serviceMonitorSelector", "matchLabels");
		Map<String, String> ruleSelector = at(prometheus, "spec", "ruleSelector", "matchLabels");
		Rendered rendered = HelmChart.render(Map.of());
		assertThat(HelmChart.<Map<String, String>>at(rendered.one("ServiceMonitor"), "metadata", "labels"))
			.containsAllEntriesOf(selector);
		assertThat(HelmChart.<Map<String, String>>at(rendered.one("PrometheusRule"), "metadata", "labels"))
			.containsAllEntriesOf(ruleSelector);
	}

	@Test
	void rulesSelectTheJobTheServiceMonitorCreates() {
		Rendered rendered = HelmChart.render(Map.of("fullnameOverride", "facts-api"));
		assertThat(HelmChart.<String>at(rendered.one("Service"), "metadata", "name")).isEqualTo("facts-api");
		assertThat(rendered.yaml()).contains("up{job=\"facts-api\", namespace=\"cat-facts\"}");
	}

	@Test
	void imageDefaultsToTheAppVersionAndPrefersADigest() throws IOException {
		Map<String, Object> chart = new Yaml().load(Files.readString(HelmChart.DIRECTORY.resolve("Chart.yaml")));
		assertThat(HelmChart.<String>at(container(HelmChart.render(Map.of()).one("Deployment")), "image"))
			.isEqualTo("cat-facts:" + chart.get("appVersion"));
		assertThat(HelmChart.<String>at(
				container(HelmChart.render(HelmChart.DIRECTORY.resolve("ci/all-on-values.yaml")).one("Deployment")),
				"image"))
			.startsWith("cat-facts@sha256:");
	}

	@Test
	void dashboardIsValidGrafanaJsonForTheSidecar() {
		Map<String, Object> configMap = HelmChart.render(Map.of()).one("ConfigMap");
		assertThat(HelmChart.<Map<String, String>>at(configMap, "metadata", "labels"))
			.containsEntry("grafana_dashboard", "1");
		// JSON is YAML: no second parser needed.
		Map<String, Object> dashboard = new Yaml().load(HelmChart.<String>at(configMap, "data", "cat-facts.json"));
		assertThat(dashboard.get("uid")).isEqualTo("cat-facts");
		assertThat((List<?>) dashboard.get("panels")).hasSizeGreaterThanOrEqualTo(8);
	}

	/**
	 * A service copied from this chart renames it with nameOverride: nothing it renders
	 * may still say cat-facts, or two such services would share a part-of label and
	 * overwrite each other's dashboard file in Grafana's sidecar folder.
	 */
	@Test
	void aRenamedChartRendersNoCatFactsLabelOrDashboardFile() {
		HelmChart.Rendered rendered = HelmChart
			.render(Map.of("nameOverride", "orders", "fullnameOverride", "orders", "autoscaling.enabled", "true"));

		assertThat(rendered.objects()).hasSizeGreaterThanOrEqualTo(8).allSatisfy((object) -> {
			Map<String, String> labels = HelmChart.at(object, "metadata", "labels");
			assertThat(labels).as("%s's labels", object.get("kind"))
				.isNotEmpty()
				// The chart's own name and version, and the release's name (this test's).
				.allSatisfy((name,
						value) -> assertThat(name.equals("helm.sh/chart") || name.equals("app.kubernetes.io/instance")
								|| !value.contains("cat-facts"))
							.as("%s=%s", name, value)
							.isTrue());
		});
		assertThat(HelmChart.<Map<String, String>>at(rendered.one("ConfigMap"), "data"))
			.containsOnlyKeys("orders.json");
	}

	@Test
	void offlineModeReachesThePod() {
		assertThat(env(
				container(HelmChart.render(HelmChart.DIRECTORY.resolve("ci/offline-values.yaml")).one("Deployment")),
				"CAT_FACTS_UPSTREAM_ENABLED"))
			.isEqualTo("false");
	}

	@Test
	void appSettingsReachThePodOnlyWhenSetAndBindToTheAppsProperties() {
		Map<String, Object> defaults = container(HelmChart.render(Map.of()).one("Deployment"));
		assertThat(HelmChart.<List<Map<String, Object>>>at(defaults, "env"))
			.as("unset values leave the app's own defaults alone")
			.noneMatch((env) -> String.valueOf(env.get("name")).startsWith("CAT_FACTS_"));

		Map<String, Object> container = container(
				HelmChart.render(Map.of("app.upstream.enabled", "false", "app.upstream.timeout", "500ms",
						"app.upstream.maxConcurrentCalls", "7", "app.upstream.circuitBreaker.failureRateThreshold",
						"40", "app.upstream.circuitBreaker.waitDurationInOpenState", "20s",
						"app.upstream.circuitBreaker.permittedCallsInHalfOpenState", "5"))
					.one("Deployment"));
		// Bound the way Spring binds the pod's environment, so a misspelt variable fails
		// here rather than being ignored in the cluster.
		Map<String, Object> environment = new java.util.HashMap<>();
		HelmChart.<List<Map<String, Object>>>at(container, "env")
			.forEach((env) -> environment.put(String.valueOf(env.get("name")), String.valueOf(env.get("value"))));
		FactsProperties.Upstream upstream = new Binder(
				ConfigurationPropertySources.from(new SystemEnvironmentPropertySource(
						StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment)))
			.bind("cat-facts", FactsProperties.class)
			.get()
			.upstream();
		assertThat(upstream.enabled()).isFalse();
		assertThat(upstream.timeout()).isEqualTo(Duration.ofMillis(500));
		assertThat(upstream.maxConcurrentCalls()).isEqualTo(7);
		assertThat(upstream.circuitBreaker().failureRateThreshold()).isEqualTo(40);
		assertThat(upstream.circuitBreaker().waitDurationInOpenState()).isEqualTo(Duration.ofSeconds(20));
		assertThat(upstream.circuitBreaker().permittedCallsInHalfOpenState()).isEqualTo(5);
	}

	/** The application's own configuration, which the chart must agree with. */
	private static Map<String, Object> applicationYaml() throws IOException {
		return new Yaml().load(Files.readString(Path.of("src/main/resources/application.yaml")));
	}

	static Map<String, Object> container(Map<String, Object> deployment) {
		return at(deployment, "spec", "template", "spec", "containers", 0);
	}

	private static int containerPort(Map<String, Object> container, String name) {
		return HelmChart.<List<Map<String, Object>>>at(container, "ports")
			.stream()
			.filter((port) -> name.equals(port.get("name")))
			.map((port) -> (Integer) port.get("containerPort"))
			.findFirst()
			.orElseThrow();
	}

	private static String env(Map<String, Object> container, String name) {
		return HelmChart.<List<Map<String, Object>>>at(container, "env")
			.stream()
			.filter((env) -> name.equals(env.get("name")))
			.map((env) -> String.valueOf(env.get("value")))
			.findFirst()
			.orElse(null);
	}

}
