package dev.catfacts.chart;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The small PromQL reader that {@link MonitoringContractTests} relies on. */
class PromqlNamesTests {

	@Test
	void findsMetricsAndRecordingRulesButNotFunctionsLabelsOrKeywords() {
		assertThat(MonitoringContractTests.metricNames(
				"""
						histogram_quantile(0.99, sum by (job, le) (rate(http_server_requests_seconds_bucket{uri="/cat_facts"}[5m])))
						/ on (job) group_left (pod) job:cat_facts_requests:rate5m > (14.4 * (1 - 0.995))
						and absent(up{job="a b"}) or vector(1) unless x_total offset 5m
						"""))
			.containsExactly("http_server_requests_seconds_bucket", "job:cat_facts_requests:rate5m", "up", "x_total");
	}

	@Test
	void ignoresGrafanaVariables() {
		assertThat(MonitoringContractTests
			.metricNames("sum(rate(process_cpu_seconds_total{namespace=\"$namespace\"}[$__rate_interval]))"))
			.containsExactly("process_cpu_seconds_total");
	}

}
