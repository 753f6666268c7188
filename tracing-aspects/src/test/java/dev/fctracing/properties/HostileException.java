package dev.fctracing.properties;

import dev.fctracing.properties.Hostility.Method;
import java.util.Arrays;

/**
 * A user exception whose chosen method misbehaves as its {@link Hostility} says; every other method is
 * {@link RuntimeException}'s own. Never used with {@code toString} or {@code getMessage} by the harness itself.
 */
public final class HostileException extends RuntimeException {

    /** What a {@link Hostility.Mode#HUGE} text method answers: 1 Mi chars, shared by all instances. */
    static final String HUGE_TEXT = huge();
    /** What a {@link Hostility.Mode#HUGE} {@code getStackTrace} answers: 100 000 frames, shared. */
    static final StackTraceElement[] HUGE_STACK = hugeStack();

    static final int HUGE_CAUSE_CHAIN = 2_000;

    private final Hostility hostility;
    private final transient Gate gate;
    private final Throwable hugeCause;

    public HostileException(Hostility hostility, Gate gate) {
        super("hostile exception, " + hostility);
        this.hostility = hostility;
        this.gate = gate;
        this.hugeCause = hostility.is(Method.GET_CAUSE, Hostility.Mode.HUGE) ? chain(HUGE_CAUSE_CHAIN) : null;
        if (hostility.method == Method.CYCLES) {
            Link a = new Link("cycle a");
            Link b = new Link("cycle b");
            initCause(a);
            a.initCause(b);
            b.initCause(a);
            addSuppressed(b);
            b.addSuppressed(this);
        }
    }

    @Override
    public String getMessage() {
        if (hostility.method != Method.GET_MESSAGE) {
            return super.getMessage();
        }
        switch (hostility.mode) {
            case THROW:
                throw new IllegalStateException("getMessage of a hostile exception");
            case BLOCK:
                gate.pass();
                return super.getMessage();
            case RECURSE:
                return "again " + getMessage();
            default:
                return HUGE_TEXT;
        }
    }

    @Override
    public String getLocalizedMessage() {
        if (hostility.method != Method.GET_LOCALIZED_MESSAGE) {
            return super.getLocalizedMessage();
        }
        switch (hostility.mode) {
            case THROW:
                throw new IllegalStateException("getLocalizedMessage of a hostile exception");
            case BLOCK:
                gate.pass();
                return super.getLocalizedMessage();
            case RECURSE:
                return "again " + getLocalizedMessage();
            default:
                return HUGE_TEXT;
        }
    }

    @Override
    public String toString() {
        if (hostility.method != Method.TO_STRING) {
            return super.toString();
        }
        switch (hostility.mode) {
            case THROW:
                throw new IllegalStateException("toString of a hostile exception");
            case BLOCK:
                gate.pass();
                return super.toString();
            case RECURSE:
                return "again " + toString();
            default:
                return HUGE_TEXT;
        }
    }

    @Override
    public synchronized Throwable getCause() {
        if (hostility.method != Method.GET_CAUSE) {
            return super.getCause();
        }
        switch (hostility.mode) {
            case THROW:
                throw new IllegalStateException("getCause of a hostile exception");
            case BLOCK:
                gate.pass();
                return super.getCause();
            case RECURSE:
                Throwable again = getCause();
                return again == this ? null : again;
            default:
                return hugeCause;
        }
    }

    @Override
    public StackTraceElement[] getStackTrace() {
        if (hostility.method != Method.GET_STACK_TRACE) {
            return super.getStackTrace();
        }
        switch (hostility.mode) {
            case THROW:
                throw new IllegalStateException("getStackTrace of a hostile exception");
            case BLOCK:
                gate.pass();
                return super.getStackTrace();
            case RECURSE:
                StackTraceElement[] again = getStackTrace();
                return again.length == 0 ? again : Arrays.copyOf(again, again.length - 1);
            default:
                return HUGE_STACK;
        }
    }

    @Override
    public int hashCode() {
        if (hostility.method != Method.HASH_CODE) {
            return super.hashCode();
        }
        switch (hostility.mode) {
            case THROW:
                throw new IllegalStateException("hashCode of a hostile exception");
            case BLOCK:
                gate.pass();
                return super.hashCode();
            case RECURSE:
                return hashCode() + 1;
            default:
                return 0;
        }
    }

    @Override
    public boolean equals(Object other) {
        if (hostility.method != Method.EQUALS) {
            return super.equals(other);
        }
        switch (hostility.mode) {
            case THROW:
                throw new IllegalStateException("equals of a hostile exception");
            case BLOCK:
                gate.pass();
                return super.equals(other);
            case RECURSE:
                return equals(other) || other == this;
            default:
                return true;
        }
    }

    private static Throwable chain(int length) {
        Link first = new Link("cause 0");
        Link last = first;
        for (int i = 1; i < length; i++) {
            Link next = new Link("cause " + i);
            last.initCause(next);
            last = next;
        }
        return first;
    }

    private static String huge() {
        char[] text = new char[1 << 20];
        Arrays.fill(text, 'h');
        return new String(text);
    }

    private static StackTraceElement[] hugeStack() {
        StackTraceElement[] stack = new StackTraceElement[100_000];
        Arrays.fill(stack, new StackTraceElement("user.Deep", "frame", "Deep.java", 1));
        return stack;
    }

    /** A cause in a chain or cycle: no stack captured, cause left to {@link #initCause}. */
    static final class Link extends RuntimeException {
        Link(String message) {
            super(message);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
