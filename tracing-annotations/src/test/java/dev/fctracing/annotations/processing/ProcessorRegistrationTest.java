package dev.fctracing.annotations.processing;

import static javax.tools.Diagnostic.Kind.ERROR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import javax.annotation.processing.Processor;
import javax.lang.model.SourceVersion;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The processor as javac finds it by itself, through META-INF/services, without setProcessors. */
class ProcessorRegistrationTest {

    @TempDir
    Path tmp;

    static final Source MISPLACED =
            Source.of("com.x.Api", "package com.x;", "@dev.fctracing.annotations.FcHandler", "public interface Api {}");

    /**
     * The directory the processor was compiled to, holding the service file too. Under Maven (and IDEs) that is
     * target/classes. When the tests run against a jar instead, the discovery tests below are skipped: they pass the
     * directory to javac by path and read the service file from it.
     */
    private static Path processorDirectory() {
        Path classes = TestCompiler.codeSource(TracingAnnotationProcessor.class);
        assumeTrue(
                Files.isDirectory(classes)
                        && Files.isRegularFile(
                                classes.resolve("META-INF/services/javax.annotation.processing.Processor")),
                "processor classes are not in a directory with the service file: " + classes);
        return classes;
    }

    @Test
    void serviceFileNamesTheProcessor() throws Exception {
        List<String> lines = Files.readAllLines(
                processorDirectory().resolve("META-INF/services/javax.annotation.processing.Processor"));

        assertThat(lines).containsExactly(TracingAnnotationProcessor.class.getName());
    }

    @Test
    void serviceLoaderFindsTheProcessor() {
        List<Class<?>> found = new ArrayList<>();
        for (Processor processor :
                ServiceLoader.load(Processor.class, getClass().getClassLoader())) {
            found.add(processor.getClass());
        }

        assertThat(found).contains(TracingAnnotationProcessor.class);
    }

    @Test
    void javacDiscoversTheProcessorOnTheProcessorPath() {
        Path processorPath = processorDirectory();

        TestCompiler.Result result = TestCompiler.compileOnly(
                tmp, null, Arrays.asList("-processorpath", processorPath.toString()), Arrays.asList(MISPLACED));

        result.assertOnly(ERROR, "@FcHandler on com.x.Api: Api is an interface", MISPLACED, 3);
    }

    @Test
    void javacDiscoversTheProcessorOnTheClassPath() {
        processorDirectory();
        // Up to JDK 22 javac looks for processors on the class path by default; from JDK 23 on it needs -proc:full,
        // which JDK 21 introduced and later updates of older JDKs back-ported. Pass it whenever this javac knows it.
        List<String> options = new ArrayList<>();
        if (ToolProvider.getSystemJavaCompiler().isSupportedOption("-proc:full") >= 0) {
            options.add("-proc:full");
        }

        TestCompiler.Result result = TestCompiler.compileOnly(tmp, null, options, Arrays.asList(MISPLACED));

        result.assertOnly(ERROR, "@FcHandler on com.x.Api: Api is an interface", MISPLACED, 3);
    }

    @Test
    void supportsTheLatestSourceVersionAndItsThreeAnnotations() {
        TracingAnnotationProcessor processor = new TracingAnnotationProcessor();

        assertThat(processor.getSupportedSourceVersion()).isEqualTo(SourceVersion.latestSupported());
        assertThat(processor.getSupportedAnnotationTypes())
                .containsExactlyInAnyOrder(
                        "dev.fctracing.annotations.Traced",
                        "dev.fctracing.annotations.FcHandler",
                        "dev.fctracing.annotations.SpanAttribute");
    }
}
