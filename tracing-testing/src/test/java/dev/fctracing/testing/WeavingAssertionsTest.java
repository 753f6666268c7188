package dev.fctracing.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.StreamRequestHandler;
import dev.fctracing.annotations.FcHandler;
import dev.fctracing.annotations.Traced;
import dev.fctracing.testing.fixtures.AbstractHandlerBase;
import dev.fctracing.testing.fixtures.UnannotatedPojoHandler;
import dev.fctracing.testing.fixtures.UnannotatedStreamHandler;
import dev.fctracing.testing.fixtures.UnannotatedSubclass;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

/**
 * This module is compiled by javac alone, so its own {@code @Traced} and {@code @FcHandler} classes are the unwoven
 * case; tracing-aspects and sample-function test the woven one.
 */
class WeavingAssertionsTest {

    private static final String HINT =
            " \u2014 check that aspectj-maven-plugin lists tracing-aspects under aspectLibraries and runs its compile"
                    + " goal in every module that declares them (compiled by javac alone, the annotations do nothing)";

    static class Repository {
        @Traced
        String load(String key) {
            return key;
        }

        String load(int id) {
            return "#" + id;
        }
    }

    @FcHandler
    static class Handler implements StreamRequestHandler {
        @Override
        public void handleRequest(InputStream input, OutputStream output, Context context) {}

        @Traced("step")
        void step() {}
    }

    @Test
    void anFcHandlerClassWithoutFcHandlerFailsNamingTheFix() {
        assertThatThrownBy(() -> WeavingAssertions.assertWoven(UnannotatedStreamHandler.class))
                .isInstanceOf(AssertionError.class)
                .hasMessage("dev.fctracing.testing.fixtures.UnannotatedStreamHandler is invoked by FC (it implements"
                        + " StreamRequestHandler, PreStopHandler) but is not annotated @FcHandler:"
                        + " dev.fctracing.testing.fixtures.UnannotatedStreamHandler#handleRequest(java.io.InputStream,"
                        + "java.io.OutputStream,com.aliyun.fc.runtime.Context),"
                        + " dev.fctracing.testing.fixtures.UnannotatedStreamHandler#preStop(com.aliyun.fc.runtime.Context)"
                        + " make no handler span and no span of it joins FC's trace; add @FcHandler"
                        + " (dev.fctracing.annotations.FcHandler) to dev.fctracing.testing.fixtures.UnannotatedStreamHandler"
                        + " and build it with aspectj-maven-plugin");
    }

    @Test
    void anInheritedEntryPointNamesTheClassThatDeclaresIt() {
        assertThatThrownBy(() -> WeavingAssertions.assertWoven(UnannotatedSubclass.class))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("dev.fctracing.testing.fixtures.UnannotatedSubclass is invoked by"
                        + " FC (it implements StreamRequestHandler, PreStopHandler) but inherits its entry points from"
                        + " dev.fctracing.testing.fixtures.UnannotatedStreamHandler, not annotated @FcHandler: ")
                .hasMessageEndingWith("add @FcHandler (dev.fctracing.annotations.FcHandler) to"
                        + " dev.fctracing.testing.fixtures.UnannotatedStreamHandler and build it with"
                        + " aspectj-maven-plugin");
    }

    @Test
    void anUnannotatedPojoHandlerFailsBeforeItsUnwovenTracedMethods() {
        assertThatThrownBy(() -> WeavingAssertions.assertWoven(UnannotatedPojoHandler.class))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("dev.fctracing.testing.fixtures.UnannotatedPojoHandler is invoked by FC (it"
                        + " implements PojoRequestHandler) but is not annotated @FcHandler:"
                        + " dev.fctracing.testing.fixtures.UnannotatedPojoHandler#handleRequest(java.lang.String,"
                        + "com.aliyun.fc.runtime.Context) makes no handler span")
                .hasMessageContaining("; 1 @Traced method is not woven:"
                        + " dev.fctracing.testing.fixtures.UnannotatedPojoHandler#step(java.lang.String)")
                .hasMessageEndingWith(HINT);
    }

    @Test
    void anAbstractBaseOfHandlersIsNotInvokedByFc() {
        assertThatThrownBy(() -> WeavingAssertions.assertWoven(AbstractHandlerBase.class))
                .hasMessageStartingWith("nothing to check");
    }

    @Test
    void anUnwovenTracedMethodFailsWithTheExplanation() {
        assertThatThrownBy(() -> WeavingAssertions.assertWoven(Repository.class))
                .isInstanceOf(AssertionError.class)
                .hasMessage("1 @Traced method is not woven:"
                        + " dev.fctracing.testing.WeavingAssertionsTest$Repository#load(java.lang.String)" + HINT);
    }

    @Test
    void anUnwovenHandlerNamesItsEntryPointAndItsTracedMethods() {
        assertThatThrownBy(() -> WeavingAssertions.assertWoven(Handler.class, Repository.class))
                .isInstanceOf(AssertionError.class)
                .hasMessage("1 @FcHandler entry point is not woven: dev.fctracing.testing.WeavingAssertionsTest$Handler"
                        + "#handleRequest(java.io.InputStream,java.io.OutputStream,com.aliyun.fc.runtime.Context); "
                        + "2 @Traced methods are not woven: dev.fctracing.testing.WeavingAssertionsTest$Handler#step(),"
                        + " dev.fctracing.testing.WeavingAssertionsTest$Repository#load(java.lang.String)" + HINT);
    }

    @Test
    void memberClassesAreCheckedWithTheirOuterClass() {
        assertThatThrownBy(() -> WeavingAssertions.assertWoven(WeavingAssertionsTest.class))
                .hasMessageStartingWith("1 @FcHandler entry point is not woven")
                .hasMessageContaining("2 @Traced methods are not woven");
    }

    @Test
    void aClassWithNothingToWeaveIsATestMistake() {
        assertThatThrownBy(() -> WeavingAssertions.assertWoven(String.class))
                .isInstanceOf(AssertionError.class)
                .hasMessage("nothing to check: no @Traced method and no @FcHandler entry point in java.lang.String");
        assertThatThrownBy(WeavingAssertions::assertWoven).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void assertWovenAllReadsTheIndexThatJavacWroteForTheseTests() {
        assertThatThrownBy(WeavingAssertions::assertWovenAll)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("WeavingAssertionsTest$Handler#handleRequest(")
                .hasMessageContaining("WeavingAssertionsTest$Repository#load(java.lang.String)")
                .hasMessageContaining("dev.fctracing.testing.fixtures.UnannotatedPojoHandler is invoked by FC")
                .hasMessageEndingWith(HINT);
    }

    @Test
    void assertWovenAllWithoutAnyIndexSaysWhy() throws Exception {
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            assertThatThrownBy(() -> WeavingAssertions.assertWovenAll(empty))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith(
                            "no fc-tracing weaving index (META-INF/fc-tracing/traced.idx) on the class" + " path")
                    .hasMessageContaining("<proc>full</proc>");
        }
        assertThat(Thread.currentThread().getContextClassLoader()).isNotNull();
    }
}
