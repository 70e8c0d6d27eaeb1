package dev.catfacts.e2e;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Prints what a person would look at first when a step fails (the test instance says what
 * that is), then lets the failure through. Also for a failed set-up, where most failures
 * of an end-to-end test happen.
 */
final class FailureReport implements TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

	/** A test that can describe the state of what it tests. */
	interface Reporting {

		String failureReport();

	}

	@Override
	public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
		report(context, failure);
		throw failure;
	}

	@Override
	public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
		report(context, failure);
		throw failure;
	}

	private static void report(ExtensionContext context, Throwable failure) {
		if (context.getTestInstance().orElse(null) instanceof Reporting reporting) {
			System.out.println(
					"\n\u001b[31mFAILED: " + context.getDisplayName() + ": " + failure.getMessage() + "\u001b[0m\n");
			try {
				System.out.println(reporting.failureReport());
			}
			catch (RuntimeException | AssertionError ex) {
				System.out.println("(the failure report itself failed: " + ex + ")");
			}
		}
	}

}
