package demo.weaving.lib;

import dev.fctracing.annotations.Traced;

/** The demo function's library module: two @Traced methods and an untraced overload. */
public class Library {

  /** Set when the class is initialised: the weaving checks must not do that. */
  public static final String INITIALISED = "demo.weaving.lib.Library.initialised";

  static {
    System.setProperty(INITIALISED, "true");
  }

  @Traced("lookup")
  public String lookup(String key) {
    return normalise(key, 0);
  }

  /** Same name, not traced: no span and nothing to weave. */
  public String lookup(int id) {
    return "#" + id;
  }

  @Traced("normalise")
  static String normalise(String value, int depth) {
    return value.trim();
  }
}
