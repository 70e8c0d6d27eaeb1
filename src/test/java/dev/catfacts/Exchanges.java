package dev.catfacts;

import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient.RequestHeadersSpec;

import static org.assertj.core.api.Assertions.assertThat;

/** The WebTestClient call chains that tests repeat, each written once. */
public final class Exchanges {

	private Exchanges() {
	}

	/**
	 * Sends the request and expects the status, and nothing about the body. The body is
	 * read all the same: WebTestClient releases a body only when an expectation reads it,
	 * and an unread one leaks its Netty buffers.
	 */
	public static void expectStatus(RequestHeadersSpec<?> request, int status) {
		request.exchange().expectStatus().isEqualTo(status).expectBody();
	}

	/** A client for the management port, where the probes and {@code /metrics} are. */
	public static WebTestClient managementClient(int managementPort) {
		return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort).build();
	}

	/** The {@code /metrics} scrape, read as Prometheus reads it: 200, text format. */
	public static Scrape scrape(int managementPort) {
		String text = managementClient(managementPort).get()
			.uri("/metrics")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.value("Content-Type", (type) -> assertThat(type).startsWith("text/plain"))
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		return Scrape.parse(text);
	}

}
