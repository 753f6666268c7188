package dev.fctracing.internal.weaving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fctracing.annotations.weaving.WeavingCheck;
import dev.fctracing.annotations.weaving.WeavingDetector;
import dev.fctracing.annotations.weaving.WeavingIndex;
import dev.fctracing.internal.aspect.FcHandlerAspect;
import dev.fctracing.internal.aspect.TracedAspect;
import dev.fctracing.it.PojoHandler;
import dev.fctracing.it.StreamHandler;
import dev.fctracing.it.UnannotatedHandler;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The detector on what ajc 1.9.24 really produces: the it.* handlers and fixtures woven at test-compile. */
class WeavingDetectorAjcTest {

    @TempDir
    Path tmp;

    private static List<String> keys(List<Method> methods) {
        return methods.stream().map(WeavingIndex::key).collect(Collectors.toList());
    }

    @Test
    void theDetectorNamesTheRealAspects() {
        assertThat(WeavingDetector.TRACED_ASPECT).isEqualTo(TracedAspect.class.getName());
        assertThat(WeavingDetector.HANDLER_ASPECT).isEqualTo(FcHandlerAspect.class.getName());
    }

    @Test
    void everyTracedMethodAndEntryPointOfAWovenHandlerIsWoven() {
        WeavingDetector detector = WeavingDetector.of(StreamHandler.class);

        assertThat(keys(detector.tracedMethods()))
                .containsExactly(
                        "dev.fctracing.it.StreamHandler#failing()",
                        "dev.fctracing.it.StreamHandler#inner()",
                        "dev.fctracing.it.StreamHandler#outer(java.lang.String)",
                        "dev.fctracing.it.StreamHandler#privateInner(java.lang.String)",
                        "dev.fctracing.it.StreamHandler#privateInnerInstance(java.lang.String)",
                        "dev.fctracing.it.StreamHandler#staticMiddle(java.lang.String)");
        assertThat(detector.tracedMethods()).allMatch(detector::tracedWoven);
        assertThat(keys(detector.entryPoints()))
                .containsExactly(
                        "dev.fctracing.it.StreamHandler#handleRequest(java.io.InputStream,java.io.OutputStream,"
                                + "com.aliyun.fc.runtime.Context)",
                        "dev.fctracing.it.StreamHandler#initialize(com.aliyun.fc.runtime.Context)",
                        "dev.fctracing.it.StreamHandler#preFreeze(com.aliyun.fc.runtime.Context)",
                        "dev.fctracing.it.StreamHandler#preStop(com.aliyun.fc.runtime.Context)");
        assertThat(WeavingDetector.unwovenEntryPoints(StreamHandler.class)).isEmpty();
        assertThat(detector.entryPoints()).noneMatch(detector::tracedWoven);
    }

    @Test
    void aGenericPojoHandlersEntryPointIsWovenAndItsBridgeIsNoEntryPoint() {
        WeavingDetector detector = WeavingDetector.of(PojoHandler.class);

        assertThat(keys(detector.entryPoints()))
                .as("the handler's own entry point and the lifecycle hooks the weave added")
                .containsExactly(
                        "dev.fctracing.it.PojoHandler#handleRequest(java.lang.String,com.aliyun.fc.runtime.Context)",
                        "dev.fctracing.it.PojoHandler#preFreeze(com.aliyun.fc.runtime.Context)",
                        "dev.fctracing.it.PojoHandler#preStop(com.aliyun.fc.runtime.Context)");
        assertThat(WeavingDetector.unwovenEntryPoints(PojoHandler.class)).isEmpty();
    }

    @Test
    void withoutFcHandlerTheEntryAspectIsNotWovenButTracedIs() throws Exception {
        WeavingDetector detector = WeavingDetector.of(UnannotatedHandler.class);

        assertThat(detector.isHandler()).isFalse();
        assertThat(detector.entryPoints()).hasSize(1);
        assertThat(detector.entryPointWoven(detector.entryPoints().get(0))).isFalse();
        assertThat(detector.tracedWoven(UnannotatedHandler.class.getDeclaredMethod("traced", String.class)))
                .isTrue();
    }

    @Test
    void overloadsAreJudgedOneByOne() throws Exception {
        WeavingDetector detector = WeavingDetector.of(OverloadFixture.class);
        Class<?> c = OverloadFixture.class;

        assertThat(detector.tracedWoven(c.getDeclaredMethod("run"))).isTrue();
        assertThat(detector.tracedWoven(c.getDeclaredMethod("run", String.class)))
                .isTrue();
        assertThat(detector.tracedWoven(c.getDeclaredMethod("run", OverloadFixture.class, String[].class)))
                .isTrue();
        assertThat(detector.tracedWoven(c.getDeclaredMethod("max", List.class, Comparable[].class)))
                .isTrue();
        assertThat(detector.wovenBy(c.getDeclaredMethod("run", int.class), WeavingDetector.TRACED_ASPECT))
                .as("the untraced overload carries no marks")
                .isFalse();
        Class<?> local = ((Runnable) new OverloadFixture().local()).getClass();
        assertThat(WeavingDetector.isTracedWoven(local.getDeclaredMethod("run")))
                .isTrue();
    }

    @Test
    void theIndexOfTheseTestsListsOnlyWovenMethodsAndNotTheLocalClass() {
        WeavingIndex index = WeavingIndex.load(getClass().getClassLoader());

        assertThat(index.tracedMethods())
                .contains(
                        "dev.fctracing.internal.weaving.OverloadFixture#run(dev.fctracing.internal.weaving.OverloadFixture,"
                                + "java.lang.String[])")
                .noneMatch(key -> key.contains("Local"));
        assertThat(WeavingCheck.ofIndex(index, getClass().getClassLoader()).isClean())
                .isTrue();
    }

    @Test
    void aLibraryBuiltWithXnoInlineIsRecognisedThroughItsAroundBodies() throws Exception {
        List<Path> sources = DemoBuild.demoSources("library", tmp.resolve("src"));
        Path out = tmp.resolve("classes");
        DemoBuild.javac(out, sources);
        DemoBuild.ajc(out, sources, Collections.singletonList("-XnoInline"));

        try (URLClassLoader function = DemoBuild.loader(out)) {
            Class<?> library = Class.forName("demo.weaving.lib.Library", false, function);
            assertThat(Arrays.stream(library.getDeclaredMethods()).map(Method::getName))
                    .as("no inlined advice: the fallback is what is tested")
                    .noneMatch(name -> name.endsWith("$advice"))
                    .anyMatch(name -> name.startsWith("lookup_aroundBody"));
            WeavingDetector detector = WeavingDetector.of(library);
            assertThat(detector.tracedWoven(library.getDeclaredMethod("lookup", String.class)))
                    .isTrue();
            assertThat(detector.tracedWoven(library.getDeclaredMethod("normalise", String.class, int.class)))
                    .isTrue();
            assertThat(detector.wovenBy(library.getDeclaredMethod("lookup", int.class), WeavingDetector.TRACED_ASPECT))
                    .isFalse();
            assertThat(detector.wovenBy(
                            library.getDeclaredMethod("lookup", String.class), WeavingDetector.HANDLER_ASPECT))
                    .as("the class file does not name the entry aspect")
                    .isFalse();
            assertThat(WeavingCheck.ofIndex(WeavingIndex.load(function), function)
                            .isClean())
                    .isTrue();
        }
    }
}
