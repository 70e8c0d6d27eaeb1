package dev.catfacts;

import java.util.ArrayList;
import java.util.List;

import io.netty.util.ResourceLeakDetector;

/**
 * Netty's leak detector, keeping every report so that {@link FailOnNettyLeaks} can fail
 * the test run on it; Netty itself only logs them. The test JVMs install it with
 * {@code -Dio.netty.customResourceLeakDetector} (see the surefire and failsafe
 * {@code argLine} in pom.xml), so it is in place before Netty creates its first detector.
 *
 * @param <T> the type of the tracked resource
 */
public class RecordingLeakDetector<T> extends ResourceLeakDetector<T> {

	private static final List<String> reports = new ArrayList<>();

	private static volatile boolean installed;

	public RecordingLeakDetector(Class<?> resourceType, int samplingInterval) {
		super(resourceType, samplingInterval);
		installed = true;
		setLeakListener(RecordingLeakDetector::record);
	}

	/**
	 * Netty's factory looks for this constructor too, and logs an error when it is
	 * missing; Netty ignores {@code maxActive}.
	 */
	public RecordingLeakDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
		this(resourceType, samplingInterval);
	}

	/** Reports even when the logger is off: a leak must fail the run, not vanish. */
	@Override
	protected boolean needReport() {
		return true;
	}

	private static void record(String resourceType, String records) {
		synchronized (reports) {
			reports.add("LEAK of a " + resourceType + ": " + records);
		}
	}

	static boolean isInstalled() {
		return installed;
	}

	/** The reports since the last call. */
	static List<String> takeReports() {
		synchronized (reports) {
			List<String> taken = List.copyOf(reports);
			reports.clear();
			return taken;
		}
	}

}
