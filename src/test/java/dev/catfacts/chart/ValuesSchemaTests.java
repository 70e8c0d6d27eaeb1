package dev.catfacts.chart;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
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
			replicaCount                            | 0            | replicaCount
			nameOverride                            | Cat_Facts    | nameOverride
			fullnameOverride                        | CatFacts     | fullnameOverride
			unknownTopLevelKey                      | 1            | unknownTopLevelKey
			serviceMonitor.enabeld                  | true         | enabeld
			serviceMonitor.interval                 | fast         | interval
			serviceMonitor.interval                 | 30s1m        | interval
			prometheusRule.targetDownFor            | 30s5m        | targetDownFor
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
			app.upstream.circuitBreaker.permittedCallsInHalfOpenState | 0 | permittedCallsInHalfOpenState
			service.port                            | 70000        | port
			service.type                            | Ingress      | type
			service.type                            | LoadBalancer | type
			prometheusRule.availabilityObjective    | 1.5          | availabilityObjective
			prometheusRule.availabilityObjective    | 0.8          | availabilityObjective
			prometheusRule.latencyP99ThresholdSeconds | 8          | latencyP99ThresholdSeconds
			prometheusRule.fallbackRatioThreshold   | 1            | fallbackRatioThreshold
			prometheusRule.heapUsageThreshold       | 1            | heapUsageThreshold
			prometheusRule.additionalRuleLabels.severity | page    | severity
			autoscaling.targetCPUUtilizationPercentage | 0         | targetCPUUtilizationPercentage
			preStopSleepSeconds                     | 0            | preStopSleepSeconds
			podDisruptionBudget.minAvailable        | abc          | minAvailable
			podDisruptionBudget.maxUnavailable      | 0            | maxUnavailable
			podDisruptionBudget.maxUnavailable      | 150%         | maxUnavailable
			""")
	void rejectsAndNamesTheField(String key, String value, String named) {
		assertThatThrownBy(() -> HelmChart.render(Map.of(key, value))).hasMessageContaining("values don't meet")
			.hasMessageContaining(named);
	}

	/**
	 * Values each valid on its own but wrong together, which the schema cannot compare:
	 * templates/_validate.tpl refuses them with a message, instead of an object the API
	 * server or the operator refuses, or a PodDisruptionBudget that blocks every drain.
	 */
	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					autoscaling.enabled=true,autoscaling.minReplicas=5,autoscaling.maxReplicas=2 | autoscaling.minReplicas (5) must not exceed autoscaling.maxReplicas (2)
					preStopSleepSeconds=30                                           | terminationGracePeriodSeconds (30) must be more than preStopSleepSeconds (30) plus the app's 22 s of shutdown
					preStopSleepSeconds=8                                            | terminationGracePeriodSeconds (30) must be more than preStopSleepSeconds (8)
					terminationGracePeriodSeconds=20                                 | terminationGracePeriodSeconds (20) must be more than preStopSleepSeconds (5)
					app.upstream.circuitBreaker.minimumNumberOfCalls=50,app.upstream.circuitBreaker.slidingWindowSize=20 | minimumNumberOfCalls (50) must not exceed slidingWindowSize (20)
					podDisruptionBudget.minAvailable=2                               | podDisruptionBudget.minAvailable (2, 2 of 2 pods) must leave a pod that a drain may evict
					autoscaling.enabled=true,autoscaling.minReplicas=3,podDisruptionBudget.minAvailable=3 | podDisruptionBudget.minAvailable (3, 3 of 3 pods)
					replicaCount=1,podDisruptionBudget.minAvailable=50%              | podDisruptionBudget.minAvailable (50%, 1 of 1 pods)
					serviceMonitor.scrapeTimeout=30s                                 | serviceMonitor.scrapeTimeout (30s) must not exceed serviceMonitor.interval (15s)
					serviceMonitor.interval=1m,serviceMonitor.scrapeTimeout=1m500ms  | serviceMonitor.scrapeTimeout (1m500ms) must not exceed serviceMonitor.interval (1m)
					serviceMonitor.interval=1m30s,serviceMonitor.scrapeTimeout=1m    | serviceMonitor.interval (1m30s) must be at most 1m15s while prometheusRule is enabled
					serviceMonitor.enabled=false                                     | prometheusRule.enabled needs serviceMonitor.enabled
					service.metricsPort=8080                                         | service.port and service.metricsPort must differ (both 8080)
					autoscaling.enabled=true,resources.requests.cpu=null             | autoscaling.enabled needs resources.requests.cpu
					""")
	void refusesSettingsThatAreWrongTogether(String settings, String message) {
		assertThatThrownBy(() -> HelmChart.render(set(settings))).hasMessageContaining(message);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			serviceMonitor.interval=1m15s,serviceMonitor.scrapeTimeout=1m    | ServiceMonitor
			prometheusRule.enabled=false,serviceMonitor.interval=5m          | ServiceMonitor
			serviceMonitor.enabled=false,prometheusRule.enabled=false        | Deployment
			autoscaling.enabled=true,autoscaling.targetCPUUtilizationPercentage=150 | HorizontalPodAutoscaler
			replicaCount=3,podDisruptionBudget.minAvailable=2                | PodDisruptionBudget
			replicaCount=3,podDisruptionBudget.minAvailable=50%              | PodDisruptionBudget
			preStopSleepSeconds=1                                            | Deployment
			""")
	void acceptsTheSameSettingsWhenTheyAgree(String settings, String kind) {
		assertThat(HelmChart.render(set(settings)).kinds()).contains(kind);
	}

	/** {@code a=1,b=2}, as {@code helm --set} takes it. */
	private static Map<String, Object> set(String settings) {
		Map<String, Object> set = new LinkedHashMap<>();
		for (String setting : settings.split(",")) {
			String[] keyAndValue = setting.split("=", 2);
			set.put(keyAndValue[0], keyAndValue[1]);
		}
		return set;
	}

}
