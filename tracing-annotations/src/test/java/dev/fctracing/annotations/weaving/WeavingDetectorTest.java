package dev.fctracing.annotations.weaving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The detector's rules, on classes that carry ajc's marks written by hand (see {@link Mimics}). */
class WeavingDetectorTest {

    private static final String IMPORTS =
            "import dev.fctracing.annotations.*; import dev.fctracing.internal.aspect.*; import com.aliyun.fc.runtime.*;"
                    + " import java.io.*;\n";

    /** A handler as ajc leaves it, with some methods woven and some not. */
    private static final String WOVEN = "package m;\n" + IMPORTS
            + "@FcHandler public class Woven implements StreamRequestHandler, FunctionInitializer, PreStopHandler {\n"
            // Entry point, woven by the entry aspect.
            + "  public void handleRequest(InputStream in, OutputStream out, Context c) {}\n"
            + "  private static final void handleRequest_aroundBody0(Woven w, InputStream in, OutputStream out,"
            + " Context c) {}\n"
            + "  private static final Object handleRequest_aroundBody1$advice(Woven w, InputStream in,"
            + " OutputStream out, Context c, FcHandlerAspect a, Context bound, Object closure, Object tjp)"
            + " { return null; }\n"
            // Entry point, not woven.
            + "  public void initialize(Context c) {}\n"
            // Entry point, woven by someone else's aspect only.
            + "  public void preStop(Context c) {}\n"
            + "  private static final void preStop_aroundBody2(Woven w, Context c) {}\n"
            + "  private static final Object preStop_aroundBody3$advice(Woven w, Context c, other.OtherAspect a,"
            + " Object closure, Object tjp) { return null; }\n"
            // Same name, not an entry point: a StreamRequestHandler's only entry is (InputStream, OutputStream,
            // Context).
            + "  public void handleRequest(String s, Context c) {}\n"
            // Overloads: only run() and run(long) are woven.
            + "  @Traced void run() {}\n"
            + "  private static final void run_aroundBody4(Woven w) {}\n"
            + "  private static final Object run_aroundBody5$advice(Woven w, TracedAspect a, Object closure,"
            + " Object tjp) { return null; }\n"
            + "  @Traced void run(String s) {}\n"
            + "  @Traced static void run(long l) {}\n"
            + "  private static final void run_aroundBody6(long l) {}\n"
            + "  private static final Object run_aroundBody7$advice(long l, TracedAspect a, Object closure,"
            + " Object tjp) { return null; }\n"
            // Marks, but no @Traced: the @Traced aspect does not apply.
            + "  void run(int i) {}\n"
            + "  private static final void run_aroundBody8(Woven w, int i) {}\n"
            + "  private static final Object run_aroundBody9$advice(Woven w, int i, TracedAspect a, Object closure,"
            + " Object tjp) { return null; }\n"
            // Marks whose prefix lacks the receiver: those of a static method, not of this instance method.
            + "  @Traced void wrongPrefix(String s) {}\n"
            + "  private static final Object wrongPrefix_aroundBody11$advice(String s, TracedAspect a,"
            + " Object closure, Object tjp) { return null; }\n"
            // Underscores in the name, and an abstract-free body.
            + "  @Traced void snake_case_name() {}\n"
            + "  private static final Object snake_case_name_aroundBody13$advice(Woven w, TracedAspect a,"
            + " Object closure, Object tjp) { return null; }\n"
            + "}\n";

    private static final String POJO = "package m;\n" + IMPORTS
            + "@FcHandler public class Pojo implements PojoRequestHandler<String, Integer> {\n"
            + "  public Integer handleRequest(String s, Context c) { return 0; }\n"
            + "}\n";

    private static final String HTTP = "package m;\n" + IMPORTS
            + "@FcHandler public class Http implements HttpRequestHandler, PreFreezeHandler {\n"
            + "  public void handleRequest(javax.servlet.http.HttpServletRequest request,"
            + " javax.servlet.http.HttpServletResponse response, Context c) {}\n"
            + "  public void preFreeze(Context c) {}\n"
            + "  public int preFreeze(Context c, int notAnEntry) { return 0; }\n"
            + "  public static void initialize(Context c) {}\n"
            + "}\n";

    private static final String INHERITS =
            "package m;\n" + IMPORTS + "@FcHandler public class Inherits extends Http {}\n";

    /** Built with -XnoInline: aroundBody only, the aspect called from the method's own code. */
    private static final String NO_INLINE = "package m;\n" + IMPORTS
            + "public class NoInline {\n"
            + "  private static TracedAspect aspect;\n"
            + "  @Traced void a() {}\n"
            + "  static final void a_aroundBody0(NoInline n) {}\n"
            + "  @Traced void b(int i) {}\n"
            + "}\n";

    private static final String NO_INLINE_OTHER = "package m;\n" + IMPORTS
            + "public class NoInlineOther {\n"
            + "  @Traced void a() {}\n"
            + "  static final void a_aroundBody0(NoInlineOther n) {}\n"
            + "}\n";

    @TempDir
    static Path tmp;

    private static URLClassLoader loader;

    @BeforeAll
    static void compile() {
        Path out = Mimics.compile(
                tmp.resolve("classes"),
                "m.Woven",
                WOVEN,
                "m.Pojo",
                POJO,
                "m.Http",
                HTTP,
                "m.Inherits",
                INHERITS,
                "m.NoInline",
                NO_INLINE,
                "m.NoInlineOther",
                NO_INLINE_OTHER);
        loader = Mimics.loader(out);
    }

    @AfterAll
    static void close() throws Exception {
        loader.close();
    }

    private static Class<?> load(String name) throws ClassNotFoundException {
        return Class.forName(name, false, loader);
    }

    private static Method method(Class<?> type, String name, Class<?>... parameters) throws Exception {
        return type.getDeclaredMethod(name, parameters);
    }

    private static List<String> keys(List<Method> methods) {
        return methods.stream().map(WeavingIndex::key).collect(Collectors.toList());
    }

    @Test
    void aTracedMethodIsWovenWhenItsAdviceMethodTakesItsParametersThenTheTracedAspect() throws Exception {
        Class<?> woven = load("m.Woven");
        WeavingDetector detector = WeavingDetector.of(woven);

        assertThat(detector.tracedWoven(method(woven, "run"))).isTrue();
        assertThat(detector.tracedWoven(method(woven, "run", long.class)))
                .as("static: no receiver")
                .isTrue();
        assertThat(detector.tracedWoven(method(woven, "snake_case_name"))).isTrue();
        assertThat(WeavingDetector.isTracedWoven(method(woven, "run"))).isTrue();
    }

    @Test
    void eachOverloadIsJudgedByItsOwnMarks() throws Exception {
        Class<?> woven = load("m.Woven");
        WeavingDetector detector = WeavingDetector.of(woven);

        assertThat(detector.tracedWoven(method(woven, "run", String.class))).isFalse();
        assertThat(detector.tracedWoven(method(woven, "wrongPrefix", String.class)))
                .isFalse();
        assertThat(detector.wovenBy(method(woven, "run", int.class), WeavingDetector.TRACED_ASPECT))
                .as("marks are there")
                .isTrue();
        assertThat(detector.tracedWoven(method(woven, "run", int.class)))
                .as("but no @Traced")
                .isFalse();
    }

    @Test
    void listsTheTracedMethodsInKeyOrder() throws Exception {
        assertThat(keys(WeavingDetector.of(load("m.Woven")).tracedMethods()))
                .containsExactly(
                        "m.Woven#run()",
                        "m.Woven#run(java.lang.String)",
                        "m.Woven#run(long)",
                        "m.Woven#snake_case_name()",
                        "m.Woven#wrongPrefix(java.lang.String)");
    }

    @Test
    void entryPointsAreTheMethodsTheEntryAspectMatchesAndOnlyItsAdviceCounts() throws Exception {
        Class<?> woven = load("m.Woven");
        WeavingDetector detector = WeavingDetector.of(woven);

        assertThat(detector.isHandler()).isTrue();
        assertThat(keys(detector.entryPoints()))
                .containsExactly(
                        "m.Woven#handleRequest(java.io.InputStream,java.io.OutputStream,com.aliyun.fc.runtime.Context)",
                        "m.Woven#initialize(com.aliyun.fc.runtime.Context)",
                        "m.Woven#preStop(com.aliyun.fc.runtime.Context)");
        assertThat(keys(WeavingDetector.unwovenEntryPoints(woven)))
                .containsExactly(
                        "m.Woven#initialize(com.aliyun.fc.runtime.Context)",
                        "m.Woven#preStop(com.aliyun.fc.runtime.Context)");
    }

    @Test
    void pojoAndHttpEntryPointsAndNotTheBridgeOrOtherShapes() throws Exception {
        assertThat(keys(WeavingDetector.of(load("m.Pojo")).entryPoints()))
                .as("the compiler's bridge handleRequest(Object, Context) is left out")
                .containsExactly("m.Pojo#handleRequest(java.lang.String,com.aliyun.fc.runtime.Context)");
        assertThat(keys(WeavingDetector.of(load("m.Http")).entryPoints()))
                .containsExactly(
                        "m.Http#handleRequest(javax.servlet.http.HttpServletRequest,javax.servlet.http.HttpServletResponse,"
                                + "com.aliyun.fc.runtime.Context)",
                        "m.Http#preFreeze(com.aliyun.fc.runtime.Context)");
    }

    @Test
    void inheritedEntryPointsAreNotTheSubclasssOwn() throws Exception {
        WeavingDetector detector = WeavingDetector.of(load("m.Inherits"));

        assertThat(detector.isHandler()).isTrue();
        assertThat(detector.entryPoints()).isEmpty();
    }

    @Test
    void withoutInliningTheAroundBodyCountsWhenTheClassFileNamesTheAspect() throws Exception {
        Class<?> noInline = load("m.NoInline");
        Class<?> other = load("m.NoInlineOther");

        assertThat(WeavingDetector.isTracedWoven(method(noInline, "a"))).isTrue();
        assertThat(WeavingDetector.isTracedWoven(method(noInline, "b", int.class)))
                .isFalse();
        assertThat(WeavingDetector.isTracedWoven(method(other, "a")))
                .as("some other aspect's closure")
                .isFalse();
    }

    @Test
    void aMethodOfAnotherClassIsRefused() throws Exception {
        WeavingDetector detector = WeavingDetector.of(load("m.Woven"));
        Method foreign = method(load("m.Pojo"), "handleRequest", String.class, load("com.aliyun.fc.runtime.Context"));

        assertThatThrownBy(() -> detector.tracedWoven(foreign)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsTheOriginalNameOutOfAjcsMethodNames() {
        assertThat(WeavingDetector.originalName("run_aroundBody0")).isEqualTo("run");
        assertThat(WeavingDetector.originalName("run_aroundBody13$advice")).isEqualTo("run");
        assertThat(WeavingDetector.originalName("snake_case_aroundBody2")).isEqualTo("snake_case");
        assertThat(WeavingDetector.originalName("a_aroundBody1_aroundBody2$advice"))
                .isEqualTo("a_aroundBody1");
        assertThat(WeavingDetector.originalName("run_aroundBody")).isNull();
        assertThat(WeavingDetector.originalName("run_aroundBody$advice")).isNull();
        assertThat(WeavingDetector.originalName("run_aroundBodyX1")).isNull();
        assertThat(WeavingDetector.originalName("_aroundBody1")).isNull();
        assertThat(WeavingDetector.originalName("run")).isNull();
    }

    @Test
    void keysAreTheIndexsForm() throws Exception {
        assertThat(WeavingIndex.key(method(load("m.Woven"), "run", long.class))).isEqualTo("m.Woven#run(long)");
        assertThat(WeavingIndex.key(String.class.getMethod("format", String.class, Object[].class)))
                .isEqualTo("java.lang.String#format(java.lang.String,java.lang.Object[])")
                .isEqualTo(dev.fctracing.annotations.weaving.WeavingIndex.key(
                        String.class.getMethod("format", String.class, Object[].class)));
    }
}
