package dev.catfacts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The GETs the tests, the benchmark and the e2e make: a probe's status, or a body that
 * must come with a 200.
 */
public final class HttpGet {

	/** How much of an unexpected answer's body a failure quotes. */
	private static final int QUOTED_BODY = 1000;

	private HttpGet() {
	}

	/** The HTTP status of a GET, or -1 when nothing answers (the server is gone). */
	public static int status(HttpClient http, URI uri) {
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

	/**
	 * The body of a GET that must answer 200 within the timeout; anything else fails with
	 * what came back, so a failed wait says why.
	 */
	public static String body(HttpClient http, URI uri, Duration timeout) {
		try {
			HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).build(),
					HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				String body = response.body();
				throw new AssertionError("GET " + uri + ": HTTP " + response.statusCode() + " "
						+ ((body.length() > QUOTED_BODY) ? body.substring(0, QUOTED_BODY) + "..." : body));
			}
			return response.body();
		}
		catch (IOException ex) {
			throw new AssertionError("GET " + uri + " failed: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted: GET " + uri, ex);
		}
	}

}
