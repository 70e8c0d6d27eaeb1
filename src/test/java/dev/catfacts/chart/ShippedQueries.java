package dev.catfacts.chart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.Yaml;

import static dev.catfacts.chart.HelmChart.at;

/**
 * Every PromQL expression the project ships: the chart's recording and alerting rules,
 * the dashboard's panels and variables, and the README's cookbook. The tests hold each
 * one against the app's real metrics, Prometheus's own parser, and (end to end) a real
 * Prometheus.
 */
public final class ShippedQueries {

	/** A table row whose last cell is one backticked query. */
	private static final Pattern QUERY_CELL = Pattern.compile("^\\|.* \\| `([^`]+)` \\|$");

	private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*),\\s*\\w+\\)");

	private ShippedQueries() {
	}

	/** The rules of the rendered PrometheusRule, each a map with {@code expr}. */
	public static List<Map<String, Object>> rules(HelmChart.Rendered chart) {
		List<Map<String, Object>> rules = new ArrayList<>();
		List<Map<String, Object>> groups = at(chart.one("PrometheusRule"), "spec", "groups");
		for (Map<String, Object> group : groups) {
			rules.addAll(HelmChart.<List<Map<String, Object>>>at(group, "rules"));
		}
		return rules;
	}

	/**
	 * The dashboard's queries as Grafana sends them, variables included
	 * ({@code $namespace}, {@code $__rate_interval}).
	 */
	public static List<String> dashboard(HelmChart.Rendered chart) {
		Map<String, Object> dashboard = new Yaml()
			.load(HelmChart.<String>at(chart.one("ConfigMap"), "data", "cat-facts.json"));
		List<String> queries = new ArrayList<>();
		for (Map<String, Object> panel : HelmChart.<List<Map<String, Object>>>at(dashboard, "panels")) {
			List<Map<String, Object>> targets = at(panel, "targets");
			if (targets != null) {
				targets.forEach((target) -> queries.add((String) target.get("expr")));
			}
		}
		for (Map<String, Object> variable : HelmChart.<List<Map<String, Object>>>at(dashboard, "templating", "list")) {
			if (variable.get("query") instanceof Map<?, ?> query) {
				// label_values(<series selector>, <label>): the selector is the PromQL
				// part.
				Matcher labelValues = LABEL_VALUES.matcher(query.get("query").toString());
				if (!labelValues.matches()) {
					throw new IllegalStateException("Unexpected dashboard variable query: " + query);
				}
				queries.add(labelValues.group(1));
			}
		}
		return queries;
	}

	/**
	 * The queries the docs teach: the README's PromQL cookbook and the query column of
	 * docs/metrics.md, each the last cell of a table row.
	 */
	public static List<String> docs() {
		try {
			String readme = Files.readString(Path.of("README.md"));
			String cookbook = readme.substring(readme.indexOf("## PromQL cookbook"));
			cookbook = cookbook.substring(0, cookbook.indexOf("\n## ", 1));
			List<String> queries = new ArrayList<>(lastCells(cookbook));
			queries.addAll(lastCells(Files.readString(Path.of("docs", "metrics.md"))));
			return queries;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static List<String> lastCells(String markdown) {
		List<String> queries = new ArrayList<>();
		for (String line : markdown.lines().toList()) {
			Matcher row = QUERY_CELL.matcher(line);
			if (row.matches()) {
				queries.add(row.group(1));
			}
		}
		return queries;
	}

	/**
	 * A Grafana query as Prometheus would receive it: range variables become a concrete
	 * range. Label variables sit inside quoted strings, where they already parse.
	 */
	public static String withGrafanaVariablesResolved(String query) {
		return query.replace("$__rate_interval", "5m").replace("$__interval", "1m").replace("$__range", "1h");
	}

}
