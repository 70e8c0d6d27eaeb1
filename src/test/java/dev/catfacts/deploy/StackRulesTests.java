package dev.catfacts.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.catfacts.ExternalTool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

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
		ExternalTool.Result check = promtool().run("", "check", "rules", WORK.resolve("stack.rules.yaml").toString());
		assertThat(check.exitCode()).as(check.output()).isZero();
		assertThat(check.output()).contains("SUCCESS: " + alerts().size() + " rules found");
		ExternalTool.Result test = promtool().run("", "test", "rules", WORK.resolve("stack.test.yaml").toString());
		assertThat(test.exitCode()).as(test.output()).isZero();
	}

	@Test
	void everyAlertIsTestedFiringAndHasARunbook() throws IOException {
		Map<String, Object> tests = new Yaml().load(Files.readString(WORK.resolve("stack.test.yaml")));
		Set<String> firing = new TreeSet<>();
		for (Map<String, Object> test : StackRulesTests.<List<Map<String, Object>>>at(tests, "tests")) {
			for (Map<String, Object> alertTest : StackRulesTests.<List<Map<String, Object>>>at(test,
					"alert_rule_test")) {
				if (!((List<?>) alertTest.get("exp_alerts")).isEmpty()) {
					firing.add((String) alertTest.get("alertname"));
				}
			}
		}
		Set<String> names = new TreeSet<>(alerts().stream().map((alert) -> (String) alert.get("alert")).toList());
		assertThat(firing).isEqualTo(names);
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
		assertThat(StackRulesTests.<List<Map<String, Object>>>at(service, "spec", "ports"))
			.extracting((port) -> port.get("name"))
			.contains(StackRulesTests.<String>at(monitor, "spec", "endpoints", 0, "port"));
		assertThat(alerts()).allSatisfy((alert) -> assertThat(alert.get("expr").toString())
			.contains("job=\"" + StackRulesTests.<String>at(service, "metadata", "name") + "\""));
	}

	private static Map<String, String> labels(Map<String, Object> object) {
		return at(object, "metadata", "labels");
	}

	private static List<Map<String, Object>> alerts() {
		List<Map<String, Object>> groups = at(rule, "spec", "groups");
		return groups.stream()
			.flatMap((group) -> StackRulesTests.<List<Map<String, Object>>>at(group, "rules").stream())
			.toList();
	}

	private static Map<String, Object> load(String file) throws IOException {
		return new Yaml().load(Files.readString(PROMETHEUS.resolve(file)));
	}

	private static <T> T at(Object root, Object... path) {
		return dev.catfacts.chart.HelmChart.at(root, path);
	}

	private static ExternalTool promtool() {
		return ExternalTool.require("promtool",
				"'apt-get install prometheus' (Debian/Ubuntu) or a Prometheus release tarball, or set PROMTOOL");
	}

}
