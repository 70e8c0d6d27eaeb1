package dev.catfacts.bench;

import java.time.Duration;

/**
 * One wrk run against a server, with the CPU time the server spent during it.
 *
 * @param wrk what wrk printed
 * @param serverCpu the server process's user and system time over the run, as the kernel
 * counts it (in 10 ms ticks: a few hundred in a round)
 */
record Round(WrkResult wrk, Duration serverCpu) {

	/**
	 * The server's CPU time per answered request, in microseconds. wrk shares the two
	 * cores with the servers, so requests/s also moves with how the scheduler splits
	 * them; the CPU a request costs the server does not.
	 */
	double cpuMicrosPerRequest() {
		return (this.wrk.requests() == 0) ? Double.NaN : this.serverCpu.toNanos() / 1_000.0 / this.wrk.requests();
	}

}
