package dev.catfacts.web;

import java.net.URI;

import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponse;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The route's client errors as RFC 9457 problem details, the shape Spring's
 * {@code ProblemDetailsExceptionHandler} gives every other error of this service. That
 * handler would render a handler function's errors too (DispatcherHandler hands them to
 * every {@code @ControllerAdvice}), but it chooses its content type from the Accept
 * header, and writes no problem details when that header does not parse: these are always
 * {@code application/problem+json}, whatever the client asked for.
 */
final class Problems {

	private Problems() {
	}

	static Mono<ServerResponse> of(ErrorResponse error, ServerRequest request) {
		ProblemDetail body = error.getBody();
		if (body.getInstance() == null) {
			body.setInstance(URI.create(request.path()));
		}
		return ServerResponse.status(error.getStatusCode())
			.headers((headers) -> headers.putAll(error.getHeaders()))
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyValue(body);
	}

}
