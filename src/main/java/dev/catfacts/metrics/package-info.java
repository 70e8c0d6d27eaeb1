/**
 * Cross-cutting metrics conventions: Prometheus base units and HELP text for every meter
 * this service exposes. The service's own meters live with their feature
 * ({@code dev.catfacts.facts.FactsMetrics}).
 */
@NullMarked
package dev.catfacts.metrics;

import org.jspecify.annotations.NullMarked;
