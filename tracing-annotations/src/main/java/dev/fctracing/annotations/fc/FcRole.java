package dev.fctracing.annotations.fc;

/** What a call of an FC entry point means for tracing; the Java method name FC calls for it. */
public enum FcRole {
    /** {@code handleRequest} of any of the three handler interfaces: one invocation. */
    REQUEST("handleRequest"),
    /** {@code FunctionInitializer.initialize}: once per instance, before the first invocation. */
    INITIALIZE("initialize"),
    /** {@code PreFreezeHandler.preFreeze}: FC is about to freeze the instance. */
    PRE_FREEZE("preFreeze"),
    /** {@code PreStopHandler.preStop}: the instance is going away. */
    PRE_STOP("preStop");

    private final String methodName;

    FcRole(String methodName) {
        this.methodName = methodName;
    }

    /** The Java method name FC calls. */
    public String methodName() {
        return methodName;
    }

    /** The role of the entry point named {@code methodName}; {@link #REQUEST} for any other name. */
    public static FcRole ofMethod(String methodName) {
        for (FcRole role : values()) {
            if (role.methodName.equals(methodName)) {
                return role;
            }
        }
        return REQUEST;
    }
}
