/**
 * Implementation of {@link io.jrunc.spec}: Jackson configuration, Go-compatible formatting,
 * validation rules and runc's default specs. Not public API: anything here may change without
 * notice.
 */
package io.jrunc.internal.spec;
