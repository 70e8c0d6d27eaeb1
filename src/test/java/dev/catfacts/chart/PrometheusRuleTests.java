package dev.catfacts.chart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.catfacts.ExternalTool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static dev.catfacts.chart.HelmChart.at;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart's PrometheusRule, checked and unit-tested by Prometheus's own promtool: the
 * rendered rule groups are written out as a rule file, and the tests in
 * {@code helm/cat-facts/rules-tests/} make each alert fire, and stay silent, on synthetic
 * series.
 */
class PrometheusRuleTests {

	static final Path RULES_TESTS = HelmChart.DIRECTORY.resolve("rules-tests");

	static final Path WORK = Path.of("target", "prometheus-rules");

	static Map<String, Object> rule;

	@BeforeAll
	static void renderRuleFile() throws IOException {
		rule = HelmChart.render(Map.of()).one("PrometheusRule");
		Files.createDirectories(WORK);
		Files.writeString(WORK.resolve("cat-facts.rules.yaml"),
				new Yaml().dump(Map.of("groups", at(rule, "spec", "groups"))));
		try (var tests = Files.list(RULES_TESTS)) {
			for (Path test : tests.toList()) {
				Files.copy(test, WORK.resolve(test.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
			}
		}
	}

	@Test
	@Tag("promtool")
	void promtoolChecksTheRules() {
		ExternalTool.Result result = promtool().run("", "check", "rules",
				WORK.resolve("cat-facts.rules.yaml").toString());
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("SUCCESS: " + ruleCount() + " rules found");
	}

	@Test
	@Tag("promtool")
	void promtoolUnitTestsPass() {
		ExternalTool.Result result = promtool().run("", "test", "rules", WORK.resolve("alerts.test.yaml").toString());
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("SUCCESS");
	}

	@Test
	void everyAlertIsTestedFiring() throws IOException {
		Map<String, Object> tests = new Yaml().load(Files.readString(RULES_TESTS.resolve("alerts.test.yaml")));
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
		assertThat(firing).isEqualTo(alertNames());
	}

	@Test
	void everyAlertHasSummaryDescriptionAndARunbook() throws IOException {
		String runbooks = Files.readString(Path.of("docs", "runbooks.md"));
		for (Map<String, Object> alert : alerts()) {
			String name = (String) alert.get("alert");
			Map<String, String> annotations = at(alert, "annotations");
			assertThat(annotations).as(name).containsKeys("summary", "description", "runbook_url");
			// GitHub's anchor for "## Name" is the name in lower case.
			assertThat(annotations.get("runbook_url")).as(name)
				.isEqualTo("https://github.com/cat-facts/cat-facts/blob/main/docs/runbooks.md#"
						+ name.toLowerCase(java.util.Locale.ROOT));
			assertThat(runbooks).as("docs/runbooks.md section for " + name).contains("\n## " + name + "\n");
			assertThat(at(alert, "labels", "severity").toString()).as(name).isIn("warning", "critical");
		}
	}

	private static List<Map<String, Object>> rules() {
		List<Map<String, Object>> groups = at(rule, "spec", "groups");
		return groups.stream()
			.flatMap((group) -> HelmChart.<List<Map<String, Object>>>at(group, "rules").stream())
			.toList();
	}

	private static List<Map<String, Object>> alerts() {
		return rules().stream().filter((r) -> r.containsKey("alert")).toList();
	}

	private static Set<String> alertNames() {
		return new TreeSet<>(alerts().stream().map((alert) -> (String) alert.get("alert")).toList());
	}

	private static int ruleCount() {
		return rules().size();
	}

	static ExternalTool promtool() {
		return ExternalTool.require("promtool",
				"'apt-get install prometheus' (Debian/Ubuntu) or a Prometheus release tarball, or set PROMTOOL");
	}

}
