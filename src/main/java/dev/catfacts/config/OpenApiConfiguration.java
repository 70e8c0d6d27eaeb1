package dev.catfacts.config;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;

import org.springframework.boot.info.BuildProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document behind the Swagger UI at {@code /docs}.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	@Bean
	OpenAPI catFactsOpenApi(ObjectProvider<BuildProperties> build) {
		BuildProperties properties = build.getIfAvailable();
		return new OpenAPI().info(new Info().title("cat-facts")
			.description("Random cat facts, served by a Spring Boot service instrumented for Prometheus. "
					+ "Metrics are on the management port (default 8081) at /metrics.")
			.version((properties != null) ? properties.getVersion() : "dev")
			.license(new License().name("Apache-2.0")));
	}

}
