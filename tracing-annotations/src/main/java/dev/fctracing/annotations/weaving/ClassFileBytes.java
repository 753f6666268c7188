package dev.fctracing.annotations.weaving;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads a class's own class file as bytes, for the one question {@link WeavingDetector} cannot answer by reflection:
 * whether a class built with {@code -XnoInline} names an aspect (in the calls ajc's advice closures make).
 */
final class ClassFileBytes {

    private ClassFileBytes() {}

    /** Whether the class file of {@code type} names {@code className}; false when the class file cannot be read. */
    static boolean mentions(Class<?> type, String className) {
        byte[] needle = className.replace('.', '/').getBytes(StandardCharsets.UTF_8);
        byte[] classFile = read(type);
        return classFile != null && indexOf(classFile, needle) >= 0;
    }

    private static byte[] read(Class<?> type) {
        String name = type.getName();
        String resource = name.substring(name.lastIndexOf('.') + 1) + ".class";
        try (InputStream in = type.getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
