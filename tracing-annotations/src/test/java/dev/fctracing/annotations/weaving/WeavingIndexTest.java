package dev.fctracing.annotations.weaving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeavingIndexTest {

    @TempDir
    Path tmp;

    private Path directoryWithIndex(String name, String content) throws Exception {
        Path index = tmp.resolve(name).resolve(WeavingIndex.RESOURCE);
        Files.createDirectories(index.getParent());
        Files.write(index, content.getBytes(StandardCharsets.UTF_8));
        return tmp.resolve(name);
    }

    private Path jarWithIndex(String name, String content) throws Exception {
        Path jar = tmp.resolve(name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry(WeavingIndex.RESOURCE));
            out.write(content.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }

    @Test
    void mergesTheIndexesOfTwoDirectories() throws Exception {
        Path first = directoryWithIndex(
                "one", "H com.a.Handler\nT com.a.Handler load(java.lang.String)\nT com.a.Util$Inner run()\n");
        Path second = directoryWithIndex(
                "two", "H com.b.Handler\nT com.a.Util$Inner run()\nT com.b.Ünïcode grüßen(int[],char)\n");

        try (URLClassLoader loader = new URLClassLoader(
                new URL[] {first.toUri().toURL(), second.toUri().toURL()}, null)) {
            WeavingIndex index = WeavingIndex.load(loader);

            assertThat(index.handlerClasses()).containsExactly("com.a.Handler", "com.b.Handler");
            assertThat(index.tracedMethods())
                    .containsExactly(
                            "com.a.Handler#load(java.lang.String)",
                            "com.a.Util$Inner#run()",
                            "com.b.Ünïcode#grüßen(int[],char)");
            assertThat(index.sources()).hasSize(2);
            assertThat(index.isEmpty()).isFalse();
        }
    }

    @Test
    void mergesAJarWithADirectory() throws Exception {
        Path jar = jarWithIndex("lib.jar", "H com.lib.Handler\n");
        Path classes = directoryWithIndex("classes", "T com.app.Service call()\n");

        try (URLClassLoader loader = new URLClassLoader(
                new URL[] {jar.toUri().toURL(), classes.toUri().toURL()}, null)) {
            WeavingIndex index = WeavingIndex.load(loader);

            assertThat(index.handlerClasses()).containsExactly("com.lib.Handler");
            assertThat(index.tracedMethods()).containsExactly("com.app.Service#call()");
            assertThat(index.sources()).extracting(URL::getProtocol).containsExactly("jar", "file");
        }
    }

    @Test
    void ignoresBlankCommentUnknownAndMalformedLinesAndToleratesAppendedFiles() throws Exception {
        Path dir = directoryWithIndex(
                "odd",
                "# fc-tracing weaving index\n\nX some.Future entry\nT broken\nH com.a.One\r\nH com.a.Two\n"
                        + "T com.a.One run()\n");

        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            WeavingIndex index = WeavingIndex.load(loader);

            assertThat(index.handlerClasses()).containsExactly("com.a.One", "com.a.Two");
            assertThat(index.tracedMethods()).containsExactly("com.a.One#run()");
        }
    }

    @Test
    void noIndexOnTheClassPathIsAnEmptyIndex() throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {tmp.toUri().toURL()}, null)) {
            WeavingIndex index = WeavingIndex.load(loader);

            assertThat(index.isEmpty()).isTrue();
            assertThat(index.sources()).isEmpty();
            assertThat(index.tracedMethods()).isEmpty();
            assertThat(index.handlerClasses()).isEmpty();
        }
    }

    @Test
    void setsAreUnmodifiable() throws Exception {
        Path dir = directoryWithIndex("one", "H com.a.One\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            WeavingIndex index = WeavingIndex.load(loader);

            assertThatThrownBy(() -> index.handlerClasses().add("x")).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> index.tracedMethods().clear()).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Test
    void keyUsesBinaryNamesAndTypeNames() throws Exception {
        Method method = Sample.Inner.class.getDeclaredMethod("run", Map.Entry.class, byte[][].class, String[].class);

        assertThat(WeavingIndex.key(method))
                .isEqualTo(
                        "dev.fctracing.annotations.weaving.WeavingIndexTest$Sample$Inner#run(java.util.Map$Entry,byte[][],"
                                + "java.lang.String[])");
    }

    @Test
    void nullLoaderMeansTheSystemClassLoader() {
        assertThat(WeavingIndex.load(null).sources()).isNotNull();
    }

    static final class Sample {
        static final class Inner {
            void run(Map.Entry<String, Integer> entry, byte[][] data, String... rest) {}
        }
    }
}
