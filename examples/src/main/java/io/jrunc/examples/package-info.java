/** Small programs to copy from. */
package io.jrunc.examples;
