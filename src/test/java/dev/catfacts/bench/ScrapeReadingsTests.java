package dev.catfacts.bench;

import java.util.Set;

import dev.catfacts.Scrape;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** What the benchmark reads from a scrape. */
class ScrapeReadingsTests {

	private static final Scrape SCRAPE = Scrape
		.parse("""
				# TYPE http_server_requests_seconds histogram
				http_server_requests_seconds_bucket{method="GET",outcome="SUCCESS",status="200",uri="/cat_facts",le="0.05"} 995.0
				http_server_requests_seconds_bucket{method="GET",outcome="SUCCESS",status="200",uri="/cat_facts",le="+Inf"} 1000.0
				http_server_requests_seconds_count{method="GET",outcome="SUCCESS",status="200",uri="/cat_facts"} 1000.0
				http_server_requests_seconds_bucket{method="GET",outcome="CLIENT_ERROR",status="400",uri="/cat_facts",le="0.05"} 4.0
				http_server_requests_seconds_count{method="GET",outcome="CLIENT_ERROR",status="400",uri="/cat_facts"} 5.0
				http_server_requests_seconds_bucket{method="GET",outcome="CLIENT_ERROR",status="404",uri="UNKNOWN",le="0.05"} 0.0
				http_server_requests_seconds_count{method="GET",outcome="CLIENT_ERROR",status="404",uri="UNKNOWN"} 7.0
				# TYPE cat_facts_fetch_duration_seconds summary
				cat_facts_fetch_duration_seconds{source="catalogue",quantile="0.5"} 0.0
				cat_facts_fetch_duration_seconds{source="catalogue",quantile="0.99"} 0.0
				cat_facts_fetch_duration_seconds_count{source="catalogue"} 3.0
				jvm_gc_pause_seconds_count{action="end of minor GC",cause="Allocation Failure",gc="Copy"} 2.0
				""");

	@Test
	void theShareWithin50msCountsOnlyCatFactsAnswersOfEveryStatus() {
		assertThat(ScrapeReadings.percentWithin50ms(SCRAPE)).isCloseTo(100 * 999.0 / 1005, within(1e-9));
	}

	@Test
	void seriesNamesLeaveTheGcMetersOut() {
		assertThat(ScrapeReadings.seriesNames(SCRAPE)).hasSize(10).noneMatch((series) -> series.startsWith("jvm_gc_"));
	}

	@Test
	void addedSeriesAreThoseOnlyAfter() {
		assertThat(ScrapeReadings.added(Set.of("a", "b"), Set.of("b", "c", "d"))).containsExactly("c", "d");
	}

	@Test
	void theFetchQuantilesAreTheSummarysQuantileSeries() {
		assertThat(ScrapeReadings.fetchQuantiles(SCRAPE)).containsExactly(
				"cat_facts_fetch_duration_seconds{source=\"catalogue\",quantile=\"0.5\"}",
				"cat_facts_fetch_duration_seconds{source=\"catalogue\",quantile=\"0.99\"}");
		assertThat(ScrapeReadings.fetchQuantiles(Scrape.parse("cat_facts_fetch_duration_seconds_count 3.0\n")))
			.isEmpty();
	}

}
