package dev.fctracing.annotations.weaving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fctracing.annotations.Traced;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Classes that carry, written by hand, the marks ajc leaves when it weaves around advice (this module cannot run
 * ajc: it would need tracing-aspects, which depends on it). The real marks are tested on ajc's output in
 * tracing-aspects; these pin down the detector's rules one by one. Compiled with plain javac, without annotation
 * processing, into a directory.
 */
final class Mimics {

    private Mimics() {}

    static final String FC = "package com.aliyun.fc.runtime;\n";

    /** Stand-ins for FC's interfaces and for the two aspects, matched by name as in the real thing. */
    static final String[][] SUPPORT = {
        {"com.aliyun.fc.runtime.Context", FC + "public interface Context {}"},
        {
            "com.aliyun.fc.runtime.StreamRequestHandler",
            FC + "public interface StreamRequestHandler {"
                    + " void handleRequest(java.io.InputStream i, java.io.OutputStream o, Context c); }"
        },
        {
            "com.aliyun.fc.runtime.PojoRequestHandler",
            FC + "public interface PojoRequestHandler<I, O> {" + " O handleRequest(I i, Context c); }"
        },
        {
            "com.aliyun.fc.runtime.HttpRequestHandler",
            FC + "public interface HttpRequestHandler {"
                    + " void handleRequest(javax.servlet.http.HttpServletRequest request,"
                    + " javax.servlet.http.HttpServletResponse response, Context c); }"
        },
        {"javax.servlet.http.HttpServletRequest", "package javax.servlet.http; public interface HttpServletRequest {}"},
        {"javax.servlet.http.HttpServletResponse", "package javax.servlet.http; public interface HttpServletResponse {}"
        },
        {
            "com.aliyun.fc.runtime.FunctionInitializer",
            FC + "public interface FunctionInitializer {" + " void initialize(Context c); }"
        },
        {
            "com.aliyun.fc.runtime.PreFreezeHandler",
            FC + "public interface PreFreezeHandler { void preFreeze(Context c); }"
        },
        {"com.aliyun.fc.runtime.PreStopHandler", FC + "public interface PreStopHandler { void preStop(Context c); }"},
        {
            "dev.fctracing.internal.aspect.TracedAspect",
            "package dev.fctracing.internal.aspect;" + " public class TracedAspect {}"
        },
        {
            "dev.fctracing.internal.aspect.FcHandlerAspect",
            "package dev.fctracing.internal.aspect;" + " public class FcHandlerAspect {}"
        },
        {"other.OtherAspect", "package other; public class OtherAspect {}"},
    };

    /** Compiles the support classes and {@code sources} (pairs of class name and text) into {@code out}. */
    static Path compile(Path out, String... sources) {
        List<JavaFileObject> units = new ArrayList<>();
        for (String[] support : SUPPORT) {
            units.add(source(support[0], support[1]));
        }
        for (int i = 0; i < sources.length; i += 2) {
            units.add(source(sources[i], sources[i + 1]));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files =
                javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            Files.createDirectories(out);
            List<String> options = Arrays.asList(
                    "-proc:none",
                    "-d",
                    out.toString(),
                    "-classpath",
                    codeSource(Traced.class).toString());
            boolean success = javac.getTask(null, files, diagnostics, options, null, units)
                    .call();
            assertThat(success).as("%s", diagnostics.getDiagnostics()).isTrue();
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A loader over {@code dir} whose parent is the test's loader, so that the annotations are shared. */
    static URLClassLoader loader(Path dir) {
        try {
            return new URLClassLoader(new URL[] {dir.toUri().toURL()}, Mimics.class.getClassLoader());
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path codeSource(Class<?> type) {
        try {
            return Paths.get(
                    type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JavaFileObject source(String className, String text) {
        return new SimpleJavaFileObject(
                URI.create("string:///" + className.replace('.', '/') + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return text;
            }
        };
    }
}
