package io.jrunc.internal.linux.compile;

import io.jrunc.spec.Problem;
import io.jrunc.spec.SpecValidationException;
import java.util.List;

/**
 * A valid spec that this runtime cannot run as it stands: a feature not supported yet, a value the
 * host cannot grant (a hard resource limit above the runtime's own), a mount option that makes no
 * sense. Like {@link SpecValidationException} (which it is), it lists every problem found, each
 * with the JSON path of the value at fault:
 *
 * <pre>
 * config.json: mounts[2].options: "idmap" is not supported yet (...)
 * </pre>
 */
public class SpecCompileException extends SpecValidationException {
  private static final long serialVersionUID = 1L;

  public SpecCompileException(List<Problem> problems) {
    super("config.json", problems);
  }
}
