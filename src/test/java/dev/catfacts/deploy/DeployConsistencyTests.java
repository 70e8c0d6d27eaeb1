package dev.catfacts.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.catfacts.MakefilePins;
import dev.catfacts.chart.HelmChart;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The few facts that are written in two places, because each tool wants its own file,
 * must agree: otherwise `make deploy` loads one image tag and the chart asks for another.
 */
class DeployConsistencyTests {

	@Test
	void chartAppVersionIsTheImageTagTheBuildProduces() throws IOException {
		Map<String, Object> chart = yaml("helm/cat-facts/Chart.yaml");
		assertThat(chart.get("appVersion")).isEqualTo(pomVersion());
	}

	@Test
	void operatorVersionIsPinnedOnce() throws IOException {
		assertThat(Files.readString(Path.of("k8s/operator/kustomization.yaml")))
			.contains("/releases/download/" + MakefilePins.get("PROMETHEUS_OPERATOR_VERSION") + "/bundle.yaml");
	}

	/**
	 * `make alert-sink-image` tags the image with the Makefile's pin; the Deployment must
	 * ask for that tag, or kind has the image and the pod waits for another.
	 */
	@Test
	@SuppressWarnings("unchecked")
	void alertSinkRunsTheImageTheBuildTags() throws IOException {
		// The Deployment, then its Service.
		Map<String, Object> deployment = (Map<String, Object>) new Yaml()
			.loadAll(Files.readString(Path.of("k8s/monitoring/alertmanager/alert-sink.yaml")))
			.iterator()
			.next();
		Map<String, Object> template = (Map<String, Object>) ((Map<String, Object>) deployment.get("spec"))
			.get("template");
		List<Map<String, Object>> containers = (List<Map<String, Object>>) ((Map<String, Object>) template.get("spec"))
			.get("containers");
		assertThat(containers).extracting((container) -> container.get("image"))
			.containsExactly("localhost/cat-facts-alert-sink:" + MakefilePins.get("ALERT_SINK_VERSION"));
	}

	/**
	 * The image unpacker applies layers with containerd's code, the same release the real
	 * node runs: one version, bumped in both places together.
	 */
	@Test
	void imageUnpackerUsesTheNodesContainerd() throws IOException {
		assertThat(Files.readAllLines(Path.of("hack/tools/image-unpack/go.mod")))
			.contains("\tgithub.com/containerd/containerd/v2 " + MakefilePins.get("CONTAINERD_VERSION"));
	}

	@Test
	void kindClusterIsNamedAndItsNodeImagePinnedByDigest() throws IOException {
		Map<String, Object> kind = yaml("kind-config.yaml");
		assertThat(kind.get("name")).isEqualTo("cat-facts");
		// The node runs the Kubernetes the Makefile pins, which kubectl and the e2e use
		// too.
		assertThat(kind.toString())
			.containsPattern(
					"kindest/node:" + Pattern.quote(MakefilePins.get("KUBERNETES_VERSION")) + "@sha256:[0-9a-f]{64}")
			.doesNotContain("hostPort");
	}

	@Test
	void prometheusSelectsServiceMonitorsAndRulesExplicitly() throws IOException {
		Map<String, Object> prometheus = yaml("k8s/monitoring/prometheus/prometheus.yaml");
		@SuppressWarnings("unchecked")
		Map<String, Object> spec = (Map<String, Object>) prometheus.get("spec");
		assertThat(spec).containsKeys("serviceMonitorSelector", "serviceMonitorNamespaceSelector", "ruleSelector",
				"ruleNamespaceSelector", "retention", "resources", "alerting");
		assertThat(spec.get("serviceAccountName")).isEqualTo("prometheus");
	}

	/**
	 * Rules read their ranges from Prometheus's own storage (Thanos serves queries, not
	 * rules), so a retention shorter than the longest range would quietly shorten that
	 * window: the slow-burn alert would judge three days by one.
	 */
	@Test
	@SuppressWarnings("unchecked")
	void prometheusKeepsTheLongestRangeTheRulesRead() throws IOException {
		Map<String, Object> spec = (Map<String, Object>) yaml("k8s/monitoring/prometheus/prometheus.yaml").get("spec");
		Duration retention = promDuration((String) spec.get("retention"));
		Matcher range = Pattern.compile("\\[([0-9]+[smhd])\\]")
			.matcher(HelmChart.render(Map.of()).one("PrometheusRule").toString());
		Duration longest = Duration.ZERO;
		while (range.find()) {
			Duration window = promDuration(range.group(1));
			longest = (window.compareTo(longest) > 0) ? window : longest;
		}
		assertThat(longest).as("the longest range the rules read").isPositive();
		assertThat(retention).as("the retention of k8s/monitoring/prometheus/prometheus.yaml").isGreaterThan(longest);
	}

	/** One number and unit, as the rules and the retention here write them. */
	private static Duration promDuration(String value) {
		long amount = Long.parseLong(value.substring(0, value.length() - 1));
		return switch (value.charAt(value.length() - 1)) {
			case 's' -> Duration.ofSeconds(amount);
			case 'm' -> Duration.ofMinutes(amount);
			case 'h' -> Duration.ofHours(amount);
			case 'd' -> Duration.ofDays(amount);
			default -> throw new IllegalArgumentException("not a duration this test reads: " + value);
		};
	}

	/**
	 * Everything that runs the app outside a container sizes it for the chart's memory
	 * limit; a script that kept an old limit would measure another service.
	 */
	@Test
	void workflowsPinEveryActionByCommitSha() throws IOException {
		try (var workflows = Files.list(Path.of(".github", "workflows"))) {
			for (Path workflow : workflows.toList()) {
				Matcher uses = Pattern.compile("(?m)^\\s*-?\\s*uses:\\s*(\\S+)").matcher(Files.readString(workflow));
				while (uses.find()) {
					// A tag can be moved to other code; a commit cannot.
					assertThat(uses.group(1)).as("%s: %s", workflow, uses.group(0).strip())
						.matches("[\\w.-]+/[\\w.-]+@[0-9a-f]{40}");
				}
			}
		}
	}

	/**
	 * hack/tools.sh installs no download whose sum is not pinned: a bumped version
	 * without its sums would fail `make deploy` on a user's machine instead of here, and
	 * a sum left from an old version would be a pin nobody checks.
	 */
	@Test
	void everyDownloadedToolHasItsSumPinnedForEachPlatform() throws IOException {
		List<String> expected = new ArrayList<>();
		for (String tool : List.of("kind", "kubectl", "helm")) {
			String version = MakefilePins.get(tool.toUpperCase(Locale.ROOT) + "_VERSION");
			for (String platform : List.of("linux-amd64", "linux-arm64", "darwin-amd64", "darwin-arm64")) {
				expected.add(tool + "-" + version + "-" + platform);
			}
		}
		List<String[]> pins = Files.readAllLines(Path.of("hack/tools.sha256"))
			.stream()
			.filter((line) -> !line.isBlank() && !line.startsWith("#"))
			.map((line) -> line.split("\\s+"))
			.toList();
		assertThat(pins).allSatisfy((pin) -> assertThat(pin).as(String.join(" ", pin))
			.hasSize(2)
			.satisfies((fields) -> assertThat(fields[0]).matches("[0-9a-f]{64}")));
		assertThat(pins).extracting((pin) -> pin[1]).containsExactlyInAnyOrderElementsOf(expected);
	}

	private static String pomVersion() throws IOException {
		Matcher version = Pattern.compile("</parent>.*?<version>([^<]+)</version>", Pattern.DOTALL)
			.matcher(Files.readString(Path.of("pom.xml")));
		assertThat(version.find()).isTrue();
		return version.group(1);
	}

	private static Map<String, Object> yaml(String path) throws IOException {
		return new Yaml().load(Files.readString(Path.of(path)));
	}

}
