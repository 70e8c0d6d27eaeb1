package dev.catfacts.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.catfacts.ExternalTool;
import dev.catfacts.chart.HelmChart;
import dev.catfacts.chart.PrometheusRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static dev.catfacts.chart.HelmChart.at;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stack watches itself: Prometheus scrapes itself through a ServiceMonitor, and the
 * alerts of {@code k8s/monitoring/prometheus/prometheusrule.yaml} are checked and
 * unit-tested by promtool ({@code rules-tests/stack.test.yaml}), firing and silent.
 */
class StackRulesTests {

	private static final Path PROMETHEUS = Path.of("k8s/monitoring/prometheus");

	private static final Path WORK = Path.of("target", "stack-rules");

	private static Map<String, Object> rule;

	@BeforeAll
	static void writeRuleFile() throws IOException {
		rule = load("prometheusrule.yaml");
		Files.createDirectories(WORK);
		Files.writeString(WORK.resolve("stack.rules.yaml"),
				new Yaml().dump(Map.of("groups", at(rule, "spec", "groups"))));
		Files.copy(PROMETHEUS.resolve("rules-tests/stack.test.yaml"), WORK.resolve("stack.test.yaml"),
				StandardCopyOption.REPLACE_EXISTING);
	}

	@Test
	@Tag("promtool")
	void promtoolChecksAndUnitTestsTheRules() {
		ExternalTool.Result check = ExternalTool.promtool()
			.run("", "check", "rules", WORK.resolve("stack.rules.yaml").toString());
		assertThat(check.exitCode()).as(check.output()).isZero();
		assertThat(check.output()).contains("SUCCESS: " + alerts().size() + " rules found");
		ExternalTool.Result test = ExternalTool.promtool()
			.run("", "test", "rules", WORK.resolve("stack.test.yaml").toString());
		assertThat(test.exitCode()).as(test.output()).isZero();
	}

	@Test
	void everyAlertIsTestedFiringAndHasARunbook() throws IOException {
		Set<String> names = PrometheusRules.alertNames(rule);
		assertThat(PrometheusRules.testedFiring(WORK.resolve("stack.test.yaml"))).isEqualTo(names);
		String runbooks = Files.readString(Path.of("docs", "runbooks.md"));
		for (String name : names) {
			assertThat(runbooks).as("docs/runbooks.md section for " + name).contains("\n## " + name + "\n");
		}
		assertThat(alerts()).allSatisfy((alert) -> assertThat(at(alert, "annotations", "runbook_url").toString())
			.endsWith("docs/runbooks.md#" + alert.get("alert").toString().toLowerCase(Locale.ROOT)));
	}

	/**
	 * Both objects carry the label the Prometheus selects them by, or they are ignored
	 * without an error; the ServiceMonitor selects the Service by its labels and port
	 * name, and the alerts' job label is that Service's name.
	 */
	@Test
	void prometheusSelectsTheRuleAndScrapesItselfThroughItsService() throws IOException {
		Map<String, Object> prometheus = load("prometheus.yaml");
		Map<String, Object> monitor = load("servicemonitor.yaml");
		Map<String, Object> service = load("service.yaml");
		assertThat(labels(rule)).containsAllEntriesOf(at(prometheus, "spec", "ruleSelector", "matchLabels"));
		assertThat(labels(monitor))
			.containsAllEntriesOf(at(prometheus, "spec", "serviceMonitorSelector", "matchLabels"));
		assertThat(labels(service)).containsAllEntriesOf(at(monitor, "spec", "selector", "matchLabels"));
		assertThat(HelmChart.<List<Map<String, Object>>>at(service, "spec", "ports"))
			.extracting((port) -> port.get("name"))
			.contains(HelmChart.<String>at(monitor, "spec", "endpoints", 0, "port"));
		assertThat(alerts()).allSatisfy((alert) -> assertThat(alert.get("expr").toString())
			.contains("job=\"" + HelmChart.<String>at(service, "metadata", "name") + "\""));
	}

	private static Map<String, String> labels(Map<String, Object> object) {
		return at(object, "metadata", "labels");
	}

	private static List<Map<String, Object>> alerts() {
		return PrometheusRules.alerts(rule);
	}

	private static Map<String, Object> load(String file) throws IOException {
		return new Yaml().load(Files.readString(PROMETHEUS.resolve(file)));
	}

}
