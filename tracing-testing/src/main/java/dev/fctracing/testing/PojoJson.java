package dev.fctracing.testing;

import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;

/**
 * Reads a POJO handler's event and writes its result for {@link LocalInvoke}: {@code String} and {@code byte[]} as
 * they are, other types as JSON with Jackson or Gson, whichever the class path has (called by name: the kit depends
 * on neither).
 */
final class PojoJson {

    private static final String JACKSON = "com.fasterxml.jackson.databind.ObjectMapper";
    private static final String GSON = "com.google.gson.Gson";

    private PojoJson() {}

    static Object read(byte[] event, Class<?> type) {
        if (type == byte[].class) {
            return event;
        }
        String text = new String(event, StandardCharsets.UTF_8);
        if (type == String.class || type == Object.class && text.trim().isEmpty()) {
            return text;
        }
        Object mapper = newInstance(JACKSON);
        try {
            if (mapper != null) {
                return mapper.getClass()
                        .getMethod("readValue", byte[].class, Class.class)
                        .invoke(mapper, event, type);
            }
            Object gson = newInstance(GSON);
            if (gson != null) {
                return gson.getClass()
                        .getMethod("fromJson", String.class, Class.class)
                        .invoke(gson, text, type);
            }
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("the event is not JSON of " + type.getName() + ": " + e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot read the event as " + type.getName() + ": " + e);
        }
        throw new IllegalArgumentException("the handler takes a " + type.getName()
                + ": add Jackson (com.fasterxml.jackson.core:jackson-databind) or"
                + " Gson to the test class path to read the event file as JSON, or take a String or byte[] event");
    }

    static String write(Object result) {
        try {
            Object mapper = newInstance(JACKSON);
            if (mapper != null) {
                return (String) mapper.getClass()
                        .getMethod("writeValueAsString", Object.class)
                        .invoke(mapper, result);
            }
            Object gson = newInstance(GSON);
            if (gson != null) {
                return (String)
                        gson.getClass().getMethod("toJson", Object.class).invoke(gson, result);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // fall through to toString
        }
        return String.valueOf(result);
    }

    private static Object newInstance(String className) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try {
            Class<?> type = Class.forName(className, true, loader != null ? loader : PojoJson.class.getClassLoader());
            return type.getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }
}
