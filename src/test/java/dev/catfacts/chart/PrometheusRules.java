package dev.catfacts.chart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.yaml.snakeyaml.Yaml;

import static dev.catfacts.chart.HelmChart.at;

/**
 * Reads a PrometheusRule object and its promtool unit tests, for the chart's rules and
 * the stack's own ({@code k8s/monitoring/prometheus}).
 */
public final class PrometheusRules {

	private PrometheusRules() {
	}

	/** Every rule of every group of the PrometheusRule, recording rules included. */
	public static List<Map<String, Object>> rules(Map<String, Object> prometheusRule) {
		List<Map<String, Object>> groups = at(prometheusRule, "spec", "groups");
		return groups.stream()
			.flatMap((group) -> HelmChart.<List<Map<String, Object>>>at(group, "rules").stream())
			.toList();
	}

	/** The alerting rules of the PrometheusRule. */
	public static List<Map<String, Object>> alerts(Map<String, Object> prometheusRule) {
		return rules(prometheusRule).stream().filter((r) -> r.containsKey("alert")).toList();
	}

	public static Set<String> alertNames(Map<String, Object> prometheusRule) {
		return new TreeSet<>(alerts(prometheusRule).stream().map((alert) -> (String) alert.get("alert")).toList());
	}

	/**
	 * The alerts a promtool unit test file expects to fire in at least one case: an alert
	 * tested only silent could never fire and the tests would not notice.
	 */
	public static Set<String> testedFiring(Path testFile) throws IOException {
		Map<String, Object> tests = new Yaml().load(Files.readString(testFile));
		Set<String> firing = new TreeSet<>();
		List<Map<String, Object>> testCases = at(tests, "tests");
		for (Map<String, Object> test : testCases) {
			List<Map<String, Object>> alertTests = at(test, "alert_rule_test");
			for (Map<String, Object> alertTest : (alertTests != null) ? alertTests : List.<Map<String, Object>>of()) {
				if (!((List<?>) alertTest.getOrDefault("exp_alerts", List.of())).isEmpty()) {
					firing.add((String) alertTest.get("alertname"));
				}
			}
		}
		return firing;
	}

}
