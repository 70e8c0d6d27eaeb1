package dev.catfacts.facts;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.bulkhead.operator.BulkheadOperator;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.core.codec.CodecException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.UnsupportedMediaTypeException;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;

/**
 * Fetches one fact from the upstream facts API.
 *
 * <p>
 * The {@link WebClient} is built from Spring's {@link WebClient.Builder}, which is what
 * makes every call show up as {@code http_client_requests_seconds}. The whole call, retry
 * included, has one hard deadline, so a slow upstream costs at most
 * {@code cat-facts.upstream.timeout} per fact.
 *
 * <p>
 * Around that deadline stand a concurrency limit and a circuit breaker
 * ({@link UpstreamResilienceConfiguration}): while the upstream fails, or while as many
 * calls as allowed are already waiting for it, a fact is refused at once and served from
 * the catalogue, so a dead upstream costs no request any time at all.
 */
@Component
class UpstreamFactsClient {

	private static final Duration RETRY_BACKOFF = Duration.ofMillis(50);

	/** Longer than any fact we would want to serve; a longer one is garbage. */
	static final int MAX_FACT_LENGTH = 1_000;

	/**
	 * Line breaks and other control characters: a fact is one line of text, and the
	 * {@code text/plain} answer puts one fact on each line.
	 */
	private static final Pattern CONTROL_CHARACTERS = Pattern.compile("[\\p{Cc}\\p{Zl}\\p{Zp}]+");

	private final WebClient webClient;

	private final FactsProperties.Upstream upstream;

	private final FactsMetrics metrics;

	private final CircuitBreaker circuitBreaker;

	private final Bulkhead bulkhead;

	UpstreamFactsClient(WebClient.Builder builder, FactsProperties properties, FactsMetrics metrics,
			CircuitBreaker circuitBreaker, Bulkhead bulkhead) {
		this.upstream = properties.upstream();
		this.webClient = builder.build();
		this.metrics = metrics;
		this.circuitBreaker = circuitBreaker;
		this.bulkhead = bulkhead;
	}

	/**
	 * Emits the text of one fact, or fails with an error that {@link #classify} maps to a
	 * {@link FallbackReason}.
	 */
	Mono<String> fetch() {
		Mono<String> attempt = this.metrics.trackInFlight(this.webClient.get()
			.uri(this.upstream.url())
			.accept(MediaType.APPLICATION_JSON)
			.retrieve()
			// WebClient's default fails only on 4xx and 5xx: a redirect's body (an HTML
			// page, or nothing) would otherwise be read as the fact.
			.onStatus((status) -> !status.is2xxSuccessful(), ClientResponse::createException)
			.bodyToMono(UpstreamFact.class)
			.map(UpstreamFactsClient::validFact)
			.switchIfEmpty(Mono.error(() -> new MalformedFactException("the upstream sent an empty body"))));
		return attempt
			.retryWhen(Retry.backoff(this.upstream.retries(), RETRY_BACKOFF)
				.filter(UpstreamFactsClient::isRetryable)
				.onRetryExhaustedThrow((spec, signal) -> signal.failure()))
			.timeout(this.upstream.timeout())
			// The breaker sees the whole call, retry and deadline included: a call that
			// times out is one failure, and its duration is what a request waited.
			.transformDeferred(CircuitBreakerOperator.of(this.circuitBreaker))
			.doOnError(WebClientResponseException.class, this::backOff)
			// Outermost: a call refused for want of a slot never reaches the breaker,
			// which would count a busy pod as a failing upstream.
			.transformDeferred(BulkheadOperator.of(this.bulkhead));
	}

	/**
	 * A 429 or 503 with {@code Retry-After}: stop calling for as long as the upstream
	 * asks (at most {@code max-retry-after}), on top of counting the call as failed.
	 */
	private void backOff(WebClientResponseException response) {
		if (!asksToWait(response)) {
			return;
		}
		RetryAfter.parse(response.getHeaders(), Instant.now())
			.map((wait) -> min(wait, this.upstream.circuitBreaker().maxRetryAfter()))
			.ifPresent(this.circuitBreaker::transitionToOpenStateFor);
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	/** The two statuses RFC 9110 gives {@code Retry-After} a meaning with. */
	private static boolean asksToWait(WebClientResponseException response) {
		int status = response.getStatusCode().value();
		return (status == 429 || status == 503) && response.getHeaders().containsHeader(HttpHeaders.RETRY_AFTER);
	}

	private static String validFact(UpstreamFact body) {
		String fact = (body.fact() != null) ? CONTROL_CHARACTERS.matcher(body.fact()).replaceAll(" ").strip() : "";
		if (fact.isEmpty()) {
			throw new MalformedFactException("the upstream answer has no 'fact' text");
		}
		if (fact.length() > MAX_FACT_LENGTH) {
			throw new MalformedFactException("the upstream fact is " + fact.length() + " characters long");
		}
		return fact;
	}

	/**
	 * A broken connection and a 5xx may be transient; a 4xx or a bad body will not
	 * change, and an upstream that said when to come back is not asked again before.
	 */
	private static boolean isRetryable(Throwable ex) {
		return isConnectionFailure(ex) || (ex instanceof WebClientResponseException response
				&& response.getStatusCode().is5xxServerError() && !asksToWait(response));
	}

	/**
	 * No connection (refused, DNS, TLS), or one that broke before the whole answer
	 * arrived: WebClient reports the second as a response exception with the status it
	 * had already read and the I/O error as its cause.
	 */
	private static boolean isConnectionFailure(Throwable ex) {
		return ex instanceof WebClientRequestException
				|| (ex instanceof WebClientResponseException response && response.getCause() instanceof IOException);
	}

	static FallbackReason classify(Throwable ex) {
		return switch (ex) {
			case CallNotPermittedException open -> FallbackReason.CIRCUIT_OPEN;
			case BulkheadFullException full -> FallbackReason.BUSY;
			case TimeoutException timeout -> FallbackReason.TIMEOUT;
			case WebClientResponseException.TooManyRequests tooMany -> FallbackReason.RATE_LIMITED;
			case WebClientResponseException response when !response.getStatusCode().is2xxSuccessful() ->
				FallbackReason.HTTP_ERROR;
			case Throwable broken when isConnectionFailure(broken) -> FallbackReason.CONNECT_ERROR;
			case Throwable other when isBodyProblem(other) -> FallbackReason.MALFORMED;
			default -> FallbackReason.UNEXPECTED;
		};
	}

	/**
	 * A 2xx answer whose body could not be turned into a fact. A codec's failure (invalid
	 * JSON) arrives as it is; WebClient wraps the others (a wrong content type, a body
	 * over the size limit) in a response exception that carries the 2xx status, so the
	 * cause chain is what tells. Any other error while reading the body is not the
	 * upstream's format, and stays {@link FallbackReason#UNEXPECTED}, which is logged.
	 */
	private static boolean isBodyProblem(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof MalformedFactException || cause instanceof CodecException
					|| cause instanceof UnsupportedMediaTypeException || cause instanceof DataBufferLimitException) {
				return true;
			}
		}
		return false;
	}

	/** The part of the upstream's JSON answer that we use; other fields are ignored. */
	record UpstreamFact(String fact) {
	}

	static final class MalformedFactException extends RuntimeException {

		MalformedFactException(String message) {
			super(message);
		}

	}

}
