package dev.catfacts;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;

import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.assertj.core.api.Assertions.fail;

/**
 * Fails a test class when Netty reported a leaked buffer while it ran. Registered for
 * every test class (META-INF/services and {@code junit-platform.properties}).
 *
 * <p>
 * Netty finds a leak only once the garbage collector has collected a buffer that was
 * never released, and reports it the next time it tracks a new buffer; by itself that
 * happens at random later moments, in whichever test then runs, and only as a log line.
 * So after each class this collects garbage, tracks a few buffers to make Netty look, and
 * fails the class with the reports, which name where the buffer was created and last
 * touched. With paranoid detection (pom.xml) every buffer is tracked, not a 1 % sample,
 * so a leak fails the run every time instead of now and then.
 *
 * <p>
 * The reports come from Netty's own detector ({@link RecordingLeakDetector}) rather than
 * from the log: nothing depends on a log format, and no logging configuration can drop
 * one.
 */
public class FailOnNettyLeaks implements BeforeAllCallback, AfterAllCallback {

	private static final Duration SENTINEL_DEADLINE = Duration.ofSeconds(10);

	@Override
	public void beforeAll(ExtensionContext context) {
		makeNettyLook();
		if (!RecordingLeakDetector.isInstalled()
				|| ResourceLeakDetector.getLevel() != ResourceLeakDetector.Level.PARANOID) {
			fail("Netty leak detection is not set up (level " + ResourceLeakDetector.getLevel()
					+ "): run the tests with -Dio.netty.leakDetection.level=paranoid -Dio.netty.customResourceLeakDetector="
					+ RecordingLeakDetector.class.getName() + ", as the argLine in pom.xml does");
		}
	}

	@Override
	public void afterAll(ExtensionContext context) throws InterruptedException {
		for (int i = 0; i < 3; i++) {
			// The collected buffers reach Netty's queue on the JVM's reference handler
			// thread after the collection. A sentinel collected in the same collection
			// reaches its queue on that thread too: waiting for it (with a deadline)
			// rather
			// than for a fixed time waits as long as the handler needs, and no longer.
			ReferenceQueue<Object> queue = new ReferenceQueue<>();
			WeakReference<Object> sentinel = new WeakReference<>(new Object(), queue);
			System.gc();
			if (queue.remove(SENTINEL_DEADLINE.toMillis()) != sentinel) {
				fail("No garbage collection within " + SENTINEL_DEADLINE
						+ " of System.gc(), which the leak check needs");
			}
			makeNettyLook();
		}
		List<String> reports = RecordingLeakDetector.takeReports();
		if (!reports.isEmpty()) {
			fail(reports.size() + " Netty leak report(s) while " + context.getDisplayName()
					+ " ran (or since the class before it). A common cause in tests: a WebTestClient exchange"
					+ " that no body expectation reads (end it with expectBody(), as Exchanges.expectStatus does). The first report:\n"
					+ reports.get(0));
		}
	}

	/**
	 * Tracks one buffer, so that Netty reports the leaks collected so far (heap buffers
	 * of the unpooled allocator are not tracked, direct ones are).
	 */
	private static void makeNettyLook() {
		UnpooledByteBufAllocator.DEFAULT.directBuffer(1).release();
	}

}
