/** Benchmarks that compare jrunc with GNU tar, runc and crun on the same inputs. */
package io.jrunc.bench;
