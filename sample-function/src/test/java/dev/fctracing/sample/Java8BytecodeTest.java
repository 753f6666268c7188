package dev.fctracing.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fctracing.FcTracing;
import dev.fctracing.annotations.Traced;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * FC's built-in Java runtimes are java8 and java11: every class of the library and of the woven sample must be a
 * Java 8 class file (major version 52), whatever JDK built it.
 */
class Java8BytecodeTest {

    private static final int JAVA_8 = 52;

    @Test
    void libraryAndWovenSampleClassesAreJava8() throws Exception {
        List<String> tooNew = new ArrayList<>();
        int checked = 0;
        for (Class<?> anchor : new Class<?>[] {FcTracing.class, Traced.class, HelloHandler.class}) {
            Path location = Paths.get(
                    anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (ClassFile file : classFiles(location)) {
                checked++;
                if (file.major > JAVA_8) {
                    tooNew.add(file.name + " (major " + file.major + ")");
                }
            }
        }

        assertThat(checked).as("class files checked").isGreaterThan(20);
        assertThat(tooNew).isEmpty();
    }

    private static final class ClassFile {
        final String name;
        final int major;

        ClassFile(String name, int major) {
            this.name = name;
            this.major = major;
        }
    }

    private static List<ClassFile> classFiles(Path location) throws IOException, URISyntaxException {
        List<ClassFile> files = new ArrayList<>();
        if (Files.isDirectory(location)) {
            try (Stream<Path> paths = Files.walk(location)) {
                for (Path path : (Iterable<Path>) paths.filter(p -> p.toString().endsWith(".class"))::iterator) {
                    try (InputStream in = Files.newInputStream(path)) {
                        files.add(new ClassFile(path.toString(), major(in)));
                    }
                }
            }
        } else {
            try (JarFile jar = new JarFile(location.toFile())) {
                Enumeration<JarEntry> entries = jar.entries();
                while (entries.hasMoreElements()) {
                    JarEntry entry = entries.nextElement();
                    if (entry.getName().endsWith(".class") && !entry.getName().startsWith("META-INF/")) {
                        try (InputStream in = jar.getInputStream(entry)) {
                            files.add(new ClassFile(entry.getName(), major(in)));
                        }
                    }
                }
            }
        }
        return files;
    }

    private static int major(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        data.readInt(); // magic
        data.readUnsignedShort(); // minor
        return data.readUnsignedShort();
    }
}
