package dev.catfacts.web;

import java.util.List;

import org.springdoc.core.annotations.RouterOperation;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.MethodNotAllowedException;

/**
 * The API's routes, as a functional endpoint rather than an annotated controller.
 *
 * <p>
 * Why functional: an annotated controller pays per request for what this service does not
 * need from it (the {@code produces} condition, the reflective call, the return value's
 * result handler and, with parameters, a fresh argument resolver cache:
 * spring-framework#29951); a handler function is one method call. The same handler code
 * served 1.06 times the requests of the parameterless {@code @GetMapping} in an
 * interleaved A/B as the image runs it, every round in favour (docs/performance.md). The
 * price is what Spring did for free, written here: HEAD, OPTIONS, 405 with {@code Allow},
 * and problem details for the route's own errors ({@link Problems}). HEAD runs the GET
 * handler, as Spring does for a {@code @GetMapping}, so its headers are GET's; it fetches
 * and counts a fact like a GET.
 */
@Configuration(proxyBeanMethods = false)
class CatFactsRoutes {

	private static final String PATH = "/cat_facts";

	private static final List<HttpMethod> ALLOWED = List.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

	@Bean
	@RouterOperation(path = PATH, method = RequestMethod.GET,
			produces = { MediaType.TEXT_PLAIN_VALUE, MediaType.APPLICATION_JSON_VALUE },
			beanClass = CatFactsHandler.class, beanMethod = "catFacts")
	RouterFunction<ServerResponse> catFactsRoute(CatFactsHandler handler) {
		return RouterFunctions.route()
			.route(RequestPredicates.path(PATH).and(RequestPredicates.methods(HttpMethod.GET, HttpMethod.HEAD)),
					handler::catFacts)
			.OPTIONS(PATH, (request) -> ServerResponse.ok().allow(ALLOWED.toArray(HttpMethod[]::new)).build())
			.route(RequestPredicates.path(PATH),
					(request) -> Problems.of(new MethodNotAllowedException(request.method(), ALLOWED), request))
			.build();
	}

}
