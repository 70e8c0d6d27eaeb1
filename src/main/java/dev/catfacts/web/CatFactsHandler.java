package dev.catfacts.web;

import java.util.List;
import java.util.stream.Collectors;

import dev.catfacts.facts.CatFact;
import dev.catfacts.facts.CatFactsService;
import dev.catfacts.facts.FactSource;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import reactor.core.publisher.Mono;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.NotAcceptableStatusException;

/**
 * {@code GET /cat_facts}: plain text by default, as in the original example, and JSON for
 * clients that ask for it. {@link CatFactsRoutes} maps the path here; the annotations are
 * what springdoc documents.
 */
@Component
class CatFactsHandler {

	/** Every answer is a new random fact: a cache that kept one would serve it again. */
	private static final CacheControl NO_STORE = CacheControl.noStore();

	private final CatFactsService facts;

	CatFactsHandler(CatFactsService facts) {
		this.facts = facts;
	}

	@Operation(summary = "Random cat facts",
			description = "One random cat fact as plain text, or as JSON when the Accept header asks for it. "
					+ "With `count`, that many facts: one per line, or a JSON array. "
					+ "`source` says whether a fact came from the upstream facts API or the bundled catalogue.")
	@ApiResponse(responseCode = "200", description = "The facts",
			content = { @Content(mediaType = MediaType.TEXT_PLAIN_VALUE, schema = @Schema(type = "string")),
					@Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
							schema = @Schema(oneOf = { FactResponse.class, FactResponse[].class })) })
	@ApiResponse(responseCode = "400", description = "Bad count",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "406", description = "The Accept header allows neither text/plain nor JSON",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(implementation = ProblemDetail.class)))
	@Parameter(name = "count", in = ParameterIn.QUERY,
			description = "How many facts to return, " + Count.MIN + " to " + Count.MAX
					+ "; when given, JSON answers are an array",
			schema = @Schema(type = "integer", minimum = "" + Count.MIN, maximum = "" + Count.MAX))
	Mono<ServerResponse> catFacts(ServerRequest request) {
		Count count;
		MediaType type;
		try {
			// The raw values: "?count=" must be an error, not "no count".
			count = Count.parse(request.queryParams().get("count"));
			type = Negotiation.choose(accept(request));
		}
		catch (ErrorResponseException ex) {
			// Written here, not returned as an error for Boot's problem details handler:
			// that handler negotiates its answer with the Accept header, so for a header
			// that does not parse it would send a 406 without problem details.
			return Problems.of(ex, request);
		}
		return this.facts.randomFacts(count.value())
			.collectList()
			.flatMap((facts) -> ServerResponse.ok()
				.contentType(type)
				.varyBy(HttpHeaders.ACCEPT)
				.cacheControl(NO_STORE)
				.bodyValue(body(facts, type, count)));
	}

	private static Object body(List<CatFact> facts, MediaType type, Count count) {
		if (Negotiation.TEXT.equals(type)) {
			return facts.stream().map(CatFact::fact).collect(Collectors.joining("\n", "", "\n"));
		}
		return count.given() ? facts.stream().map(FactResponse::of).toList() : FactResponse.of(facts.getFirst());
	}

	/**
	 * The Accept header's types; one that does not parse is a 406, as it is for an
	 * annotated mapping's {@code produces} condition.
	 */
	private static List<MediaType> accept(ServerRequest request) {
		try {
			return request.headers().accept();
		}
		catch (InvalidMediaTypeException ex) {
			throw new NotAcceptableStatusException("Could not parse the Accept header: " + ex.getMessage());
		}
	}

	/**
	 * The JSON shape of one fact.
	 *
	 * @param fact the fact
	 * @param source where it came from, written as {@link FactSource#value()}
	 */
	record FactResponse(String fact, FactSource source) {

		static FactResponse of(CatFact fact) {
			return new FactResponse(fact.fact(), fact.source());
		}

	}

}
