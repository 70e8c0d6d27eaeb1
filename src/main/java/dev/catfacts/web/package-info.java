/**
 * The HTTP API: {@code GET /cat_facts}, its content negotiation and its error answers
 * (RFC 9457 problem details).
 */
@NullMarked
package dev.catfacts.web;

import org.jspecify.annotations.NullMarked;
