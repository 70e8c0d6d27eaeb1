package dev.catfacts.web;

import dev.catfacts.FakeFactsApi;
import dev.catfacts.FakeFactsApi.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP contract of {@code /cat_facts}, through the real server and a real (local)
 * upstream.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
@AutoConfigureWebTestClient
class CatFactsApiTests {

	static final String FACT = "Cats sleep with their tails curled over their noses.";

	static final FakeFactsApi upstream = new FakeFactsApi();

	@Autowired
	WebTestClient client;

	@DynamicPropertySource
	static void upstream(DynamicPropertyRegistry registry) {
		registry.add("cat-facts.upstream.url", upstream::url);
	}

	@BeforeEach
	void serveOneFact() {
		upstream.reset();
		upstream.always(Answer.fact(FACT));
	}

	@AfterAll
	static void stopUpstream() {
		upstream.close();
	}

	@Test
	void servesPlainTextByDefaultLikeTheSeed() {
		this.client.get()
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
	void servesPlainTextToAnyAccept() {
		this.client.get()
			.uri("/cat_facts")
			.accept(MediaType.ALL)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_PLAIN);
	}

	@Test
	void servesJsonWithItsSourceWhenAsked() {
		this.client.get()
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
		this.client.get()
			.uri("/cat_facts")
			.header("Accept", "text/plain;q=0.5, application/json")
			.exchange()
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON);
		this.client.get()
			.uri("/cat_facts")
			.header("Accept", "application/json;q=0.5, text/plain")
			.exchange()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_PLAIN);
	}

	@Test
	void servesCountFactsOnePerLine() {
		String body = this.client.get()
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
		this.client.get()
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
		this.client.get()
			.uri("/cat_facts?count=1")
			.accept(MediaType.APPLICATION_JSON)
			.exchange()
			.expectBody()
			.jsonPath("$.length()")
			.isEqualTo(1)
			.jsonPath("$[0].fact")
			.isEqualTo(FACT);
	}

	@ParameterizedTest
	@ValueSource(strings = { "count=0", "count=11", "count=-1", "count=abc", "count=", "count=1.5", "count=99999999999",
			"count=1&count=2" })
	void rejectsABadCountWithAProblemDetail(String query) {
		this.client.get()
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
		this.client.get()
			.uri("/cat_facts?count=42")
			.exchange()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("count must be from 1 to 10, got 42");
	}

	@Test
	void unknownPathIsA404ProblemDetail() {
		this.client.get()
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
		this.client.post()
			.uri("/cat_facts")
			.exchange()
			.expectStatus()
			.isEqualTo(405)
			.expectHeader()
			.valueEquals("Allow", "GET")
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void unsupportedMediaTypeIs406() {
		this.client.get()
			.uri("/cat_facts")
			.accept(MediaType.TEXT_HTML)
			.exchange()
			.expectStatus()
			.isEqualTo(406)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void swaggerUiIsAtDocs() {
		this.client.get()
			.uri("/docs")
			.exchange()
			.expectStatus()
			.is3xxRedirection()
			.expectHeader()
			.location("/swagger-ui/index.html");
		this.client.get()
			.uri("/swagger-ui/index.html")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((html) -> assertThat(html).contains("swagger-ui"));
	}

	@Test
	void openApiDocumentDescribesTheEndpoint() {
		this.client.get()
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
			.doesNotExist();
	}

}
