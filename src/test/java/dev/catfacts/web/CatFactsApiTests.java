package dev.catfacts.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.catfacts.FakeFactsApi.Answer;
import dev.catfacts.FakeUpstreamApplicationTests;
import dev.catfacts.facts.FactSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP contract of {@code /cat_facts}, through the real server and a real (local)
 * upstream.
 */
class CatFactsApiTests extends FakeUpstreamApplicationTests {

	static final String FACT = "Cats sleep with their tails curled over their noses.";

	@BeforeEach
	void serveOneFact() {
		upstream.always(Answer.fact(FACT));
	}

	@Test
	void servesPlainTextByDefaultLikeTheSeed() {
		this.api.get()
			.uri("/cat_facts")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_PLAIN)
			.expectBody(String.class)
			.isEqualTo(FACT + "\n");
	}

	@Test
	void saysTheCharsetOfTheTextSoAFactThatIsNotAsciiArrivesIntact() {
		String fact = "Le chat, élégant, dort 16 h par jour — 猫";
		upstream.always(Answer.fact(fact));
		byte[] body = this.api.get()
			.uri("/cat_facts")
			.exchange()
			.expectHeader()
			.valueEquals("Content-Type", "text/plain;charset=UTF-8")
			.expectBody()
			.returnResult()
			.getResponseBody();
		assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo(fact + "\n");
	}

	@Test
	void answersVaryByAcceptAndAreNotStoredByCaches() {
		// The same URL answers text or JSON, and a new fact each time.
		this.api.get()
			.uri("/cat_facts")
			.exchange()
			.expectHeader()
			.valueEquals("Vary", "Accept")
			.expectHeader()
			.valueEquals("Cache-Control", "no-store")
			.expectBody();
	}

	@Test
	void servesPlainTextToAnyAccept() {
		this.api.get()
			.uri("/cat_facts")
			.accept(MediaType.ALL)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_PLAIN)
			.expectBody();
	}

	@Test
	void servesJsonWithItsSourceWhenAsked() {
		this.api.get()
			.uri("/cat_facts")
			.accept(MediaType.APPLICATION_JSON)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectBody()
			.jsonPath("$.fact")
			.isEqualTo(FACT)
			.jsonPath("$.source")
			.isEqualTo("upstream");
	}

	@Test
	void honoursTheClientsQualityValues() {
		this.api.get()
			.uri("/cat_facts")
			.header("Accept", "text/plain;q=0.5, application/json")
			.exchange()
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectBody();
		this.api.get()
			.uri("/cat_facts")
			.header("Accept", "application/json;q=0.5, text/plain")
			.exchange()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_PLAIN)
			.expectBody();
	}

	/** HTTP allows the list split over several Accept lines; each one counts. */
	@Test
	void readsEveryAcceptLine() {
		this.api.get()
			.uri("/cat_facts")
			.header("Accept", "text/plain;q=0.5", "application/json")
			.exchange()
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectBody();
	}

	/** More ranges than Spring's own sort takes (50) once made this a 500. */
	@Test
	void readsALongAcceptHeader() {
		String accept = String.join(", ", Collections.nCopies(60, "text/html")) + ", application/json";
		this.api.get()
			.uri("/cat_facts")
			.header("Accept", accept)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectBody();
	}

	@Test
	void servesCountFactsOnePerLine() {
		String body = this.api.get()
			.uri("/cat_facts?count=3")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(body).isEqualTo((FACT + "\n").repeat(3));
		assertThat(upstream.requests()).isEqualTo(3);
	}

	@Test
	void servesCountFactsAsAJsonArray() {
		this.api.get()
			.uri("/cat_facts?count=10")
			.accept(MediaType.APPLICATION_JSON)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.length()")
			.isEqualTo(10)
			.jsonPath("$[9].source")
			.isEqualTo("upstream");
	}

	@Test
	void countOfOneGivenExplicitlyIsAnArrayInJson() {
		this.api.get()
			.uri("/cat_facts?count=1")
			.accept(MediaType.APPLICATION_JSON)
			.exchange()
			.expectBody()
			.jsonPath("$.length()")
			.isEqualTo(1)
			.jsonPath("$[0].fact")
			.isEqualTo(FACT);
	}

	@Test
	void theFactsOfACountAreFetchedAtOnceNotOneAfterAnother() throws Exception {
		upstream.hang();
		CompletableFuture<byte[]> answer = CompletableFuture.supplyAsync(() -> this.api.get()
			.uri("/cat_facts?count=3")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult()
			.getResponseBody());
		// All three calls are at the (hanging) upstream together; one after another, the
		// second would wait for the first to reach its deadline (the default 2 s), so
		// anything short of that tells the two apart.
		Awaitility.await("three calls in flight at once")
			.atMost(Duration.ofMillis(1_800))
			.until(() -> upstream.requests() == 3);
		upstream.release();
		assertThat(new String(answer.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8))
			.isEqualTo((FACT + "\n").repeat(3));
	}

	@ParameterizedTest
	@ValueSource(strings = { "count=0", "count=11", "count=-1", "count=abc", "count=", "count=1.5", "count=99999999999",
			"count=1&count=2", "count" })
	void rejectsABadCountWithAProblemDetail(String query) {
		this.api.get()
			.uri("/cat_facts?" + query)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(400)
			.jsonPath("$.title")
			.isEqualTo("Invalid count")
			.jsonPath("$.parameter")
			.isEqualTo("count")
			.jsonPath("$.detail")
			.value(String.class, (detail) -> assertThat(detail).contains("count"));
		assertThat(upstream.requests()).as("a rejected request must not call the upstream").isZero();
	}

	@Test
	void badCountDetailSaysWhatIsAllowed() {
		this.api.get()
			.uri("/cat_facts?count=42")
			.exchange()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("count must be from 1 to 10, got 42");
	}

	@Test
	void unknownPathIsA404ProblemDetail() {
		this.api.get()
			.uri("/no/such/path")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(404)
			.jsonPath("$.instance")
			.isEqualTo("/no/such/path");
	}

	@Test
	void otherMethodsAre405WithAllow() {
		this.api.post()
			.uri("/cat_facts")
			.exchange()
			.expectStatus()
			.isEqualTo(405)
			.expectHeader()
			.valueEquals("Allow", "GET,HEAD,OPTIONS")
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody();
	}

	@Test
	void optionsSaysWhichMethodsAreAllowed() {
		this.api.options()
			.uri("/cat_facts")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("Allow", "GET,HEAD,OPTIONS")
			.expectBody()
			.isEmpty();
		assertThat(upstream.requests()).as("OPTIONS must not fetch a fact").isZero();
	}

	@Test
	void headAnswersLikeGetWithoutABody() {
		this.api.head()
			.uri("/cat_facts")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_PLAIN)
			.expectBody()
			.isEmpty();
	}

	@Test
	void malformedAcceptIs406() {
		this.api.get()
			.uri("/cat_facts")
			.header("Accept", "not a media type" + "x".repeat(4_000))
			.exchange()
			.expectStatus()
			.isEqualTo(406)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.value(String.class,
					(detail) -> assertThat(detail).as("never the header echoed whole")
						.contains("Accept")
						.hasSizeLessThan(100))
			.jsonPath("$.instance")
			.isEqualTo("/cat_facts");
		assertThat(upstream.requests()).as("a rejected request must not call the upstream").isZero();
	}

	@Test
	void unsupportedMediaTypeIs406() {
		this.api.get()
			.uri("/cat_facts")
			.accept(MediaType.TEXT_HTML)
			.exchange()
			.expectStatus()
			.isEqualTo(406)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody();
	}

	@Test
	void swaggerUiIsAtDocs() {
		this.api.get()
			.uri("/docs")
			.exchange()
			.expectStatus()
			.is3xxRedirection()
			.expectHeader()
			.location("/swagger-ui/index.html")
			.expectBody();
		this.api.get()
			.uri("/swagger-ui/index.html")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((html) -> assertThat(html).contains("swagger-ui"));
	}

	@Test
	void openApiDocumentDescribesTheEndpoint() {
		this.api.get()
			.uri("/v3/api-docs")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.paths['/cat_facts'].get.parameters[*].name")
			.isEqualTo(java.util.List.of("count"))
			.jsonPath("$.paths['/cat_facts'].get.responses['400']")
			.exists()
			.jsonPath("$.paths['/actuator']")
			.doesNotExist()
			.jsonPath("$.paths['/cat_facts'].get.parameters[0].schema.maximum")
			.isEqualTo(Count.MAX)
			.jsonPath("$.components.schemas.FactResponse.properties.source.enum")
			.isEqualTo(Arrays.stream(FactSource.values()).map(FactSource::value).toList());
	}

}
