package dev.fctracing.annotations.processing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fctracing.annotations.Traced;
import dev.fctracing.annotations.weaving.WeavingIndex;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.annotation.processing.Processor;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** Compiles in-memory sources with the JDK's javac, in process, into a directory. */
final class TestCompiler {

    /** What one compilation did. */
    static final class Result {
        final boolean success;
        final List<Diagnostic<? extends JavaFileObject>> diagnostics;
        final Path classes;

        Result(boolean success, List<Diagnostic<? extends JavaFileObject>> diagnostics, Path classes) {
            this.success = success;
            this.diagnostics = diagnostics;
            this.classes = classes;
        }

        /** Errors and warnings, the kinds a processor reports; notes and javac's mandatory warnings left out. */
        List<Diagnostic<? extends JavaFileObject>> reported() {
            return diagnostics.stream()
                    .filter(d -> d.getKind() == Diagnostic.Kind.ERROR || d.getKind() == Diagnostic.Kind.WARNING)
                    .collect(Collectors.toList());
        }

        /** Asserts that exactly one error or warning was reported, and that it is this one. */
        void assertOnly(Diagnostic.Kind kind, String fragment, Source source, long line) {
            assertThat(reported()).as(describe()).hasSize(1);
            assertDiagnostic(reported().get(0), kind, fragment, source, line);
            assertThat(success).as(describe()).isEqualTo(kind != Diagnostic.Kind.ERROR);
        }

        void assertClean() {
            assertThat(diagnostics).as(describe()).isEmpty();
            assertThat(success).isTrue();
        }

        Path index() {
            return classes.resolve(WeavingIndex.RESOURCE);
        }

        List<String> indexLines() {
            try {
                return Files.readAllLines(index(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String describe() {
            return diagnostics.stream()
                    .map(TestCompiler::format)
                    .collect(Collectors.joining("\n", "diagnostics:\n", ""));
        }
    }

    private TestCompiler() {}

    static void assertDiagnostic(
            Diagnostic<? extends JavaFileObject> diagnostic,
            Diagnostic.Kind kind,
            String fragment,
            Source source,
            long line) {
        assertThat(diagnostic.getKind()).as(format(diagnostic)).isEqualTo(kind);
        assertThat(diagnostic.getMessage(Locale.ROOT)).contains(fragment);
        assertThat(diagnostic.getSource()).as(format(diagnostic)).isSameAs(source);
        assertThat(diagnostic.getLineNumber()).as(format(diagnostic)).isEqualTo(line);
    }

    static String format(Diagnostic<? extends JavaFileObject> d) {
        return d.getKind() + " " + d.getSource() + ":" + d.getLineNumber() + " " + d.getMessage(Locale.ROOT);
    }

    /** Compiles {@code sources} and the fake FC interfaces with {@code processor} (none when null). */
    static Result compile(Path out, Processor processor, List<String> options, Source... sources) {
        List<Source> all = new ArrayList<>(FakeFc.sources());
        all.addAll(Arrays.asList(sources));
        return compileOnly(out, processor, options, all);
    }

    static Result compile(Path out, Processor processor, Source... sources) {
        return compile(out, processor, Collections.emptyList(), sources);
    }

    static Result compile(Path out, Source... sources) {
        return compile(out, new TracingAnnotationProcessor(), sources);
    }

    /** Compiles {@code sources} and the fake FC interfaces with all of {@code processors}. */
    static Result compileWith(Path out, List<Processor> processors, Source... sources) {
        List<Source> all = new ArrayList<>(FakeFc.sources());
        all.addAll(Arrays.asList(sources));
        return compileOnly(out, processors, Collections.emptyList(), all);
    }

    /** Compiles exactly {@code sources}, without the fake FC interfaces; discovers processors when null. */
    static Result compileOnly(Path out, Processor processor, List<String> options, List<Source> sources) {
        return compileOnly(out, processor == null ? null : Collections.singletonList(processor), options, sources);
    }

    private static Result compileOnly(
            Path out, List<Processor> processors, List<String> options, List<Source> sources) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("tests need a JDK, not a JRE").isNotNull();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files =
                javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            Path classes = Files.createDirectories(out.resolve("classes"));
            List<String> arguments = new ArrayList<>();
            arguments.addAll(Arrays.asList("-d", classes.toString(), "-classpath", annotationsClasspath()));
            arguments.addAll(options);
            JavaCompiler.CompilationTask task = javac.getTask(null, files, diagnostics, arguments, null, sources);
            if (processors != null) {
                task.setProcessors(processors);
            }
            task.setLocale(Locale.ROOT);
            boolean success = task.call();
            return new Result(success, diagnostics.getDiagnostics(), classes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where {@code @Traced} and {@code @FcHandler} were compiled to (target/classes under Maven). */
    static String annotationsClasspath() {
        return codeSource(Traced.class).toString();
    }

    static Path codeSource(Class<?> type) {
        try {
            return Paths.get(
                    type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pathOf(Path... entries) {
        return Arrays.stream(entries).map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }
}
