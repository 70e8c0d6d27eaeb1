package dev.catfacts.chart;

import dev.catfacts.FakeUpstreamApplicationTests;
import dev.catfacts.Exchanges;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalManagementPort;

import static dev.catfacts.chart.HelmChart.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * No alert, recording rule, dashboard panel or cookbook query can point at a metric, or a
 * label, that the running application does not expose: every PromQL expression the
 * project ships ({@link ShippedQueries}) is checked against the app's real scrape.
 */
class MonitoringContractTests extends FakeUpstreamApplicationTests {

	/** Labels Prometheus adds from service discovery, not the app. */
	static final Set<String> TARGET_LABELS = Set.of("job", "namespace", "pod", "instance", "service", "container",
			"endpoint");

	/** Series Prometheus makes itself. */
	static final Set<String> SYNTHETIC = Set.of("up", "ALERTS");

	static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)\\}");

	static final Pattern LABEL_MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)");

	static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
			"ignoring", "group_left", "group_right", "inf", "nan");

	@LocalManagementPort
	int managementPort;

	static HelmChart.Rendered chart;

	@BeforeAll
	static void renderChart() {
		chart = HelmChart.render(Map.of());
	}

	@Test
	void rulesAndDashboardUseOnlyExposedMetricsAndLabels() {
		Map<String, Set<String>> exposed = exposedLabelsByMetric();
		Set<String> records = new TreeSet<>();
		List<String> expressions = new ArrayList<>();
		for (Map<String, Object> rule : ShippedQueries.rules(chart)) {
			if (rule.containsKey("record")) {
				records.add((String) rule.get("record"));
			}
			expressions.add(rule.get("expr").toString());
		}
		expressions.addAll(ShippedQueries.dashboard(chart));
		expressions.addAll(ShippedQueries.docs());
		assertThat(expressions).hasSizeGreaterThan(20);

		List<String> problems = new ArrayList<>();
		for (String expression : expressions) {
			for (String name : metricNames(expression)) {
				if (name.contains(":") ? !records.contains(name)
						: !exposed.containsKey(name) && !SYNTHETIC.contains(name)) {
					problems.add(name + " (in: " + expression.strip() + ")");
				}
			}
			Matcher selector = SELECTOR.matcher(expression);
			while (selector.find()) {
				String metric = selector.group(1);
				Matcher label = LABEL_MATCHER.matcher(selector.group(2));
				while (label.find()) {
					String name = label.group(1);
					if (!TARGET_LABELS.contains(name) && exposed.containsKey(metric)
							&& !exposed.get(metric).contains(name)) {
						problems.add("label " + name + " of " + metric + " (in: " + expression.strip() + ")");
					}
				}
			}
		}
		assertThat(problems).as("metrics and labels the app does not expose").isEmpty();
	}

	/** The metric and recording-rule names an expression reads. */
	static Set<String> metricNames(String expression) {
		String stripped = expression.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
			.replaceAll("\\{[^}]*\\}", " ")
			.replaceAll("\\[[^\\]]*\\]", " ")
			.replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
		Set<String> names = new TreeSet<>();
		Matcher identifier = Pattern.compile("(?<![\\w$.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?").matcher(stripped);
		while (identifier.find()) {
			boolean function = identifier.group(2) != null;
			String name = identifier.group(1);
			if (!function && !KEYWORDS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
				names.add(name);
			}
		}
		return names;
	}

	/** Every metric name in the real scrape, with the label names its series carry. */
	private Map<String, Set<String>> exposedLabelsByMetric() {
		Exchanges.expectStatus(this.api.get().uri("/cat_facts"), 200);
		// GC pause timers appear with the first collection's notification, which the JVM
		// sends on a thread of its own: ask for a collection, then wait for its timer.
		System.gc();
		return await("jvm_gc_pause_seconds after a collection").atMost(Duration.ofSeconds(10))
			.until(() -> Exchanges.scrape(this.managementPort).labelNamesByMetric(),
					(labels) -> labels.containsKey("jvm_gc_pause_seconds_count"));
	}

}
