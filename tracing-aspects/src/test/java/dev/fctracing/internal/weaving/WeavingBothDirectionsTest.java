package dev.fctracing.internal.weaving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.fc.runtime.StreamRequestHandler;
import dev.fctracing.annotations.weaving.WeavingReport;
import dev.fctracing.internal.TestSupport;
import dev.fctracing.internal.config.Environment;
import dev.fctracing.testing.FakeFcContext;
import dev.fctracing.testing.LoopbackJaegerCollector;
import dev.fctracing.testing.WeavingAssertions;
import io.jaegertracing.thriftjava.Span;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both directions, on a small two-module function (a handler module and a library module, see
 * {@code src/test/resources/weaving-demo}) built in-process like a Maven build: javac with the annotation processor
 * (so the weaving index is written), and for woven modules ajc over the same output with tracing-aspects as aspect
 * path. Without the weave, {@code WeavingAssertions} fails with the explanation and the self-check warns; with it,
 * neither.
 */
class WeavingBothDirectionsTest {

    private static final String HANDLER = "demo.weaving.GreetingHandler";
    private static final String LIBRARY = "demo.weaving.lib.Library";
    private static final String INITIALISED = "demo.weaving.lib.Library.initialised";

    private static final String HANDLE_REQUEST =
            HANDLER + "#handleRequest(java.io.InputStream,java.io.OutputStream,com.aliyun.fc.runtime.Context)";
    private static final String HINT =
            "check that aspectj-maven-plugin lists tracing-aspects under aspectLibraries and runs its compile goal in"
                    + " every module that declares them (compiled by javac alone, the annotations do nothing)";

    /** What both the assertion and the self-check say when nothing is woven. */
    private static final String NOTHING_WOVEN = "1 @FcHandler entry point is not woven: " + HANDLE_REQUEST + "; "
            + "3 @Traced methods are not woven: demo.weaving.GreetingHandler#greet(java.lang.String),"
            + " demo.weaving.lib.Library#lookup(java.lang.String), demo.weaving.lib.Library#normalise(java.lang.String,int)"
            + " \u2014 " + HINT;

    /** What they say when only the library module was built without the weave. */
    private static final String LIBRARY_NOT_WOVEN =
            "2 @Traced methods are not woven: demo.weaving.lib.Library#lookup(java.lang.String),"
                    + " demo.weaving.lib.Library#normalise(java.lang.String,int) \u2014 " + HINT;

    @TempDir
    static Path tmp;

    private static Path libraryPlain;
    private static Path libraryWoven;
    private static Path handlerPlain;
    private static Path handlerWoven;

    private LoopbackJaegerCollector collector;
    private final List<LogRecord> logs = Collections.synchronizedList(new ArrayList<>());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logs.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeAll
    static void build() {
        List<Path> library = DemoBuild.demoSources("library", tmp.resolve("src-library"));
        List<Path> handler = DemoBuild.demoSources("handler", tmp.resolve("src-handler"));
        libraryPlain = tmp.resolve("library-javac");
        DemoBuild.javac(libraryPlain, library);
        libraryWoven = tmp.resolve("library-ajc");
        DemoBuild.wovenBuild(libraryWoven, library);
        handlerPlain = tmp.resolve("handler-javac");
        DemoBuild.javac(handlerPlain, handler, libraryPlain);
        handlerWoven = tmp.resolve("handler-ajc");
        DemoBuild.wovenBuild(handlerWoven, handler, libraryPlain);
    }

    @BeforeEach
    void newInstance() {
        System.clearProperty(INITIALISED);
        TestSupport.newInstance(Environment.system());
        collector = LoopbackJaegerCollector.start();
        Logger.getLogger("dev.fctracing").addHandler(capture);
    }

    @AfterEach
    void stop() {
        Logger.getLogger("dev.fctracing").removeHandler(capture);
        collector.close();
        TestSupport.newInstance(Environment.system());
        System.clearProperty(INITIALISED);
    }

    @Test
    void withoutTheWeaveTheAssertionFailsWithTheExplanationAndTheSelfCheckWarns() throws Exception {
        assertThat(DemoBuild.index(handlerPlain)).as("javac wrote the index").contains("H " + HANDLER);
        try (URLClassLoader function = DemoBuild.loader(handlerPlain, libraryPlain)) {
            Class<?> handler = Class.forName(HANDLER, false, function);
            Class<?> library = Class.forName(LIBRARY, false, function);

            assertThatThrownBy(() -> WeavingAssertions.assertWoven(handler, library))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage(NOTHING_WOVEN);
            assertThatThrownBy(() -> WeavingAssertions.assertWovenAll(function))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage(NOTHING_WOVEN);
            // What the entry aspect calls on the first invocation (it cannot: nothing of fc-tracing is woven in).
            assertThat(WeavingSelfCheck.run(function).isClean()).isFalse();
            assertThat(warnings()).containsExactly(NOTHING_WOVEN);
            assertThat(System.getProperty(INITIALISED))
                    .as("no check initialises a user class")
                    .isNull();

            logs.clear();
            assertThat(invoke(handler)).isEqualTo("hello world");
            assertThat(collector.postCount()).as("no spans without the weave").isZero();
            assertThat(warnings())
                    .as("an unwoven handler runs none of fc-tracing's code")
                    .isEmpty();
        }
    }

    @Test
    void aLibraryModuleBuiltWithoutTheWeaveIsNamedInOneWarningOnTheFirstInvocation() throws Exception {
        try (URLClassLoader function = DemoBuild.loader(handlerWoven, libraryPlain)) {
            Class<?> handler = Class.forName(HANDLER, false, function);
            Class<?> library = Class.forName(LIBRARY, false, function);

            assertThat(invoke(handler)).isEqualTo("hello world");
            assertThat(invoke(handler)).isEqualTo("hello world");
            TestSupport.awaitWeavingCheck(10_000);

            assertThat(warnings())
                    .as("one warning, on the first invocation only")
                    .containsExactly(LIBRARY_NOT_WOVEN);
            assertThat(collector.spans())
                    .extracting(Span::getOperationName)
                    .containsOnly("fn", "greet")
                    .hasSize(4);
            WeavingAssertions.assertWoven(handler);
            assertThatThrownBy(() -> WeavingAssertions.assertWoven(library))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage(LIBRARY_NOT_WOVEN);
            assertThatThrownBy(() -> WeavingAssertions.assertWovenAll(function)).hasMessage(LIBRARY_NOT_WOVEN);
        }
    }

    @Test
    void withTheWeaveThereIsNeitherAWarningNorAFailure() throws Exception {
        try (URLClassLoader function = DemoBuild.loader(handlerWoven, libraryWoven)) {
            Class<?> handler = Class.forName(HANDLER, false, function);
            Class<?> library = Class.forName(LIBRARY, false, function);

            WeavingAssertions.assertWoven(handler, library);
            WeavingAssertions.assertWovenAll(function);
            assertThat(System.getProperty(INITIALISED)).isNull();
            WeavingReport report = WeavingSelfCheck.run(function);
            assertThat(report.isClean()).isTrue();
            assertThat(report.checkedMethods())
                    .as("entry point, the two lifecycle hooks the weave added and three @Traced methods")
                    .isEqualTo(6);
            assertThat(invoke(handler)).isEqualTo("hello world");
            TestSupport.awaitWeavingCheck(10_000);

            assertThat(warnings()).isEmpty();
            assertThat(collector.spans())
                    .extracting(Span::getOperationName)
                    .containsExactlyInAnyOrder("fn", "greet", "lookup", "normalise");
        }
    }

    private String invoke(Class<?> handlerClass) throws Exception {
        StreamRequestHandler handler =
                (StreamRequestHandler) handlerClass.getConstructor().newInstance();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(
                new ByteArrayInputStream(new byte[0]),
                output,
                FakeFcContext.builder()
                        .functionName("fn")
                        .spanContext(FakeFcContext.randomJaegerSpanContext(true))
                        .jaegerEndpoint(collector.endpoint())
                        .build());
        return new String(output.toByteArray(), StandardCharsets.UTF_8);
    }

    private List<String> warnings() {
        synchronized (logs) {
            return logs.stream()
                    .filter(r -> r.getLevel() == Level.WARNING)
                    .map(LogRecord::getMessage)
                    .collect(Collectors.toList());
        }
    }
}
