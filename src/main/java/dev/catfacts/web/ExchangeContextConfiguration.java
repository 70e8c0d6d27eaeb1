package dev.catfacts.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.reactive.ServerWebExchangeContextFilter;

/**
 * Puts each request's exchange into the Reactor context, where {@link CatFactsController}
 * reads it.
 *
 * <p>
 * Why not a method parameter, as controllers usually take it: for every request to a
 * handler method with parameters, WebFlux builds a new argument resolver composite and
 * fills a fresh 512-slot cache to find their resolvers (spring-framework#29951, declined:
 * a controller may be a prototype bean). In this service that was a tenth of the bytes
 * allocated per request; the parameterless method served 1.12 times the requests in an
 * interleaved A/B as the image runs it, 1.17 times without the JDK AOT cache
 * (docs/performance.md). Keep parameters in your own controllers unless a profile shows
 * the same.
 */
@Configuration(proxyBeanMethods = false)
class ExchangeContextConfiguration {

	@Bean
	ServerWebExchangeContextFilter serverWebExchangeContextFilter() {
		return new ServerWebExchangeContextFilter();
	}

}
