package dev.fctracing.internal.weaving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fctracing.annotations.processing.TracingAnnotationProcessor;
import dev.fctracing.annotations.weaving.WeavingIndex;
import dev.fctracing.internal.aspect.TracedAspect;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.aspectj.bridge.IMessage;
import org.aspectj.bridge.MessageHandler;
import org.aspectj.tools.ajc.Main;

/**
 * Builds small projects the way a function's Maven build does, in-process: javac with fc-tracing's annotation
 * processor (which writes the weaving index), then — for a woven module — ajc over the same sources into the same
 * output directory with {@code tracing-aspects} as aspect path, as {@code aspectj-maven-plugin:compile} does.
 */
final class DemoBuild {

    private DemoBuild() {}

    /** The test JVM's class path: FC, OpenTelemetry, aspectjrt, the annotations and these aspects. */
    static String testClasspath() {
        return System.getProperty("java.class.path");
    }

    /** Where the aspects were compiled to: {@code tracing-aspects/target/classes} in the reactor. */
    static Path aspectPath() {
        try {
            return Paths.get(TracedAspect.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Copies the demo module {@code module} (under {@code weaving-demo/} in the test resources) to {@code dir}. */
    static List<Path> demoSources(String module, Path dir) {
        try {
            Path root = Paths.get(
                    DemoBuild.class.getResource("/weaving-demo/" + module).toURI());
            List<Path> copies = new ArrayList<>();
            try (Stream<Path> files = Files.walk(root)) {
                for (Path source :
                        files.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList())) {
                    Path copy = dir.resolve(root.relativize(source).toString());
                    Files.createDirectories(copy.getParent());
                    Files.copy(source, copy, StandardCopyOption.REPLACE_EXISTING);
                    copies.add(copy);
                }
            }
            return copies;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code text} as the source of {@code className} under {@code dir}. */
    static Path writeSource(Path dir, String className, String text) {
        try {
            Path file = dir.resolve(className.replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.write(file, text.getBytes(StandardCharsets.UTF_8));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * javac with the annotation processor: {@code sources} into {@code out}, against the test class path and
     * {@code extraClasspath}. Fails the test on any compile error.
     */
    static void javac(Path out, List<Path> sources, Path... extraClasspath) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("tests need a JDK").isNotNull();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files =
                javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            Files.createDirectories(out);
            List<String> options =
                    Arrays.asList("--release", "8", "-d", out.toString(), "-classpath", classpath(extraClasspath));
            JavaCompiler.CompilationTask task = javac.getTask(
                    null,
                    files,
                    diagnostics,
                    options,
                    null,
                    files.getJavaFileObjectsFromFiles(
                            sources.stream().map(Path::toFile).collect(Collectors.toList())));
            // Named explicitly: javac 23+ no longer discovers processors on the class path.
            task.setProcessors(Collections.singletonList(new TracingAnnotationProcessor()));
            boolean success = task.call();
            assertThat(success)
                    .as(
                            "javac: %s",
                            diagnostics.getDiagnostics().stream()
                                    .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                                    .map(d -> d.getMessage(Locale.ROOT))
                                    .collect(Collectors.toList()))
                    .isTrue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * ajc over {@code sources} into {@code out} with the aspects on the aspect path, after javac has written the
     * index there (javac first, then ajc, as a Maven build with aspectj-maven-plugin runs them).
     */
    static void ajc(Path out, List<Path> sources, List<String> extraOptions, Path... extraClasspath) {
        List<String> args = new ArrayList<>(Arrays.asList(
                "-8",
                "-encoding",
                "UTF-8",
                "-d",
                out.toString(),
                "-classpath",
                classpath(extraClasspath),
                "-aspectpath",
                aspectPath().toString(),
                "-Xlint:ignore"));
        args.addAll(extraOptions);
        for (Path source : sources) {
            args.add(source.toString());
        }
        MessageHandler messages = new MessageHandler();
        new Main().run(args.toArray(new String[0]), messages);
        assertThat(messages.getErrors())
                .as("ajc errors: %s", Arrays.toString(messages.getErrors()))
                .isEmpty();
        assertThat(messages.numMessages(IMessage.ABORT, true))
                .as("ajc aborted: %s", messages)
                .isZero();
    }

    /** javac then ajc, like a module built with aspectj-maven-plugin. */
    static void wovenBuild(Path out, List<Path> sources, Path... extraClasspath) {
        javac(out, sources, extraClasspath);
        ajc(out, sources, Collections.emptyList(), extraClasspath);
    }

    private static String classpath(Path... extra) {
        StringBuilder out = new StringBuilder(testClasspath());
        for (Path path : extra) {
            out.append(File.pathSeparator).append(path);
        }
        return out.toString();
    }

    /**
     * A fresh class loader over {@code dirs} (the demo function's "jars") whose parent is the test's loader, so that
     * FC, OpenTelemetry and these aspects are shared with the test. It sees only its own weaving indexes, not those
     * of the test class path.
     */
    static URLClassLoader loader(Path... dirs) {
        URL[] urls = new URL[dirs.length];
        for (int i = 0; i < dirs.length; i++) {
            try {
                urls[i] = dirs[i].toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        }
        return new URLClassLoader(urls, DemoBuild.class.getClassLoader()) {
            @Override
            public Enumeration<URL> getResources(String name) throws IOException {
                return WeavingIndex.RESOURCE.equals(name) ? findResources(name) : super.getResources(name);
            }
        };
    }

    /** Reads a demo class's index, for messages. */
    static String index(Path dir) {
        try (InputStream in = Files.newInputStream(dir.resolve(WeavingIndex.RESOURCE))) {
            byte[] bytes = new byte[64 * 1024];
            int n = in.read(bytes);
            return new String(bytes, 0, Math.max(n, 0), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
