import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServer;

/**
 * The benchmark's ceiling: a bare Reactor Netty server answering GET /cat_facts with one
 * fact as text, no Spring, no metrics. Run by BenchmarkIT as a single-file program on the
 * application's own libraries, so it uses the same Netty and Reactor versions.
 */
public class BareNettyServer {

	private static final String FACT = "Cats sleep with their tails curled over their noses to keep them warm.\n";

	public static void main(String[] args) {
		HttpServer.create()
			.host("127.0.0.1")
			.port(Integer.parseInt(args[0]))
			.route((routes) -> routes.get("/cat_facts",
					(request, response) -> response.header("Content-Type", "text/plain").sendString(Mono.just(FACT))))
			.bindNow()
			.onDispose()
			.block();
	}

}
