package dev.fctracing.testing;

import com.aliyun.fc.runtime.FunctionInitializer;
import com.aliyun.fc.runtime.HttpRequestHandler;
import com.aliyun.fc.runtime.PojoRequestHandler;
import com.aliyun.fc.runtime.StreamRequestHandler;
import io.jaegertracing.thriftjava.Span;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UnsupportedEncodingException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs one FC invocation of a function's own handler on this machine, as FC would with tracing enabled, and prints
 * what happened: the handler's output, the trace an embedded loopback Jaeger collector received, as a waterfall, and
 * where the time went. It exits with 0 only if the handler returned, its trace arrived before {@code handleRequest}
 * returned, and the trace nests under FC's span as Tracing Analysis shows it.
 *
 * <pre>
 * java -cp &lt;test class path&gt; dev.fctracing.testing.LocalInvoke [options] &lt;handler class&gt; [&lt;event file&gt;]
 *
 *   &lt;handler class&gt;      a StreamRequestHandler or PojoRequestHandler with a public no-argument constructor
 *   &lt;event file&gt;         the request body (FC's event); "-" reads standard input; none: an empty event
 *   --function &lt;name&gt;    the FC function name (default: the handler's simple class name)
 *   --service &lt;name&gt;     the FC service name (default: local-service)
 *   --baggage &lt;k&gt;=&lt;v&gt;    a baggage item FC passes along (repeatable)
 * </pre>
 *
 * <p>From a Maven project whose test class path has tracing-testing (the woven classes come from {@code compile}):
 *
 * <pre>
 * mvn -q test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:exec -Dexec.executable=java -Dexec.classpathScope=test \
 *     -Dexec.args="-cp %classpath dev.fctracing.testing.LocalInvoke com.example.MyHandler src/test/resources/event.json"
 * </pre>
 *
 * <p>It is a fresh JVM, like a new FC instance: the invocation is a cold start, and fc-tracing reads its settings from
 * the process's environment variables (or {@code -D} system properties of the lower-case dotted names, such as
 * {@code -Dotel.service.name=...}). A {@code FunctionInitializer}'s {@code initialize} runs first, with its own
 * context and trace, as FC runs it. A POJO event is read with Jackson ({@code com.fasterxml.jackson.databind}) or Gson,
 * whichever the class path has, unless the handler takes a {@code String} or {@code byte[]}.
 */
public final class LocalInvoke {

    /**
     * A Batch of process "w" and no span, in TBinaryProtocol, written out rather than serialised: libthrift's serialiser
     * would start SLF4J, which prints its own warnings when the class path has no binding.
     */
    private static final byte[] WARM_UP_BATCH = {
        0x0c,
        0x00,
        0x01, // field 1, process: struct
        0x0b,
        0x00,
        0x01,
        0x00,
        0x00,
        0x00,
        0x01,
        'w', // field 1, serviceName: string "w"
        0x00, // end of process
        0x0f,
        0x00,
        0x02,
        0x0c,
        0x00,
        0x00,
        0x00,
        0x00, // field 2, spans: list of 0 structs
        0x00 // end of batch
    };

    private final PrintStream out;
    private String handlerClass;
    private String eventFile;
    private String functionName;
    private String serviceName = "local-service";
    private final List<String[]> baggage = new ArrayList<>();

    private LocalInvoke(PrintStream out) {
        this.out = out;
    }

    /**
     * Runs the invocation the arguments describe and exits the JVM with {@link #run}'s status when it is not 0.
     *
     * @param args see the class documentation
     */
    public static void main(String[] args) {
        long mainAt = WallTime.uptimeMillis();
        PrintStream out = utf8(System.out);
        int status = run(args, out, mainAt);
        out.flush();
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Runs the invocation the arguments describe, printing to {@code out}.
     *
     * @param args see the class documentation
     * @param out where the report goes
     * @return 0 when the handler returned and its trace arrived before it returned, nested under FC's span; 1 when not;
     *     2 for unusable arguments or a handler that cannot be created
     */
    public static int run(String[] args, PrintStream out) {
        return run(args, out, -1);
    }

    static int run(String[] args, PrintStream out, long mainAt) {
        LocalInvoke invoke = new LocalInvoke(out);
        String usageError = invoke.parse(args);
        if (usageError != null) {
            out.println("LocalInvoke: " + usageError);
            out.println();
            out.println("usage: LocalInvoke [--function <name>] [--service <name>] [--baggage <key>=<value>]..."
                    + " <handler class> [<event file> | -]");
            return 2;
        }
        return invoke.invoke(mainAt);
    }

    private String parse(String[] args) {
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--function") || arg.equals("--service") || arg.equals("--baggage")) {
                if (i + 1 >= args.length) {
                    return arg + " needs a value";
                }
                String value = args[++i];
                if (arg.equals("--function")) {
                    functionName = value;
                } else if (arg.equals("--service")) {
                    serviceName = value;
                } else {
                    int equals = value.indexOf('=');
                    if (equals <= 0) {
                        return "--baggage takes <key>=<value>, not " + value;
                    }
                    baggage.add(new String[] {value.substring(0, equals), value.substring(equals + 1)});
                }
            } else if (arg.startsWith("--")) {
                return "unknown option " + arg;
            } else {
                positional.add(arg);
            }
        }
        if (positional.isEmpty()) {
            return "no handler class given";
        }
        if (positional.size() > 2) {
            return "too many arguments: " + positional;
        }
        handlerClass = positional.get(0);
        eventFile = positional.size() == 2 ? positional.get(1) : null;
        return null;
    }

    private int invoke(long mainAt) {
        byte[] event;
        try {
            event = readEvent();
        } catch (IOException e) {
            out.println("LocalInvoke: cannot read the event " + eventFile + ": " + e);
            return 2;
        }

        long loadStart = System.nanoTime();
        Object handler;
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            Class<?> type =
                    Class.forName(handlerClass, true, loader != null ? loader : LocalInvoke.class.getClassLoader());
            Constructor<?> constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            handler = constructor.newInstance();
        } catch (ClassNotFoundException e) {
            out.println(
                    "LocalInvoke: class " + handlerClass + " is not on the class path (build it first: mvn compile)");
            return 2;
        } catch (InvocationTargetException e) {
            out.println("LocalInvoke: the constructor of " + handlerClass + " threw:");
            out.print(stackTrace(e.getCause()));
            return 2;
        } catch (ReflectiveOperationException | LinkageError | SecurityException e) {
            out.println("LocalInvoke: cannot create " + handlerClass + " with a no-argument constructor: " + e);
            return 2;
        }
        Class<?> type = handler.getClass();
        if (handler instanceof HttpRequestHandler) {
            out.println(
                    "LocalInvoke: " + type.getName()
                            + " is an HttpRequestHandler; LocalInvoke runs StreamRequestHandler"
                            + " and PojoRequestHandler functions (test an HTTP handler with servlet request and response mocks)");
            return 2;
        }
        if (!(handler instanceof StreamRequestHandler) && !(handler instanceof PojoRequestHandler)) {
            out.println("LocalInvoke: " + type.getName() + " implements neither StreamRequestHandler nor"
                    + " PojoRequestHandler, so FC cannot invoke it as a handler");
            return 2;
        }
        try {
            WeavingAssertions.assertWoven(type);
        } catch (AssertionError e) {
            out.println("WARNING: " + e.getMessage());
            out.println();
        }
        long loadMillis = millisSince(loadStart);

        String function = functionName != null ? functionName : type.getSimpleName();
        long collectorStart = System.nanoTime();
        try (LoopbackJaegerCollector collector = LoopbackJaegerCollector.start()) {
            // The collector runs in this JVM and decodes each batch before it answers: its decoder's classes are loaded
            // now, so that the invocation's time is not charged with them (a real collector is another, warm, process).
            JaegerThriftReference.deserialize(WARM_UP_BATCH);
            long collectorMillis = millisSince(collectorStart);
            long initMillis = -1;
            if (handler instanceof FunctionInitializer) {
                FakeFcContext initContext =
                        context(collector, function, "initialize").build();
                out.println("Initializing " + type.getName() + " (request " + initContext.getRequestId() + ")");
                long initStart = System.nanoTime();
                try {
                    ((FunctionInitializer) handler).initialize(initContext);
                } catch (IOException | RuntimeException | Error e) {
                    out.println("initialize threw:");
                    out.print(stackTrace(e));
                    printTrace(collector.spansOfTrace(initContext.traceIdHex32()));
                    return 1;
                }
                initMillis = millisSince(initStart);
                List<Span> initSpans = collector.spansOfTrace(initContext.traceIdHex32());
                out.println("initialize returned in " + initMillis + " ms");
                if (!initSpans.isEmpty()) {
                    printTrace(initSpans);
                }
                out.println();
            }

            FakeFcContext.Builder builder = context(collector, function, "handleRequest");
            for (String[] item : baggage) {
                builder.baggageItem(item[0], item[1]);
            }
            FakeFcContext context = builder.build();
            out.println(
                    "Invoking " + type.getName() + " as function " + function + " (request " + context.getRequestId()
                            + ", FC span context " + context.getTracing().getSpanContext() + ")");

            long callStartEpochMicros = System.currentTimeMillis() * 1000;
            long callStart = System.nanoTime();
            String output;
            Throwable thrown = null;
            try {
                output = HandlerCall.call(handler, event, context);
            } catch (HandlerCall.InvocationFailure e) {
                output = null;
                thrown = e.getCause();
            } catch (IllegalArgumentException e) {
                out.println("LocalInvoke: " + e.getMessage());
                return 2;
            }
            long callMicros = microsSince(callStart);
            // No waiting: in fc-tracing's default export mode the spans leave before handleRequest returns.
            List<Span> spans = collector.spansOfTrace(context.traceIdHex32());

            if (thrown == null) {
                out.println("handleRequest returned in " + millis(callMicros) + " ms: " + output);
            } else {
                out.println("handleRequest threw after " + millis(callMicros) + " ms:");
                out.print(stackTrace(thrown));
            }
            out.println("The collector had received " + spans.size() + " span(s) of the trace when it returned.");
            out.println();
            if (!spans.isEmpty()) {
                printTrace(spans);
                out.println();
            }
            ReceivedTrace trace = new ReceivedTrace(context, spans);
            WallTime.print(
                    out, mainAt, loadMillis, collectorMillis, initMillis, callStartEpochMicros, callMicros, trace);
            out.println();

            List<String> problems = trace.problems();
            if (spans.isEmpty()) {
                problems.add(
                        "no span of the trace arrived before handleRequest returned: check the WARNING above if any"
                                + " (a handler that is not woven makes no span), OTEL_SDK_DISABLED, OTEL_TRACES_EXPORTER, and"
                                + " FCTRACING_EXPORT=deferred (spans then leave at preFreeze or preStop, after the invocation)");
            }
            if (thrown != null) {
                problems.add(0, "handleRequest threw " + thrown);
            }
            if (problems.isEmpty()) {
                out.println("OK: trace " + context.traceIdHex32()
                        + " arrived before handleRequest returned and nests under" + " FC's span.");
                return 0;
            }
            out.println("FAILED:");
            for (String problem : problems) {
                out.println("  - " + problem);
            }
            return 1;
        }
    }

    private FakeFcContext.Builder context(LoopbackJaegerCollector collector, String function, String method) {
        return FakeFcContext.builder()
                .requestId("local-" + Long.toHexString(System.nanoTime()))
                .functionName(function)
                .serviceName(serviceName)
                .functionHandler(handlerClass + "::handleRequest")
                .functionInitializer(method.equals("initialize") ? handlerClass + "::initialize" : null)
                .spanContext(FakeFcContext.randomJaegerSpanContext(true))
                .jaegerEndpoint(collector.endpoint());
    }

    private byte[] readEvent() throws IOException {
        if (eventFile == null) {
            return new byte[0];
        }
        if (eventFile.equals("-")) {
            return readFully(System.in);
        }
        return Files.readAllBytes(Paths.get(eventFile));
    }

    private void printTrace(List<Span> spans) {
        out.print(TraceWaterfall.render(spans));
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static long microsSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000;
    }

    private static String millis(long micros) {
        return String.format(Locale.ROOT, "%.1f", micros / 1000.0);
    }

    private static String stackTrace(Throwable e) {
        StringWriter text = new StringWriter();
        e.printStackTrace(new PrintWriter(text));
        return text.toString();
    }

    private static byte[] readFully(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static PrintStream utf8(PrintStream stream) {
        try {
            return new PrintStream(new FileOutputStream(FileDescriptor.out), true, "UTF-8");
        } catch (UnsupportedEncodingException e) {
            return stream;
        }
    }
}
