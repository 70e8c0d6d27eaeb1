package dev.catfacts.chart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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
		ExternalTool.Result result = ExternalTool.promtool()
			.run("", "check", "rules", WORK.resolve("cat-facts.rules.yaml").toString());
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("SUCCESS: " + PrometheusRules.rules(rule).size() + " rules found");
	}

	@Test
	@Tag("promtool")
	void promtoolUnitTestsPass() {
		ExternalTool.Result result = ExternalTool.promtool()
			.run("", "test", "rules", WORK.resolve("alerts.test.yaml").toString());
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("SUCCESS");
	}

	@Test
	void everyAlertIsTestedFiring() throws IOException {
		assertThat(PrometheusRules.testedFiring(RULES_TESTS.resolve("alerts.test.yaml")))
			.isEqualTo(PrometheusRules.alertNames(rule));
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

	private static List<Map<String, Object>> alerts() {
		return PrometheusRules.alerts(rule);
	}

}
