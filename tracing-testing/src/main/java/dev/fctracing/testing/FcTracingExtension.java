package dev.fctracing.testing;

import java.lang.reflect.Method;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that gives each test its own {@link FcTracingTestKit}: before each test a fresh tracing instance
 * and a loopback collector; after it (after the test's {@code @AfterEach} methods) the instance is reset and the
 * collector closed. The kit is injected into any {@code @Test}, {@code @BeforeEach} or {@code @AfterEach} parameter of
 * type {@link FcTracingTestKit}:
 *
 * <pre>{@code
 * @ExtendWith(FcTracingExtension.class)
 * class MyHandlerTest {
 *   @Test
 *   void invocationIsTraced(FcTracingTestKit kit) throws IOException {
 *     FakeFcContext context = kit.context().functionName("my-function").build();
 *     new MyHandler().handleRequest(input, output, context);
 *     assertThat(kit.trace(context).handlerSpan().getOperationName()).isEqualTo("my-function");
 *   }
 * }
 * }</pre>
 *
 * <p>To give the tracing instance environment variables, register it in a field instead:
 *
 * <pre>{@code
 * @RegisterExtension
 * static FcTracingExtension tracing = new FcTracingExtension().env("FCTRACING_EXPORT", "deferred");
 * }</pre>
 *
 * <p>JUnit is an optional dependency of the kit: only this class needs it. Other runners use
 * {@link FcTracingTestKit#start()} directly.
 */
public final class FcTracingExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(FcTracingExtension.class);
    private static final String KIT = "kit";

    private final Map<String, String> env = new LinkedHashMap<>();

    /** An extension whose tracing instances read no environment variable. */
    public FcTracingExtension() {}

    /**
     * Sets an environment variable for the tracing instance of every test, e.g. {@code FCTRACING_EXPORT} or
     * {@code OTEL_SERVICE_NAME}.
     *
     * @param name the variable's name
     * @param value its value
     * @return this extension
     */
    public FcTracingExtension env(String name, String value) {
        if (name == null || value == null) {
            throw new NullPointerException("name and value must not be null");
        }
        env.put(name, value);
        return this;
    }

    /** The environment variables set with {@link #env(String, String)}. */
    public Map<String, String> env() {
        return Collections.unmodifiableMap(env);
    }

    /** Starts the test's kit. */
    @Override
    public void beforeEach(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        FcTracingTestKit previous = store.remove(KIT, FcTracingTestKit.class);
        if (previous != null) {
            previous.close();
        }
        // Also closed by JUnit (5.13 and later) with the test's context, should afterEach not run.
        store.put(KIT, FcTracingTestKit.builder().env(env).start());
    }

    /** Closes the test's kit: instance reset, collector closed. */
    @Override
    public void afterEach(ExtensionContext context) {
        FcTracingTestKit kit = context.getStore(NAMESPACE).remove(KIT, FcTracingTestKit.class);
        if (kit != null) {
            kit.close();
        }
    }

    /** Whether the parameter is a {@link FcTracingTestKit} of a method (not a constructor). */
    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == FcTracingTestKit.class;
    }

    /** The current test's kit. */
    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        FcTracingTestKit kit = extensionContext.getStore(NAMESPACE).get(KIT, FcTracingTestKit.class);
        if (kit == null || !(parameterContext.getDeclaringExecutable() instanceof Method)) {
            throw new ParameterResolutionException(
                    "FcTracingTestKit is made for each test: inject it into @Test, @BeforeEach or @AfterEach methods, not into"
                            + " constructors or @BeforeAll/@AfterAll methods ("
                            + parameterContext.getDeclaringExecutable() + ")");
        }
        return kit;
    }

    @Override
    public String toString() {
        return "FcTracingExtension[env " + env.keySet() + "]";
    }
}
