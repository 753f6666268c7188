package dev.fctracing.internal.weaving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fctracing.annotations.weaving.WeavingIndex;
import dev.fctracing.annotations.weaving.WeavingReport;
import dev.fctracing.internal.TestSupport;
import dev.fctracing.internal.config.Environment;
import dev.fctracing.internal.instance.TracingInstance;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeavingSelfCheckTest {

    @TempDir
    Path tmp;

    private final List<LogRecord> logs = Collections.synchronizedList(new ArrayList<>());
    private final List<String> logThreads = Collections.synchronizedList(new ArrayList<>());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logs.add(record);
            logThreads.add(Thread.currentThread().getName());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void capture() {
        Logger.getLogger("dev.fctracing").addHandler(capture);
    }

    @AfterEach
    void release() {
        Logger.getLogger("dev.fctracing").removeHandler(capture);
    }

    private List<String> messages() {
        synchronized (logs) {
            return logs.stream().map(LogRecord::getMessage).collect(Collectors.toList());
        }
    }

    private Path indexDirectory(String content) throws IOException {
        Path index = tmp.resolve(WeavingIndex.RESOURCE);
        Files.createDirectories(index.getParent());
        Files.write(index, content.getBytes(StandardCharsets.UTF_8));
        return tmp;
    }

    @Test
    void aFunctionBuiltWithoutTheProcessorHasNoIndexAndIsSkippedSilently() throws Exception {
        try (URLClassLoader noIndex = DemoBuild.loader()) {
            assertThat(WeavingSelfCheck.run(noIndex)).isNull();
        }
        assertThat(messages()).isEmpty();
    }

    @Test
    void classesThatDoNotLoadAreReportedInTheWarning() throws Exception {
        Path dir = indexDirectory(
                "H gone.Handler\nT gone.Missing run()\nT dev.fctracing.internal.weaving.OverloadFixture removed(int)\n");
        try (URLClassLoader function = DemoBuild.loader(dir)) {
            WeavingReport report = WeavingSelfCheck.run(function);

            assertThat(report.isClean()).isFalse();
        }
        assertThat(messages())
                .containsExactly("3 indexed classes or methods could not be checked:"
                        + " dev.fctracing.internal.weaving.OverloadFixture#removed(int) (no such @Traced method),"
                        + " gone.Handler (class not found), gone.Missing (class not found) \u2014 rebuild if the weaving"
                        + " index is stale, and check that these classes are in the deployed jar");
    }

    @Test
    void aFailingCheckIsLoggedAndNeverThrown() {
        ClassLoader broken = new ClassLoader(null) {
            @Override
            public Enumeration<URL> getResources(String name) throws IOException {
                throw new IOException("disk on fire");
            }
        };

        assertThat(WeavingSelfCheck.run(broken)).isNull();
        assertThat(messages())
                .singleElement()
                .asString()
                .startsWith("fc-tracing could not check whether its aspects were woven: ")
                .contains("disk on fire");
    }

    @Test
    void theEntryAspectsCallChecksOnceWithTheHandlersClassLoaderOnAThreadOfItsOwn() throws Exception {
        Path classes = tmp.resolve("classes");
        DemoBuild.javac(
                classes,
                Collections.singletonList(
                        DemoBuild.writeSource(tmp.resolve("src"), "x.Handler", "package x; public class Handler {}")));
        Path index = classes.resolve(WeavingIndex.RESOURCE);
        Files.createDirectories(index.getParent());
        Files.write(index, "T gone.Missing run()\n".getBytes(StandardCharsets.UTF_8));
        try (URLClassLoader function = DemoBuild.loader(classes)) {
            Class<?> handler = Class.forName("x.Handler", false, function);

            WeavingSelfCheck.onFirstInvocation(TracingInstance.current(), handler);
            WeavingSelfCheck.onFirstInvocation(TracingInstance.current(), handler);
            TestSupport.awaitWeavingCheck(10_000);
            assertThat(messages())
                    .singleElement()
                    .asString()
                    .startsWith("1 indexed class or method could not be checked");

            WeavingSelfCheck.onFirstInvocation(TracingInstance.current(), null);
            TestSupport.awaitWeavingCheck(10_000);
            assertThat(messages()).hasSize(1);
            assertThat(logThreads)
                    .as("logged from the check's own thread")
                    .containsExactly(WeavingSelfCheck.THREAD_NAME);
        }
    }

    @Test
    void theCheckWaitsForTheFirstRequestToEndBeforeItLoadsAnything() throws Exception {
        TestSupport.newInstance(Environment.of(Collections.<String, String>emptyMap()));
        Path classes = tmp.resolve("classes");
        DemoBuild.javac(
                classes,
                Collections.singletonList(
                        DemoBuild.writeSource(tmp.resolve("src"), "y.Handler", "package y; public class Handler {}")));
        Path index = classes.resolve(WeavingIndex.RESOURCE);
        Files.createDirectories(index.getParent());
        Files.write(index, "T gone.Missing run()\n".getBytes(StandardCharsets.UTF_8));
        try (URLClassLoader function = DemoBuild.loader(classes)) {
            TracingInstance instance = TracingInstance.current();
            long started = System.nanoTime();
            WeavingSelfCheck.onFirstInvocation(instance, Class.forName("y.Handler", false, function));
            Thread check = instance.weavingCheck;
            check.join(100);
            if (System.nanoTime() - started < TimeUnit.MILLISECONDS.toNanos(WeavingSelfCheck.MAX_DELAY_MILLIS)) {
                assertThat(check.isAlive()).as("waiting for the first request").isTrue();
                assertThat(messages()).isEmpty();
            }

            instance.firstRequestEnded.countDown(); // what FcInvocation.end() does after a request's flush
            check.join(10_000);
            assertThat(check.isAlive()).isFalse();
            assertThat(messages())
                    .singleElement()
                    .asString()
                    .startsWith("1 indexed class or method could not be checked");
        } finally {
            TestSupport.newInstance(
                    Environment.of(Collections.<String, String>emptyMap())); // the next test starts afresh
        }
    }
}
