/**
 * Application-wide wiring that belongs to no single feature: the OpenAPI description and
 * the start-up report.
 */
@NullMarked
package dev.catfacts.config;

import org.jspecify.annotations.NullMarked;
