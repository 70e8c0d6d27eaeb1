package dev.catfacts.chart;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code values.schema.json} turns a wrong value into an error that names the field,
 * instead of a chart that renders and then misbehaves.
 */
class ValuesSchemaTests {

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', textBlock = """
			replicaCount                            | many         | replicaCount
			replicaCount                            | -1           | replicaCount
			unknownTopLevelKey                      | 1            | unknownTopLevelKey
			serviceMonitor.enabeld                  | true         | enabeld
			serviceMonitor.interval                 | fast         | interval
			serviceMonitor.additionalLabels.release | 7          | release
			image.pullPolicy                        | Sometimes    | pullPolicy
			image.tag                               | 'bad tag'    | tag
			app.upstream.retries                    | 7            | retries
			app.upstream.url                        | ftp://cats   | url
			app.upstream.timeout                    | 2 seconds    | timeout
			app.upstream.maxConcurrentCalls         | 0            | maxConcurrentCalls
			app.upstream.circuitBreaker.failureRateThreshold | 120 | failureRateThreshold
			app.upstream.circuitBreaker.waitDurationInOpenState | 10 | waitDurationInOpenState
			app.upstream.circuitBreaker.halfOpenCalls | 3          | halfOpenCalls
			service.port                            | 70000        | port
			service.type                            | Ingress      | type
			prometheusRule.availabilityObjective    | 1.5          | availabilityObjective
			autoscaling.targetCPUUtilizationPercentage | 150       | targetCPUUtilizationPercentage
			""")
	void rejectsAndNamesTheField(String key, String value, String named) {
		assertThatThrownBy(() -> HelmChart.render(Map.of(key, value))).hasMessageContaining("values don't meet")
			.hasMessageContaining(named);
	}

}
