/**
 * Application-wide wiring that belongs to no single feature: the OpenAPI description, the
 * start-up report and the shutdown drain.
 */
@NullMarked
package dev.catfacts.config;

import org.jspecify.annotations.NullMarked;
