package dev.catfacts.web;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.MediaType;
import org.springframework.web.server.NotAcceptableStatusException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class NegotiationTests {

	@Test
	void noAcceptHeaderGetsTheSeedsPlainText() {
		assertThat(Negotiation.choose(List.of())).isEqualTo(MediaType.valueOf("text/plain;charset=UTF-8"));
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			*/*                                        | text/plain;charset=UTF-8
			text/*                                     | text/plain;charset=UTF-8
			application/*                              | application/json
			application/json                           | application/json
			text/plain;charset=UTF-8                   | text/plain;charset=UTF-8
			# The client's order does not matter; on a tie the server prefers text.
			application/json, text/plain               | text/plain;charset=UTF-8
			text/plain;q=0.5, application/json         | application/json
			application/json;q=0.5, text/plain         | text/plain;charset=UTF-8
			text/*;q=0.5, application/json;q=0.4       | text/plain;charset=UTF-8
			# The most specific matching range sets a type's quality, even a lower one.
			*/*, text/plain;q=0                        | application/json
			text/*;q=0.9, text/plain;q=0.1, */*;q=0.5  | application/json
			application/json;q=0.001, text/html        | application/json
			# A range with parameters takes precedence over the same without, in either order.
			text/plain;q=0.2, text/plain;charset=utf-8, application/json;q=0.5 | text/plain;charset=UTF-8
			text/plain;charset=utf-8, text/plain;q=0.2, application/json;q=0.5 | text/plain;charset=UTF-8
			text/plain;charset="UTF-8";q=0, text/plain, application/json;q=0.1 | application/json
			# A parameter these types are not served with matches neither.
			text/plain;format=flowed, application/json;q=0.5 | application/json
			text/plain, text/plain;format=flowed;q=0   | text/plain;charset=UTF-8
			text/plain;format=flowed;q=0, text/plain   | text/plain;charset=UTF-8
			text/plain;charset=iso-8859-1, application/json;q=0.5 | application/json
			# A range named twice counts at its higher quality, in either order.
			text/plain;q=0.2, text/plain;q=0.9, application/json;q=0.5 | text/plain;charset=UTF-8
			text/plain;q=0.9, text/plain;q=0.2, application/json;q=0.5 | text/plain;charset=UTF-8
			""")
	void picksTheTypeTheClientRanksHighest(String accept, String expected) {
		assertThat(Negotiation.choose(MediaType.parseMediaTypes(accept))).isEqualTo(MediaType.valueOf(expected));
	}

	@ParameterizedTest
	@ValueSource(strings = { "text/html", "image/*", "text/plain;q=0, application/json;q=0", "*/*;q=0",
			"application/*;q=0, text/*;q=0, */*" })
	void refusesAHeaderThatAllowsNeitherType(String accept) {
		assertThatExceptionOfType(NotAcceptableStatusException.class)
			.isThrownBy(() -> Negotiation.choose(MediaType.parseMediaTypes(accept)))
			.satisfies((ex) -> assertThat(ex.getSupportedMediaTypes()).isEqualTo(Negotiation.PRODUCIBLE));
	}

	/** Spring's own sort refuses more than 50 ranges, which once made this a 500. */
	@Test
	void aLongHeaderIsReadWhole() {
		List<MediaType> accept = new ArrayList<>(Collections.nCopies(60, MediaType.TEXT_HTML));
		accept.add(MediaType.APPLICATION_JSON);
		assertThat(Negotiation.choose(accept)).isEqualTo(MediaType.APPLICATION_JSON);
	}

}
