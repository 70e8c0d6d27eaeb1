package dev.catfacts.chart;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.catfacts.facts.FactsProperties;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.DefaultValue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The app's settings are bounded once, by the Bean Validation constraints on
 * {@link FactsProperties}; the chart repeats the bounds (values.schema.json for numbers,
 * templates/_validate.tpl for durations) so that a bad value fails `helm install` rather
 * than the pod's start. These tests read the constraints and hold the chart to them.
 */
class ChartBoundsTests {

	/**
	 * A bounded setting: its key under the chart's {@code app.upstream} and its limits.
	 */
	record Bound(String key, RecordComponent component) {

		@Override
		public String toString() {
			return "app.upstream." + this.key;
		}

		/**
		 * An annotation on the setting, read from the record's canonical constructor:
		 * Bean Validation's constraints and Boot's {@code @DefaultValue} do not target
		 * record components, so Java puts them on the constructor's parameter (and the
		 * constraints on the field and accessor too).
		 */
		<A extends Annotation> @Nullable A annotation(Class<A> type) {
			Class<?> record = this.component.getDeclaringRecord();
			RecordComponent[] components = record.getRecordComponents();
			try {
				Parameter[] parameters = record
					.getDeclaredConstructor(Stream.of(components).map(RecordComponent::getType).toArray(Class[]::new))
					.getParameters();
				// getRecordComponents() makes new objects each time: match by name.
				for (int i = 0; i < components.length; i++) {
					if (components[i].getName().equals(this.component.getName())) {
						return parameters[i].getAnnotation(type);
					}
				}
				throw new IllegalStateException("no component " + this.component.getName() + " in " + record);
			}
			catch (NoSuchMethodException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	static Stream<Bound> numericBounds() {
		return bounds(Min.class);
	}

	static Stream<Bound> durationBounds() {
		return bounds(DurationMin.class);
	}

	private static Stream<Bound> bounds(Class<? extends Annotation> constraint) {
		return settings().filter((bound) -> bound.annotation(constraint) != null);
	}

	/** Every setting under the chart's {@code app.upstream}. */
	private static Stream<Bound> settings() {
		List<Bound> settings = new ArrayList<>();
		for (RecordComponent component : FactsProperties.Upstream.class.getRecordComponents()) {
			settings.add(new Bound(component.getName(), component));
		}
		for (RecordComponent component : FactsProperties.CircuitBreaker.class.getRecordComponents()) {
			settings.add(new Bound("circuitBreaker." + component.getName(), component));
		}
		return settings.stream();
	}

	@Test
	void everyBoundedSettingIsFound() {
		assertThat(numericBounds().map(Bound::toString)).contains("app.upstream.retries",
				"app.upstream.maxConcurrentCalls", "app.upstream.circuitBreaker.slidingWindowSize");
		assertThat(durationBounds().map(Bound::toString)).containsExactlyInAnyOrder("app.upstream.timeout",
				"app.upstream.circuitBreaker.slowCallDurationThreshold",
				"app.upstream.circuitBreaker.waitDurationInOpenState", "app.upstream.circuitBreaker.maxRetryAfter");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("numericBounds")
	void theSchemaHasTheAppsNumericBounds(Bound bound) throws IOException {
		Min min = bound.annotation(Min.class);
		Map<String, Object> schema = new Yaml()
			.load(Files.readString(HelmChart.DIRECTORY.resolve("values.schema.json")));
		Map<String, Object> node = HelmChart.at(schema, "properties", "app", "properties", "upstream");
		for (String part : bound.key().split("\\.")) {
			node = HelmChart.at(node, "properties", part);
		}
		assertThat(((Number) node.get("minimum")).longValue()).as("%s minimum", bound).isEqualTo(min.value());
		assertThat(((Number) node.get("maximum")).longValue()).as("%s maximum", bound)
			.isEqualTo(bound.annotation(Max.class).value());
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("durationBounds")
	void theChartTakesTheAppsDurationsAndNoOthers(Bound bound) {
		DurationMin min = bound.annotation(DurationMin.class);
		long least = duration(min.days(), min.hours(), min.minutes(), min.seconds(), min.millis()).toMillis();
		DurationMax max = bound.annotation(DurationMax.class);
		long most = duration(max.days(), max.hours(), max.minutes(), max.seconds(), max.millis()).toMillis();
		assertThatNoException().as("%s at the app's minimum", bound).isThrownBy(() -> render(bound, least));
		assertThatNoException().as("%s at the app's maximum", bound).isThrownBy(() -> render(bound, most));
		assertThatThrownBy(() -> render(bound, least - 1)).hasMessageContaining(bound + " (" + (least - 1) + "ms)");
		assertThatThrownBy(() -> render(bound, most + 1)).hasMessageContaining(bound + " (" + (most + 1) + "ms)");
	}

	/**
	 * The chart compares minimumNumberOfCalls with slidingWindowSize even when only one
	 * is set, taking the app's default for the other.
	 */
	@Test
	void theChartComparesTheBreakersCountsWithTheAppsDefaults() {
		int minimumCalls = defaultOf("minimumNumberOfCalls");
		int window = defaultOf("slidingWindowSize");
		String minimumKey = "app.upstream.circuitBreaker.minimumNumberOfCalls";
		String windowKey = "app.upstream.circuitBreaker.slidingWindowSize";
		assertThatNoException().isThrownBy(() -> HelmChart.render(Map.of(minimumKey, String.valueOf(window))));
		assertThatThrownBy(() -> HelmChart.render(Map.of(minimumKey, String.valueOf(window + 1)))).hasMessageContaining(
				"minimumNumberOfCalls (" + (window + 1) + ") must not exceed slidingWindowSize (" + window + ")");
		assertThatNoException().isThrownBy(() -> HelmChart.render(Map.of(windowKey, String.valueOf(minimumCalls))));
		assertThatThrownBy(() -> HelmChart.render(Map.of(windowKey, String.valueOf(minimumCalls - 1))))
			.hasMessageContaining("minimumNumberOfCalls (" + minimumCalls + ") must not exceed slidingWindowSize ("
					+ (minimumCalls - 1) + ")");
	}

	/** The {@code @DefaultValue} of a circuit breaker setting. */
	private static int defaultOf(String name) {
		DefaultValue value = settings().filter((bound) -> bound.key().equals("circuitBreaker." + name))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("no circuit breaker setting " + name))
			.annotation(DefaultValue.class);
		assertThat(value).as("the @DefaultValue of circuitBreaker.%s", name).isNotNull();
		return Integer.parseInt(value.value()[0]);
	}

	private static void render(Bound bound, long millis) {
		HelmChart.render(Map.of(bound.toString(), millis + "ms"));
	}

	private static Duration duration(long days, long hours, long minutes, long seconds, long millis) {
		return Duration.ofDays(days).plusHours(hours).plusMinutes(minutes).plusSeconds(seconds).plusMillis(millis);
	}

}
