package dev.catfacts.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

/**
 * Every number of one benchmark run, grouped by the step that measured it.
 *
 * @param runs how many rounds each measurement took
 * @param load the {@code /cat_facts} interleave
 * @param scrapes the {@code /metrics} interleave
 * @param startUps start-up to readiness, each server in turn
 * @param series series before and after the junk requests
 */
record Results(int runs, CatFactsLoad load, Scrapes scrapes, StartUps startUps, Series series) {

	/**
	 * Failed {@code /cat_facts} requests of the servers whose failures the bench fails
	 * on.
	 */
	long failedRequests() {
		return this.load.failuresByServer().values().stream().mapToLong(Long::longValue).sum();
	}

	/**
	 * The servers under {@code /cat_facts} load, side by side.
	 *
	 * @param app cat-facts as shipped, offline
	 * @param metricsOff the same with metrics and HTTP observations off
	 * @param quantilesOff the same with the fetch summary's in-process quantiles off
	 * @param noAotCache the same without the JDK AOT cache
	 * @param bare a bare Reactor Netty server
	 * @param upstreamDown cat-facts with its upstream refusing connections
	 * @param upstreamSlow cat-facts with its upstream answering after 1.5 s
	 * @param obvious the obvious app, packaged and flagged as cat-facts
	 * @param product the obvious app, {@code java -jar} with the JVM's choices in the
	 * chart's container
	 * @param downWithin50ms the share of upstream-down answers within 50 ms, percent
	 * @param slowWithin50ms the share of slow-upstream answers within 50 ms, percent
	 * @param appRssMb cat-facts' RSS after the load
	 * @param obviousRssMb the obvious app's
	 * @param productRssMb the obvious app's, {@code java -jar}
	 */
	record CatFactsLoad(LoadSummary app, LoadSummary metricsOff, LoadSummary quantilesOff, LoadSummary noAotCache,
			LoadSummary bare, LoadSummary upstreamDown, LoadSummary upstreamSlow, LoadSummary obvious,
			LoadSummary product, double downWithin50ms, double slowWithin50ms, long appRssMb, long obviousRssMb,
			long productRssMb) {

		/**
		 * The failed requests of each server the bench fails on, in the order the report
		 * lists them: one place, so a server added to the load is counted, reported and
		 * failed on alike.
		 */
		Map<String, Long> failuresByServer() {
			Map<String, Long> failures = new LinkedHashMap<>();
			failures.put("offline", this.app.failures());
			failures.put("upstream down", this.upstreamDown.failures());
			failures.put("slow", this.upstreamSlow.failures());
			failures.put("obvious", this.obvious.failures());
			failures.put("obvious java -jar", this.product.failures());
			failures.put("quantiles off", this.quantilesOff.failures());
			failures.put("no AOT cache", this.noAotCache.failures());
			// The denominators of two targets: one that failed fast would flatter them.
			failures.put("metrics off", this.metricsOff.failures());
			failures.put("bare Netty", this.bare.failures());
			return failures;
		}

	}

	/**
	 * The scrapes side by side.
	 *
	 * @param shipped cat-facts as shipped (scrape cache on)
	 * @param uncached the same with the cache off
	 * @param histograms Boot's defaults with percentiles-histogram on, uncached
	 * @param shippedSamples the samples in one scrape of the shipped app
	 * @param histogramSamples the samples in one scrape with percentiles-histogram on
	 */
	record Scrapes(LoadSummary shipped, LoadSummary uncached, LoadSummary histograms, int shippedSamples,
			int histogramSamples) {

	}

	/**
	 * Milliseconds from the JVM's start to readiness UP, one per run.
	 *
	 * @param aotCache as the image runs it, with the JDK AOT cache
	 * @param noAotCache without the cache
	 * @param springAotOff without the cache and without Spring AOT
	 * @param oneContext as springAotOff, management on the API port
	 * @param springdocOff as springAotOff, springdoc off
	 * @param obvious the obvious app, packaged and flagged as cat-facts
	 * @param product the obvious app, {@code java -jar}
	 */
	record StartUps(List<Long> aotCache, List<Long> noAotCache, List<Long> springAotOff, List<Long> oneContext,
			List<Long> springdocOff, List<Long> obvious, List<Long> product) {

	}

	/**
	 * The uncached instance's series around the junk requests.
	 *
	 * @param junkRequests how many were answered
	 * @param before the series before
	 * @param after the series after
	 */
	record Series(long junkRequests, SortedSet<String> before, SortedSet<String> after) {

		SortedSet<String> added() {
			return ScrapeReadings.added(this.before, this.after);
		}

	}

}
