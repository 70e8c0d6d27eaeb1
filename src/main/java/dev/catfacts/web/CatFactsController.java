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
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.reactive.ServerWebExchangeContextFilter;
import org.springframework.util.MimeTypeUtils;

/**
 * {@code GET /cat_facts}: plain text by default, as in the original example, and JSON for
 * clients that ask for it.
 */
@RestController
class CatFactsController {

	private static final List<MediaType> PRODUCIBLE = List.of(MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON);

	private final CatFactsService facts;

	CatFactsController(CatFactsService facts) {
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
	@GetMapping(path = "/cat_facts", produces = { MediaType.TEXT_PLAIN_VALUE, MediaType.APPLICATION_JSON_VALUE })
	@Parameter(name = "count", in = ParameterIn.QUERY,
			description = "How many facts to return, " + Count.MIN + " to " + Count.MAX
					+ "; when given, JSON answers are an array",
			schema = @Schema(type = "integer", minimum = "" + Count.MIN, maximum = "" + Count.MAX))
	Mono<ResponseEntity<Object>> catFacts() {
		// Parameterless on purpose, the request read from the Reactor context: see
		// ExchangeContextConfiguration.
		return Mono.deferContextual((context) -> catFacts(ServerWebExchangeContextFilter.getExchange(context)
			.orElseThrow(() -> new IllegalStateException("no exchange in the Reactor context: is "
					+ "ExchangeContextConfiguration's ServerWebExchangeContextFilter registered?"))
			.getRequest()));
	}

	private Mono<ResponseEntity<Object>> catFacts(ServerHttpRequest request) {
		// The raw values: a bound parameter would turn "?count=" into "no count".
		Count count = Count.parse(request.getQueryParams().get("count"));
		boolean json = MediaType.APPLICATION_JSON.equals(negotiate(request.getHeaders().get(HttpHeaders.ACCEPT)));
		return this.facts.randomFacts(count.value()).collectList().map((facts) -> {
			if (!json) {
				return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(asText(facts));
			}
			Object body = count.given() ? facts.stream().map(FactResponse::of).toList()
					: FactResponse.of(facts.getFirst());
			return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
		});
	}

	/**
	 * Picks text or JSON from the Accept header: the client's most preferred type that we
	 * produce, text on a tie (so {@code Accept: *}{@code /*} gets the seed's plain text).
	 * Types we cannot produce never reach this method: Spring answers them with 406.
	 */
	private static MediaType negotiate(@Nullable List<String> accept) {
		if (accept == null || accept.stream().allMatch(String::isBlank)) {
			return MediaType.TEXT_PLAIN;
		}
		List<MediaType> acceptable = MediaType.parseMediaTypes(accept);
		MimeTypeUtils.sortBySpecificity(acceptable);
		for (MediaType requested : acceptable) {
			for (MediaType producible : PRODUCIBLE) {
				if (requested.isCompatibleWith(producible)) {
					return producible;
				}
			}
		}
		return MediaType.TEXT_PLAIN;
	}

	private static String asText(List<CatFact> facts) {
		return facts.stream().map(CatFact::fact).collect(Collectors.joining("\n", "", "\n"));
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
