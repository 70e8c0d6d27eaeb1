package dev.catfacts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A probe's view of an endpoint, for the shutdown tests and the benchmark's readiness
 * polls.
 */
public final class HttpStatus {

	private HttpStatus() {
	}

	/** The HTTP status of a GET, or -1 when nothing answers (the server is gone). */
	public static int of(HttpClient http, URI uri) {
		try {
			return http
				.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
						HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

}
