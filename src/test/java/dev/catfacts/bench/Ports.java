package dev.catfacts.bench;

import java.net.URI;

import dev.catfacts.PackagedApp;

/**
 * The loopback ports of one server: every server has its own, so the servers compared in
 * a row run side by side.
 *
 * @param api the port of the API
 * @param management the port of the management endpoints (probes, {@code /metrics}); the
 * API's when they share it
 */
record Ports(int api, int management) {

	/** Two free ports: the API and a management server of its own, as shipped. */
	static Ports free() {
		return new Ports(PackagedApp.freePort(), PackagedApp.freePort());
	}

	/** One free port for both (a server without a management port of its own). */
	static Ports shared() {
		int port = PackagedApp.freePort();
		return new Ports(port, port);
	}

	URI api(String path) {
		return URI.create("http://127.0.0.1:" + this.api + path);
	}

	URI management(String path) {
		return URI.create("http://127.0.0.1:" + this.management + path);
	}

}
