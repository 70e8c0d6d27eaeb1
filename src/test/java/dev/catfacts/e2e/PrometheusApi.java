package dev.catfacts.e2e;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.catfacts.HttpGet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The parts of Prometheus's HTTP API (and Alertmanager's) the e2e reads, as records.
 * Prometheus answers {@code {"status": "success", "data": ...}}; anything else is an
 * error with Prometheus's own words in it.
 *
 * @param base where Prometheus answers, e.g. {@code http://127.0.0.1:9090}
 * @param timeout how long one request may take
 */
record PrometheusApi(URI base, Duration timeout) {

	PrometheusApi(URI base) {
		this(base, Duration.ofSeconds(10));
	}

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** One series of an instant vector: its labels and value. */
	record Sample(Map<String, String> labels, double value) {

	}

	/** One active target of {@code /api/v1/targets}. */
	record Target(String scrapePool, String scrapeUrl, String health, String lastError, Map<String, String> labels) {

	}

	/**
	 * Runs an instant query. A scalar or string result is one sample without labels.
	 */
	List<Sample> query(String promql) {
		return query(promql, "");
	}

	/**
	 * Runs an instant query with extra parameters, e.g. Thanos Query's
	 * {@code &dedup=false}.
	 */
	List<Sample> query(String promql, String parameters) {
		JsonNode data = data(
				get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8) + parameters));
		List<Sample> samples = new ArrayList<>();
		JsonNode result = data.get("result");
		if ("vector".equals(data.get("resultType").asString())) {
			for (JsonNode series : result) {
				samples.add(new Sample(strings(series.get("metric")), number(series.get("value").get(1))));
			}
		}
		else if ("scalar".equals(data.get("resultType").asString())) {
			samples.add(new Sample(Map.of(), number(result.get(1))));
		}
		else if ("matrix".equals(data.get("resultType").asString())) {
			for (JsonNode series : result) {
				JsonNode values = series.get("values");
				samples.add(new Sample(strings(series.get("metric")), number(values.get(values.size() - 1).get(1))));
			}
		}
		return samples;
	}

	/** The single value of a query that must give one series. */
	double value(String promql) {
		List<Sample> samples = query(promql);
		if (samples.size() != 1) {
			throw new AssertionError("expected one series from " + promql + ", got " + samples);
		}
		return samples.getFirst().value();
	}

	/**
	 * The timestamps (seconds) of a range query's one series, one per step where it has a
	 * value: a gap is a missing step.
	 */
	List<Long> rangeTimestamps(String promql, long start, long end, int stepSeconds) {
		JsonNode result = data(get("/api/v1/query_range?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
				+ "&start=" + start + "&end=" + end + "&step=" + stepSeconds))
			.get("result");
		if (result.size() != 1) {
			throw new AssertionError("expected one series from " + promql + ", got " + result);
		}
		List<Long> timestamps = new ArrayList<>();
		result.get(0).get("values").forEach((point) -> timestamps.add(point.get(0).asLong()));
		return timestamps;
	}

	List<Target> activeTargets() {
		List<Target> targets = new ArrayList<>();
		for (JsonNode target : data(get("/api/v1/targets?state=active")).get("activeTargets")) {
			targets.add(new Target(target.get("scrapePool").asString(), target.get("scrapeUrl").asString(),
					target.get("health").asString(), target.path("lastError").asString(""),
					strings(target.get("labels"))));
		}
		return targets;
	}

	/** The scrape pools of the configuration Prometheus has loaded. */
	List<String> scrapePools() {
		List<String> pools = new ArrayList<>();
		data(get("/api/v1/scrape_pools")).get("scrapePools").forEach((pool) -> pools.add(pool.asString()));
		return pools;
	}

	/** The names of the alerts that are firing (not pending). */
	List<String> firingAlerts() {
		List<String> names = new ArrayList<>();
		for (JsonNode alert : data(get("/api/v1/alerts")).get("alerts")) {
			if ("firing".equals(alert.get("state").asString())) {
				names.add(alert.get("labels").get("alertname").asString());
			}
		}
		return names;
	}

	/** The raw answer of a path, for failure reports. */
	String raw(String path) {
		return get(path);
	}

	private String get(String path) {
		return HttpGet.body(HTTP, this.base.resolve(path), this.timeout);
	}

	private static JsonNode data(String body) {
		JsonNode answer = JSON.readTree(body);
		if (!"success".equals(answer.path("status").asString(""))) {
			throw new AssertionError("Prometheus answered: " + body);
		}
		return answer.get("data");
	}

	private static Map<String, String> strings(JsonNode object) {
		Map<String, String> map = new LinkedHashMap<>();
		object.properties().forEach((entry) -> map.put(entry.getKey(), entry.getValue().asString()));
		return map;
	}

	private static double number(JsonNode value) {
		return Double.parseDouble(value.asString());
	}

}
