/**
 * The OCI runtime specification (version 1.3) as immutable Java records: {@link io.jrunc.spec.Spec}
 * for a bundle's config.json (with {@link io.jrunc.spec.Linux} for its Linux part),
 * {@link io.jrunc.spec.State} for the state of a container and {@link io.jrunc.spec.Features} for
 * what a runtime supports.
 *
 * <p>Conventions of every record here:
 * <ul>
 *   <li>Components are the JSON members of the object, in the specification's order, with the
 *       same names (Java names differ only where the JSON name is not Java-like, for instance
 *       {@code containerID} is {@code containerId()}; the javadoc names the JSON member).</li>
 *   <li>{@code null} means absent. An empty list or map is present and empty, and stays so when
 *       written. Members runc always writes (like {@code uid}) are primitives and read as zero
 *       when absent, as in Go.</li>
 *   <li>Lists and maps are unmodifiable copies. Maps (like {@code annotations}) are sorted by
 *       key, in the order Go writes them.</li>
 *   <li>{@code extensions()} holds the members of the JSON object the model does not define,
 *       in document order, with plain Java values (String, Number, Boolean, Map, List, null), so
 *       that a document read and written back keeps them; they are written after the defined
 *       members. It is never {@code null}.</li>
 *   <li>{@code builder()} and {@code toBuilder()} make and change values; small records also
 *       have {@code of(...)} factories.</li>
 * </ul>
 *
 * <p>Reading reports malformed JSON and wrong types as a {@link io.jrunc.spec.SpecException}
 * naming the document, the JSON path, the line and the column;
 * {@link io.jrunc.spec.Spec#validate()} checks the rules of the specification and reports every
 * {@link io.jrunc.spec.Problem} at once.
 */
package io.jrunc.spec;
