/**
 * Where cat facts come from: the upstream facts API, with a bundled catalogue to fall
 * back on when the upstream is off, down, slow or returns something unusable.
 */
@NullMarked
package dev.catfacts.facts;

import org.jspecify.annotations.NullMarked;
