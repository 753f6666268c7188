package dev.fctracing.annotations.fc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The one table of Function Compute's Java entry points: each FC interface and the method FC calls on it. The
 * annotation processor (which classes may be {@code @FcHandler}, which methods are already the handler span), the
 * weaving detector (which methods the entry aspect must have been woven into) and the runtime ({@link FcRole}) read
 * it; the entry aspect's pointcut, which AspectJ needs written out, is tested against it.
 *
 * <p>Types are named as strings, so that neither the processor nor the detector needs FC's jar.
 */
public enum FcEntryPoint {
    STREAM_REQUEST(
            "StreamRequestHandler",
            FcRole.REQUEST,
            "java.io.InputStream",
            "java.io.OutputStream",
            FcEntryPoint.CONTEXT),
    POJO_REQUEST("PojoRequestHandler", FcRole.REQUEST, FcEntryPoint.ANY, FcEntryPoint.CONTEXT),
    HTTP_REQUEST(
            "HttpRequestHandler",
            FcRole.REQUEST,
            "javax.servlet.http.HttpServletRequest",
            "javax.servlet.http.HttpServletResponse",
            FcEntryPoint.CONTEXT),
    INITIALIZE("FunctionInitializer", FcRole.INITIALIZE, FcEntryPoint.CONTEXT),
    PRE_FREEZE("PreFreezeHandler", FcRole.PRE_FREEZE, FcEntryPoint.CONTEXT),
    PRE_STOP("PreStopHandler", FcRole.PRE_STOP, FcEntryPoint.CONTEXT);

    /** FC's Java package, with the dot. */
    public static final String PACKAGE = "com.aliyun.fc.runtime.";
    /** FC's {@code Context}, the last parameter of every entry point. */
    public static final String CONTEXT = "com.aliyun.fc.runtime.Context";
    /** In {@link #parameterTypes()}: any type (the POJO handler's input). */
    public static final String ANY = "*";

    private final String interfaceName;
    private final FcRole role;
    private final List<String> parameterTypes;

    FcEntryPoint(String simpleInterfaceName, FcRole role, String... parameterTypes) {
        this.interfaceName = "com.aliyun.fc.runtime." + simpleInterfaceName;
        this.role = role;
        this.parameterTypes = Collections.unmodifiableList(Arrays.asList(parameterTypes));
    }

    /** The FC interface's qualified name. */
    public String interfaceName() {
        return interfaceName;
    }

    /** The interface's simple name, for messages. */
    public String simpleInterfaceName() {
        return interfaceName.substring(PACKAGE.length());
    }

    public FcRole role() {
        return role;
    }

    public String methodName() {
        return role.methodName();
    }

    /** Qualified names of the parameter types (erased); {@link #ANY} matches any type. */
    public List<String> parameterTypes() {
        return parameterTypes;
    }

    /** Whether FC calls a lifecycle method ({@code void}), not a request handler (which may return a value). */
    public boolean returnsVoid() {
        return role != FcRole.REQUEST;
    }

    /** Whether a method {@code name(parameterTypes)} of a class implementing this interface is this entry point. */
    public boolean matches(String name, List<String> erasedParameterTypes) {
        if (!methodName().equals(name) || erasedParameterTypes.size() != parameterTypes.size()) {
            return false;
        }
        for (int i = 0; i < parameterTypes.size(); i++) {
            String expected = parameterTypes.get(i);
            if (!expected.equals(ANY) && !expected.equals(erasedParameterTypes.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** The qualified names of the six interfaces. */
    public static List<String> interfaceNames() {
        List<String> names = new ArrayList<>();
        for (FcEntryPoint entry : values()) {
            names.add(entry.interfaceName);
        }
        return names;
    }

    /** The interfaces' simple names, comma-separated, for messages. */
    public static String interfaceList() {
        StringBuilder list = new StringBuilder();
        for (FcEntryPoint entry : values()) {
            if (list.length() > 0) {
                list.append(", ");
            }
            list.append(entry.simpleInterfaceName());
        }
        return list.toString();
    }
}
