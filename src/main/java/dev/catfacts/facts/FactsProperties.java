package dev.catfacts.facts;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings under {@code cat-facts.*}. Validated at start-up: a bad value stops the
 * application with a message naming the property, instead of surfacing later as odd
 * behaviour under load.
 *
 * @param upstream how to reach the upstream facts API
 */
@Validated
@ConfigurationProperties("cat-facts")
public record FactsProperties(@Valid @DefaultValue Upstream upstream) {

	/**
	 * The upstream facts API.
	 *
	 * @param enabled {@code false} is offline mode: every fact comes from the bundled
	 * catalogue and no network call is made
	 * @param url the endpoint that returns one fact as {@code {"fact": "..."}}
	 * @param timeout the hard deadline for one fact, retry included; past it the fallback
	 * answers
	 * @param retries how many times a connect error or a 5xx is retried (0 to 3)
	 */
	public record Upstream(@DefaultValue("true") boolean enabled,
			@NotNull @DefaultValue("https://catfact.ninja/fact") URI url,
			@NotNull @DurationMin(millis = 10) @DurationMax(seconds = 30) @DefaultValue("2s") Duration timeout,
			@Min(0) @Max(3) @DefaultValue("1") int retries) {

		public Upstream {
			if (url != null && !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
				// Bean Validation would report a null scheme as a vague type error; say
				// it plainly.
				throw new IllegalArgumentException(
						"cat-facts.upstream.url must be an absolute http(s) URL, got '" + url + "'");
			}
		}

	}

}
