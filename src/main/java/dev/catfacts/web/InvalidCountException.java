package dev.catfacts.web;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A bad {@code count} query parameter. {@link CatFactsHandler} answers it as an RFC 9457
 * problem detail ({@link Problems}), like every other client error of this API.
 */
class InvalidCountException extends ErrorResponseException {

	static final URI TYPE = URI.create("urn:cat-facts:problem:invalid-count");

	InvalidCountException(String detail) {
		super(HttpStatus.BAD_REQUEST, problem(detail), null);
	}

	private static ProblemDetail problem(String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
		problem.setType(TYPE);
		problem.setTitle("Invalid count");
		problem.setProperty("parameter", "count");
		return problem;
	}

}
