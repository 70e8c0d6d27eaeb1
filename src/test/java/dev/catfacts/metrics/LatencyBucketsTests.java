package dev.catfacts.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Map;

import dev.catfacts.chart.HelmChart;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code histogram_quantile} never estimates past the largest finite bucket, so a latency
 * alert threshold at or above it could never fire: the chart's schema caps
 * {@code prometheusRule.latencyP99ThresholdSeconds} below the request histogram's largest
 * bucket, and this holds the two together.
 */
class LatencyBucketsTests {

	@Test
	void theLatencyAlertsThresholdStaysBelowTheLargestBucket() throws IOException {
		Map<String, Object> schema = new Yaml()
			.load(Files.readString(HelmChart.DIRECTORY.resolve("values.schema.json")));
		Number cap = HelmChart.at(schema, "properties", "prometheusRule", "properties", "latencyP99ThresholdSeconds",
				"exclusiveMaximum");
		double largestSeconds = Arrays
			.stream(PrometheusConventionsConfiguration.LATENCY_BUCKETS.get("http.server.requests"))
			.max()
			.orElseThrow() / 1e9;
		assertThat(cap.doubleValue()).isEqualTo(largestSeconds);
	}

}
