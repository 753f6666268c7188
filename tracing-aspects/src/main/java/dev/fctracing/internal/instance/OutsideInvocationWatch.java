package dev.fctracing.internal.instance;

import dev.fctracing.annotations.FcHandler;
import dev.fctracing.annotations.fc.FcEntryPoint;
import dev.fctracing.annotations.fc.FcRole;
import dev.fctracing.internal.log.InternalLog;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.aspectj.lang.JoinPoint;

/**
 * Says why {@code @Traced} methods record no spans when no FC invocation was ever bound in this instance: the class
 * FC invokes is not {@code @FcHandler} (or not woven), or a custom runtime binds no request. One warning per instance,
 * never for a function that binds invocations, never with {@code OTEL_SDK_DISABLED=true}.
 *
 * <p>A {@code @Traced} call outside an invocation is not a fault by itself (a static initialiser before the first
 * invocation, the function's own threads), so the first such call says nothing unless the call stack shows the cause:
 *
 * <ul>
 *   <li>an FC entry point ({@code handleRequest} of a request handler, {@code initialize} of a {@code
 *       FunctionInitializer}) or a servlet's {@code service} is on the stack: the call is inside a request that nothing
 *       bound, and the warning names the class ({@link #unboundEntryPoint}). The stack is looked at on the first
 *       unbound call and then at most once a {@value #STACK_LOOK_SPACING_MILLIS} ms, {@value #MAX_STACK_LOOKS} times;
 *   <li>otherwise, when such calls go on for {@value #QUIET_SECONDS} s with still no invocation bound, a general
 *       warning.
 * </ul>
 *
 * <p>The {@code @Traced} advice's cost ({@link #noteCall}): while watching, one volatile read, an increment and a bit
 * test per call, and the clock only on calls number 1, 2, 4, 8, … (so that the watch needs no timer thread, which an
 * instance frozen between invocations would freeze too, and a process that never traces would have to start); once
 * settled — an invocation was bound, the warning was logged, or tracing is disabled — one volatile read. Nothing is
 * allocated or locked on the advice's path; what the rare checks do (read the clock, look at the stack) never throws
 * into the function and does nothing while the JVM is out of stack or memory.
 */
public final class OutsideInvocationWatch {

    /** How long unbound {@code @Traced} calls go on before the general warning. */
    static final long QUIET_SECONDS = 30;
    /** At most this many looks at the call stack while watching. */
    static final int MAX_STACK_LOOKS = 8;
    /** Looks at the call stack at least this far apart. */
    static final long STACK_LOOK_SPACING_MILLIS = 1000;

    private static final long UNSET = Long.MIN_VALUE;
    private static final String SERVLET_CLASS_SUFFIX = ".servlet.http.HttpServlet";

    private final LongSupplier nanoClock;
    private final boolean disabled;

    /** Set once an invocation was bound, the warning was logged, or tracing is disabled: from then on nothing to do. */
    private volatile boolean settled;
    /** Unbound {@code @Traced} calls while watching. A plain field, racy on purpose: a lost count only delays a check. */
    private int calls;

    private final AtomicLong firstCallNanos = new AtomicLong(UNSET);
    private final AtomicLong lastStackLookNanos = new AtomicLong(UNSET);
    private final AtomicInteger stackLooks = new AtomicInteger();
    private final AtomicBoolean reported = new AtomicBoolean();

    OutsideInvocationWatch(boolean disabled, LongSupplier nanoClock) {
        this.disabled = disabled;
        this.nanoClock = nanoClock;
        this.settled = disabled;
    }

    /**
     * The {@code @Traced} advice's call when {@code joinPoint}'s method runs with no span current. Allocation-free,
     * lock-free and without reflection except on calls number 1, 2, 4, 8, … while watching. Never throws.
     */
    public static void noteCall(JoinPoint.StaticPart joinPoint) {
        try {
            OutsideInvocationWatch watch = TracingInstance.current().outsideInvocation;
            if (!watch.settled) {
                int n = ++watch.calls;
                if ((n & (n - 1)) == 0) {
                    watch.check(joinPoint);
                }
            }
        } catch (Throwable neverIntoUserCode) {
            // Out of stack or memory, or the instance could not be read: the call runs untraced all the same.
        }
    }

    /** An FC invocation (or a custom runtime's request) is being bound: the watch has nothing more to say. */
    public void invocationBound() {
        if (!settled) {
            settled = true;
        }
    }

    /** Whether the watch is over (tests). */
    boolean settled() {
        return settled;
    }

    /** On unbound calls number 1, 2, 4, 8, …: reads the clock, may look at the stack, may warn. Never throws. */
    void check(JoinPoint.StaticPart joinPoint) {
        try {
            if (settled) {
                return;
            }
            long now = nanoClock.getAsLong();
            firstCallNanos.compareAndSet(UNSET, now);
            long first = firstCallNanos.get();
            if (mayLookAtStack(now)) {
                String cause = unboundEntryPoint(new Throwable().getStackTrace(), loaderOf(joinPoint));
                if (cause != null) {
                    report("@Traced methods record no spans: " + cause);
                    return;
                }
            }
            if (now - first >= TimeUnit.SECONDS.toNanos(QUIET_SECONDS)) {
                report("@Traced methods record no spans: for " + TimeUnit.NANOSECONDS.toSeconds(now - first)
                        + " s they have run"
                        + " outside any FC invocation (" + methodOf(joinPoint)
                        + " among them) and no invocation has been bound"
                        + " in this JVM — the class FC invokes must be annotated @FcHandler and woven (aspectj-maven-plugin);"
                        + " in a custom runtime, bind each request with dev.fctracing.servlet.FcTracingFilter or"
                        + " CustomRuntimeTracing.start(headers). @Traced calls before the first invocation, or on threads"
                        + " that do not carry its context, are never traced");
            }
        } catch (VirtualMachineError noResources) {
            // Out of stack or memory: nothing, not even a log line; a later check may try again.
        } catch (Throwable checkFailed) {
            settled = true; // the watch is best effort: a check that fails once is not tried again
        }
    }

    private boolean mayLookAtStack(long now) {
        long last = lastStackLookNanos.get();
        if (last != UNSET && now - last < TimeUnit.MILLISECONDS.toNanos(STACK_LOOK_SPACING_MILLIS)) {
            return false;
        }
        if (stackLooks.get() >= MAX_STACK_LOOKS || !lastStackLookNanos.compareAndSet(last, now)) {
            return false;
        }
        return stackLooks.incrementAndGet() <= MAX_STACK_LOOKS;
    }

    private void report(String message) {
        settled = true;
        if (!disabled && reported.compareAndSet(false, true)) {
            InternalLog.warn(message);
        }
    }

    /**
     * Why the innermost request on {@code stack} is unbound, or null when the stack shows none: an FC entry point of a
     * class that is not {@code @FcHandler} (or is, but the entry point was not woven), or a servlet's {@code service}
     * (a custom runtime without {@code FcTracingFilter}). Classes are looked up with {@code loader}, never initialised.
     */
    static String unboundEntryPoint(StackTraceElement[] stack, ClassLoader loader) {
        for (StackTraceElement frame : stack) {
            String className = frame.getClassName();
            String method = frame.getMethodName();
            if ("service".equals(method) && className.endsWith(SERVLET_CLASS_SUFFIX)) {
                return "they ran inside a servlet request (" + className
                        + ".service) and no FC invocation was bound — in a"
                        + " custom runtime, register dev.fctracing.servlet.FcTracingFilter first in the filter chain, or run each"
                        + " request inside CustomRuntimeTracing.start(headers)";
            }
            FcRole role = FcRole.ofMethod(method);
            if (!role.methodName().equals(method) || role == FcRole.PRE_FREEZE || role == FcRole.PRE_STOP) {
                continue;
            }
            Class<?> type = load(className, loader);
            if (type == null || !implementsEntryInterface(type, role)) {
                continue;
            }
            String where = "they ran inside " + type.getName() + "." + method
                    + ", an FC entry point, and no FC invocation" + " was bound because " + type.getName();
            if (type.isAnnotationPresent(FcHandler.class)) {
                return where
                        + " is annotated @FcHandler but this entry point was not woven — weave the module that declares"
                        + " it (aspectj-maven-plugin with tracing-aspects under aspectLibraries); an entry point inherited from a"
                        + " superclass is not wrapped: override it in the annotated class";
            }
            return where
                    + " is not annotated @FcHandler — annotate the class FC invokes with @FcHandler (and weave it with"
                    + " aspectj-maven-plugin)";
        }
        return null;
    }

    /** Whether {@code type} implements, through any supertype, an FC interface whose entry point has {@code role}. */
    private static boolean implementsEntryInterface(Class<?> type, FcRole role) {
        Set<String> names = new HashSet<>();
        for (FcEntryPoint entry : FcEntryPoint.values()) {
            if (entry.role() == role) {
                names.add(entry.interfaceName());
            }
        }
        Deque<Class<?>> pending = new ArrayDeque<>();
        pending.add(type);
        Set<Class<?>> seen = new HashSet<>();
        while (!pending.isEmpty()) {
            Class<?> current = pending.poll();
            if (!seen.add(current)) {
                continue;
            }
            if (names.contains(current.getName())) {
                return true;
            }
            for (Class<?> superinterface : current.getInterfaces()) {
                pending.add(superinterface);
            }
            if (current.getSuperclass() != null) {
                pending.add(current.getSuperclass());
            }
        }
        return false;
    }

    private static Class<?> load(String className, ClassLoader loader) {
        ClassLoader[] loaders = {loader, Thread.currentThread().getContextClassLoader()};
        for (ClassLoader candidate : loaders) {
            if (candidate == null) {
                continue;
            }
            try {
                return Class.forName(className, false, candidate);
            } catch (ClassNotFoundException | LinkageError notThere) {
                // try the next loader
            }
        }
        return null;
    }

    private static ClassLoader loaderOf(JoinPoint.StaticPart joinPoint) {
        Class<?> declaring = joinPoint == null ? null : joinPoint.getSignature().getDeclaringType();
        ClassLoader loader = declaring == null ? null : declaring.getClassLoader();
        return loader != null ? loader : OutsideInvocationWatch.class.getClassLoader();
    }

    private static String methodOf(JoinPoint.StaticPart joinPoint) {
        return joinPoint == null
                ? "a @Traced method"
                : joinPoint.getSignature().getDeclaringTypeName() + "."
                        + joinPoint.getSignature().getName();
    }
}
