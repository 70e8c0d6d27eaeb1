package dev.catfacts.chart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.catfacts.ExternalTool;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard the chart ships is valid against Grafana's own dashboard schema (the
 * Grafana Foundation SDK, through hack/tools/dashboard-check): a misspelt field or a
 * missing required one fails here, not silently in Grafana.
 */
class DashboardSchemaTests {

	@Test
	@Tag("dashboard-check")
	void theShippedDashboardMatchesGrafanasSchema() throws IOException {
		ExternalTool check = ExternalTool.require("dashboard-check",
				"'make test-tools' builds it from hack/tools/dashboard-check (needs Go), or set DASHBOARD_CHECK");
		// As the chart ships it: the JSON inside the rendered ConfigMap.
		String json = HelmChart.<String>at(HelmChart.render(Map.of()).one("ConfigMap"), "data", "cat-facts.json");
		Path file = Files.createDirectories(Path.of("target", "dashboards")).resolve("cat-facts.json");
		Files.writeString(file, json);
		ExternalTool.Result result = check.run("", file.toString());
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains(file + ": valid");
	}

	/** A checker that passed everything would pass the test above too. */
	@ParameterizedTest(name = "{0}")
	@Tag("dashboard-check")
	@ValueSource(strings = { "\"gridPos\":gridPoss", "\"showLegend\":showLgend", "\"title\":tilte" })
	void aMisspeltFieldFailsTheCheck(String misspelling) throws IOException {
		ExternalTool check = ExternalTool.require("dashboard-check",
				"'make test-tools' builds it from hack/tools/dashboard-check (needs Go), or set DASHBOARD_CHECK");
		String[] parts = misspelling.split(":");
		String json = Files.readString(HelmChart.DIRECTORY.resolve("dashboards/cat-facts.json"));
		assertThat(json).contains(parts[0]);
		Path file = Files.createDirectories(Path.of("target", "dashboards")).resolve("misspelt-" + parts[1] + ".json");
		Files.writeString(file, json.replaceFirst(parts[0], "\"" + parts[1] + "\""));
		ExternalTool.Result result = check.run("", file.toString());
		assertThat(result.exitCode()).as(result.output()).isNotZero();
		assertThat(result.output()).contains(file.toString()).doesNotContain(": valid");
	}

}
