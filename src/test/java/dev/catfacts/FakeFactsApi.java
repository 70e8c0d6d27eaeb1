package dev.catfacts;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for the public facts API, the one thing the tests cannot reach. A real
 * HTTP server on loopback, so the application's real WebClient, timeouts and codecs are
 * exercised.
 */
public final class FakeFactsApi implements AutoCloseable {

	private final HttpServer server;

	private final Queue<Answer> queued = new ConcurrentLinkedQueue<>();

	private final AtomicInteger requests = new AtomicInteger();

	private volatile Answer standing = Answer.fact("Cats have a fake upstream in tests.");

	private volatile CountDownLatch hanging = new CountDownLatch(0);

	/**
	 * Bumped by {@link #reset()}: a request held by {@link #hang()} when its test ended
	 * wakes up in the next test, and must not take an answer that test queued.
	 */
	private final AtomicInteger generation = new AtomicInteger();

	private static FakeFactsApi shared;

	/** The instance the application tests share; stopped when the test JVM exits. */
	public static synchronized FakeFactsApi shared() {
		if (shared == null) {
			shared = new FakeFactsApi();
			Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
		}
		return shared;
	}

	public FakeFactsApi() {
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start the fake facts API on loopback", ex);
		}
		this.server.createContext("/fact", this::handle);
		this.server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		this.server.start();
	}

	public URI url() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/fact");
	}

	/** Answers every request that has no queued answer. */
	public FakeFactsApi always(Answer answer) {
		this.standing = answer;
		return this;
	}

	/** Answers the next requests, one each, before falling back to {@link #always}. */
	public FakeFactsApi then(Answer... answers) {
		this.queued.addAll(java.util.List.of(answers));
		return this;
	}

	/** Holds every request open until {@link #release()} (or {@link #reset()}). */
	public FakeFactsApi hang() {
		this.hanging = new CountDownLatch(1);
		return this;
	}

	public void release() {
		this.hanging.countDown();
	}

	public int requests() {
		return this.requests.get();
	}

	public void reset() {
		this.generation.incrementAndGet();
		release();
		this.queued.clear();
		this.requests.set(0);
		this.standing = Answer.fact("Cats have a fake upstream in tests.");
	}

	@Override
	public void close() {
		release();
		this.server.stop(0);
	}

	/** A loopback URL where nothing listens, for connection-refused tests. */
	public static URI refusingUrl() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/fact");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void handle(HttpExchange exchange) throws IOException {
		this.requests.incrementAndGet();
		int generation = this.generation.get();
		try (exchange) {
			if (!this.hanging.await(1, TimeUnit.MINUTES) || generation != this.generation.get()) {
				// Closed unanswered: its test is over, and the next one's answers are not
				// its.
				return;
			}
			Answer answer = this.queued.poll();
			answer = (answer != null) ? answer : this.standing;
			if (answer.delay().isPositive()) {
				Thread.sleep(answer.delay());
			}
			byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", answer.contentType());
			answer.headers().forEach(exchange.getResponseHeaders()::set);
			if (answer.cutShort()) {
				// Promises more than the body, sends half of it: closing the stream short
				// of its length makes the server drop the connection.
				exchange.sendResponseHeaders(answer.status(), 2L * body.length + 1);
				exchange.getResponseBody().write(body, 0, body.length / 2);
				exchange.getResponseBody().flush();
				return;
			}
			exchange.sendResponseHeaders(answer.status(), (body.length > 0) ? body.length : -1);
			if (body.length > 0) {
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * One canned answer.
	 *
	 * @param status the HTTP status
	 * @param contentType the Content-Type header
	 * @param body the body
	 * @param headers further response headers
	 * @param delay how long the fake thinks before it answers
	 * @param cutShort whether the connection breaks halfway through the body
	 */
	public record Answer(int status, String contentType, String body, Map<String, String> headers, Duration delay,
			boolean cutShort) {

		public Answer(int status, String contentType, String body) {
			this(status, contentType, body, Map.of(), Duration.ZERO, false);
		}

		public static Answer fact(String fact) {
			return json(200, "{\"fact\":\"" + fact + "\",\"length\":" + fact.length() + "}");
		}

		public static Answer json(int status, String body) {
			return new Answer(status, "application/json", body);
		}

		public Answer withHeader(String name, String value) {
			Map<String, String> headers = new LinkedHashMap<>(this.headers);
			headers.put(name, value);
			return new Answer(this.status, this.contentType, this.body, Map.copyOf(headers), this.delay, this.cutShort);
		}

		public Answer after(Duration delay) {
			return new Answer(this.status, this.contentType, this.body, this.headers, delay, this.cutShort);
		}

		/** The same answer, but the connection breaks halfway through its body. */
		public Answer brokenOff() {
			return new Answer(this.status, this.contentType, this.body, this.headers, this.delay, true);
		}

	}

}
