package dev.catfacts;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The tests' Prometheus text-format parser, on the cases real scrapes hold. */
class ScrapeTests {

	private final Scrape scrape = Scrape.parse("""
			# HELP http_server_requests_seconds Duration of HTTP server request handling
			# TYPE http_server_requests_seconds histogram
			http_server_requests_seconds_bucket{method="GET",uri="/cat_facts",le="0.1"} 3.0
			http_server_requests_seconds_count{method="GET",uri="/cat_facts"} 3.0
			# TYPE up gauge
			up 1.0
			odd{path="a,b=\\"c\\"}",line="x\\ny"} 2.0
			""");

	@Test
	void readsTypesHelpAndValues() {
		assertThat(this.scrape.types()).containsEntry("http_server_requests_seconds", "histogram")
			.containsEntry("up", "gauge");
		assertThat(this.scrape.help()).containsEntry("http_server_requests_seconds",
				"Duration of HTTP server request handling");
		assertThat(this.scrape.value("http_server_requests_seconds_bucket", "le=\"0.1\"")).isEqualTo(3);
		assertThat(this.scrape.value("up")).isEqualTo(1);
	}

	@Test
	void readsLabelsWhoseValuesHoldTheFormatsOwnCharacters() {
		assertThat(Scrape.labelsOf("odd{path=\"a,b=\\\"c\\\"}\",line=\"x\\ny\"}"))
			.containsExactly(Map.entry("path", "a,b=\"c\"}"), Map.entry("line", "x\ny"));
		assertThat(this.scrape.labelNamesByMetric()).containsEntry("odd", Set.of("path", "line"))
			.containsEntry("up", Set.of())
			.containsEntry("http_server_requests_seconds_bucket", Set.of("method", "uri", "le"));
	}

}
