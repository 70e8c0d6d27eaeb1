package dev.catfacts.bench;

import java.util.List;

/**
 * The rounds of one server under wrk, summed up as a row shows them.
 *
 * @param requestsPerSecond the median of the rounds' requests/s
 * @param p50Millis the median of the rounds' 50th percentiles
 * @param p99Millis the median of the rounds' 99th percentiles
 * @param failures the failed requests of all rounds together: one is one too many
 * @param cpuMicrosPerRequest the median of the rounds' server CPU time per request
 * @param rounds the rounds themselves, in the order they ran, to pair with the rounds of
 * the servers that took turns with this one
 */
record LoadSummary(double requestsPerSecond, double p50Millis, double p99Millis, long failures,
		double cpuMicrosPerRequest, List<Round> rounds) {

	static LoadSummary of(List<Round> rounds) {
		List<WrkResult> wrk = rounds.stream().map(Round::wrk).toList();
		return new LoadSummary(Stats.median(wrk.stream().map(WrkResult::requestsPerSecond).toList()),
				Stats.median(wrk.stream().map(WrkResult::p50Millis).toList()),
				Stats.median(wrk.stream().map(WrkResult::p99Millis).toList()),
				wrk.stream().mapToLong(WrkResult::failures).sum(),
				Stats.median(rounds.stream().map(Round::cpuMicrosPerRequest).toList()), List.copyOf(rounds));
	}

	/** CPU time per request in microseconds, one decimal, e.g. {@code 27.4}. */
	String cpu() {
		return Stats.format("%.1f", this.cpuMicrosPerRequest);
	}

	/** Requests/s without decimals, e.g. {@code 30202}. */
	String rate() {
		return Stats.format("%.0f", this.requestsPerSecond);
	}

	/** The two percentiles, e.g. {@code 0.81 / 5.73}. */
	String latencies() {
		return Stats.format("%.2f / %.2f", this.p50Millis, this.p99Millis);
	}

	/** The rate with its percentiles, e.g. {@code 30202 (0.81 / 5.73)}. */
	String rateAndLatencies() {
		return rate() + " (" + latencies() + ")";
	}

}
