package dev.fctracing.testing;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.PojoRequestHandler;
import com.aliyun.fc.runtime.StreamRequestHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;

/**
 * How {@link LocalInvoke} calls a handler as FC would: a {@link StreamRequestHandler} with the event as its input
 * stream, a {@link PojoRequestHandler} with the event read as its input type ({@link PojoJson}); the output comes back
 * as text.
 */
final class HandlerCall {

    private HandlerCall() {}

    /** Calls handleRequest; the handler's own exceptions come back as {@link InvocationFailure}. */
    static String call(Object handler, byte[] event, Context context) throws InvocationFailure {
        if (handler instanceof StreamRequestHandler) {
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            try {
                ((StreamRequestHandler) handler).handleRequest(new ByteArrayInputStream(event), output, context);
            } catch (IOException | RuntimeException | Error e) {
                throw new InvocationFailure(e);
            }
            return quoted(new String(output.toByteArray(), StandardCharsets.UTF_8));
        }
        Method method = pojoMethod(handler.getClass());
        Object input = PojoJson.read(event, method.getParameterTypes()[0]);
        Object result;
        try {
            method.setAccessible(true);
            result = method.invoke(handler, input, context);
        } catch (InvocationTargetException e) {
            throw new InvocationFailure(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException("cannot call " + method + ": " + e);
        }
        if (result == null || result instanceof String) {
            return quoted((String) result);
        }
        return PojoJson.write(result);
    }

    /** The handler's own {@code handleRequest(I, Context)}: not the bridge method erasure adds. */
    private static Method pojoMethod(Class<?> type) {
        for (Class<?> at = type; at != null && at != Object.class; at = at.getSuperclass()) {
            for (Method method : at.getDeclaredMethods()) {
                Class<?>[] parameters = method.getParameterTypes();
                if (method.getName().equals("handleRequest")
                        && !method.isBridge()
                        && !method.isSynthetic()
                        && !Modifier.isStatic(method.getModifiers())
                        && parameters.length == 2
                        && parameters[1] == Context.class) {
                    return method;
                }
            }
        }
        throw new IllegalArgumentException(type.getName() + " declares no handleRequest(input, Context)");
    }

    private static String quoted(String text) {
        return text == null ? "null" : "\"" + text + "\"";
    }

    /** The handler's own exception, told apart from LocalInvoke's. */
    static final class InvocationFailure extends Exception {
        private static final long serialVersionUID = 1L;

        InvocationFailure(Throwable cause) {
            super(cause);
        }
    }
}
