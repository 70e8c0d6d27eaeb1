package dev.catfacts.config;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.catfacts.facts.FactCatalogue;
import dev.catfacts.facts.FactsProperties;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Logs, once the application is ready, where it listens and where facts come from: the
 * two things someone starting it, or reading a pod's log, needs first.
 */
@Component
class StartupReport {

	private static final Log logger = LogFactory.getLog(StartupReport.class);

	private final Map<String, Integer> ports = new ConcurrentHashMap<>();

	private final FactsProperties properties;

	private final FactCatalogue catalogue;

	StartupReport(FactsProperties properties, FactCatalogue catalogue) {
		this.properties = properties;
		this.catalogue = catalogue;
	}

	/** Both the API server and the management server publish this event. */
	@EventListener
	void onWebServerInitialized(WebServerInitializedEvent event) {
		String namespace = event.getApplicationContext().getServerNamespace();
		this.ports.put((namespace != null) ? namespace : "server", event.getWebServer().getPort());
	}

	@EventListener(ApplicationReadyEvent.class)
	void onReady() {
		logger.info(describe());
	}

	String describe() {
		Integer api = this.ports.get("server");
		Integer management = this.ports.getOrDefault("management", api);
		FactsProperties.Upstream upstream = this.properties.upstream();
		String source = upstream.enabled()
				? "upstream " + upstream.url() + " (timeout " + upstream.timeout().toMillis() + " ms, retries "
						+ upstream.retries() + ", at most " + upstream.maxConcurrentCalls()
						+ " calls at once, circuit breaker open for "
						+ upstream.circuitBreaker().waitDurationInOpenState().toMillis() + " ms at "
						+ upstream.circuitBreaker().failureRateThreshold() + " % failed calls), falling back to "
						+ this.catalogue.size() + " bundled facts"
				: "offline mode: " + this.catalogue.size() + " bundled facts, no upstream calls";
		return "cat-facts ready: API on port " + api + " (/cat_facts, /docs), metrics on port " + management
				+ " (/metrics, /health/liveness, /health/readiness); facts from " + source;
	}

}
