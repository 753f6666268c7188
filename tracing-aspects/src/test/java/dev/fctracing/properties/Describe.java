package dev.fctracing.properties;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/** Names an object for a failure message without calling any of its methods (user objects may misbehave). */
final class Describe {

    private static final Set<Class<?>> BOXES = new HashSet<>(Arrays.asList(
            Boolean.class,
            Byte.class,
            Short.class,
            Character.class,
            Integer.class,
            Long.class,
            Float.class,
            Double.class));

    private Describe() {}

    static String of(Object object) {
        if (object == null) {
            return "null";
        }
        if (BOXES.contains(object.getClass())) {
            return object.getClass().getSimpleName() + " " + object;
        }
        return object.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(object));
    }
}
