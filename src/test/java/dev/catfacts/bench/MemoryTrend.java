package dev.catfacts.bench;

import java.util.List;

/**
 * Whether a measure of memory kept growing over a soak: the median of its last quarter
 * against the median of its second (the first is the JVM still warming up), allowed to
 * grow by {@value #MIN_ALLOWED_MB} MB or {@value #ALLOWED_SHARE} of the earlier median,
 * whichever is more. A leak grows without bound; a heap, a code cache or glibc's arenas
 * settle, and their last steps are noise.
 *
 * @param name what was measured, e.g. {@code rss_mb}
 * @param early the median of the second quarter
 * @param late the median of the last quarter
 * @param allowed how much more than {@code early} the last quarter may be
 */
record MemoryTrend(String name, double early, double late, double allowed) {

	static final double MIN_ALLOWED_MB = 16;

	static final double ALLOWED_SHARE = 0.10;

	/** At least four values, in the order they were taken. */
	static MemoryTrend of(String name, List<? extends Number> values) {
		if (values.size() < 4) {
			throw new IllegalArgumentException(name + ": four values at least, one per quarter; got " + values.size());
		}
		int quarter = values.size() / 4;
		double early = Stats.median(values.subList(quarter, 2 * quarter));
		double late = Stats.median(values.subList(values.size() - quarter, values.size()));
		return new MemoryTrend(name, early, late, Math.max(MIN_ALLOWED_MB, ALLOWED_SHARE * early));
	}

	boolean steady() {
		return this.late - this.early <= this.allowed;
	}

	/** One line for the log, e.g. {@code rss_mb: 172 MB in the second quarter, ...}. */
	String describe() {
		return Stats.format("%s: %.0f MB in the second quarter, %.0f MB in the last (allowed +%.0f): %s", this.name,
				this.early, this.late, this.allowed, steady() ? "steady" : "GROWING");
	}

}
