/**
 * Cross-cutting metrics: Prometheus base units and HELP text for every meter this service
 * exposes, the scrape cache, and Netty's allocator meters. The service's own meters live
 * with their feature ({@code dev.catfacts.facts.FactsMetrics}).
 */
@NullMarked
package dev.catfacts.metrics;

import org.jspecify.annotations.NullMarked;
