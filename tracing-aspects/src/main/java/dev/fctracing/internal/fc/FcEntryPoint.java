package dev.fctracing.internal.fc;

/** The Function Compute entry points an {@code @FcHandler} class can declare, and what each means for tracing. */
public enum FcEntryPoint {
  /** {@code handleRequest} of any of the three handler interfaces: one invocation. */
  HANDLE_REQUEST("handleRequest"),
  /** {@code FunctionInitializer.initialize}: once per instance, before the first invocation. */
  INITIALIZE("initialize"),
  /** {@code PreFreezeHandler.preFreeze}: FC is about to freeze the instance; flush. */
  PRE_FREEZE("preFreeze"),
  /** {@code PreStopHandler.preStop}: the instance is going away; flush and shut tracing down. */
  PRE_STOP("preStop");

  private final String methodName;

  FcEntryPoint(String methodName) {
    this.methodName = methodName;
  }

  /** The Java method name. */
  public String methodName() {
    return methodName;
  }

  /** The entry point of the method called {@code methodName}; {@link #HANDLE_REQUEST} for anything else. */
  public static FcEntryPoint ofMethod(String methodName) {
    for (FcEntryPoint entry : values()) {
      if (entry.methodName.equals(methodName)) {
        return entry;
      }
    }
    return HANDLE_REQUEST;
  }
}
