package dev.catfacts.chart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.catfacts.ExternalTool;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every dashboard panel and docs query parses as PromQL, by Prometheus's own parser: each
 * becomes a recording rule of a rule file that {@code promtool check rules} reads.
 */
class ShippedQueriesParseTests {

	@Test
	@Tag("promtool")
	void everyDashboardAndDocsQueryParses() throws IOException {
		HelmChart.Rendered chart = HelmChart.render(Map.of());
		List<String> queries = new ArrayList<>(ShippedQueries.dashboard(chart));
		queries.addAll(ShippedQueries.docs());
		assertThat(queries).hasSizeGreaterThan(25);
		List<Map<String, Object>> rules = new ArrayList<>();
		for (int i = 0; i < queries.size(); i++) {
			Map<String, Object> rule = new LinkedHashMap<>();
			rule.put("record", "shipped:query_" + i);
			rule.put("expr", ShippedQueries.withGrafanaVariablesResolved(queries.get(i)));
			rules.add(rule);
		}
		Path file = Files.createDirectories(Path.of("target", "shipped-queries")).resolve("queries.rules.yaml");
		Files.writeString(file,
				new Yaml().dump(Map.of("groups", List.of(Map.of("name", "shipped-queries", "rules", rules)))));

		ExternalTool.Result result = ExternalTool.promtool().run("", "check", "rules", file.toString());
		assertThat(result.exitCode()).as("promtool check rules %s:%n%s", file, result.output()).isZero();
		assertThat(result.output()).contains("SUCCESS: " + queries.size() + " rules found");
	}

}
