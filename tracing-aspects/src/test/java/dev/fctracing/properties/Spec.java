package dev.fctracing.properties;

/** The generated parts of a call: a value, a throwable, how a returned future completes, an argument. */
final class Spec {

    private Spec() {}

    /** A value to return, complete a future with, or pass as an argument. */
    static final class Value {
        /** Null, an ordinary fresh object (or primitive), or a hostile one. */
        enum Kind {
            NULL,
            PLAIN,
            HOSTILE
        }

        final Kind kind;
        /** Primitive bits, array lengths, argument types. */
        final long seed;
        /** For {@link Kind#HOSTILE}. */
        final Hostility hostility;

        Value(Kind kind, long seed, Hostility hostility) {
            this.kind = kind;
            this.seed = seed;
            this.hostility = hostility;
        }

        @Override
        public String toString() {
            return kind == Kind.HOSTILE ? "hostile(" + hostility + ")" : kind == Kind.NULL ? "null" : "value#" + seed;
        }
    }

    /** A throwable the user code throws (or completes a future with). */
    static final class Thrown {
        /** Which throwable. */
        enum Kind {
            RUNTIME,
            /** A checked exception, thrown sneakily. */
            CHECKED,
            ERROR,
            /** A direct {@code Throwable} subclass: neither Exception nor Error. */
            THROWABLE,
            /** A {@code CompletionException} wrapping a checked exception. */
            COMPLETION_WRAPPED,
            /** {@code new StackOverflowError()} thrown by user code. */
            USER_STACK_OVERFLOW,
            /** {@code new OutOfMemoryError()} thrown by user code. */
            USER_OUT_OF_MEMORY,
            /** A {@link HostileException}. */
            HOSTILE,
            /** Not created: the {@code StackOverflowError} of recursing through {@code @Traced} methods until the stack
             * is exhausted. Only as a call's ending. */
            REAL_STACK_OVERFLOW;

            boolean isVirtualMachineError() {
                return this == USER_STACK_OVERFLOW || this == USER_OUT_OF_MEMORY || this == REAL_STACK_OVERFLOW;
            }
        }

        final Kind kind;
        final Hostility hostility;

        Thrown(Kind kind, Hostility hostility) {
            this.kind = kind;
            this.hostility = hostility;
        }

        @Override
        public String toString() {
            return kind == Kind.HOSTILE ? "hostile(" + hostility + ")" : kind.toString();
        }
    }

    /** How a returned future completes. */
    static final class Future {
        /** With a value, exceptionally, or cancelled. */
        enum Completion {
            VALUE,
            EXCEPTION,
            CANCEL
        }

        /** Already before the method returns; later by the handler's thread; later by another thread. */
        enum When {
            ALREADY,
            CALLER,
            OTHER_THREAD
        }

        final Completion completion;
        final When when;
        final Value value;
        final Thrown error;

        Future(Completion completion, When when, Value value, Thrown error) {
            this.completion = completion;
            this.when = when;
            this.value = value;
            this.error = error;
        }

        @Override
        public String toString() {
            String how = completion == Completion.VALUE
                    ? "value " + value
                    : completion == Completion.EXCEPTION ? "error " + error : "cancel";
            return "future(" + how + ", " + when + ")";
        }
    }

    /** The argument of an {@code @SpanAttribute} parameter. */
    enum Argument {
        NULL,
        STRING,
        CHARS,
        BOOLEANS,
        BYTES,
        SHORTS,
        INTS,
        LONGS,
        FLOATS,
        DOUBLES,
        LIST,
        MAP,
        HUGE_STRING,
        /** A {@link HostileValue}; its hostility is the call's. */
        HOSTILE
    }
}
