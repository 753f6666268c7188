package dev.fctracing.properties;

import dev.fctracing.properties.Hostility.Method;

/**
 * A returned, captured or completed value whose {@code toString}, {@code hashCode} or {@code equals} misbehaves as
 * its {@link Hostility} says (other methods of {@link Hostility.Method} behave normally here).
 */
final class HostileValue {

    private final Hostility hostility;
    private final Gate gate;

    HostileValue(Hostility hostility, Gate gate) {
        this.hostility = hostility;
        this.gate = gate;
    }

    @Override
    public String toString() {
        if (hostility.method != Method.TO_STRING) {
            return "hostile value";
        }
        switch (hostility.mode) {
            case THROW:
                throw new IllegalStateException("toString of a hostile value");
            case BLOCK:
                gate.pass();
                return "hostile value";
            case RECURSE:
                return "again " + toString();
            default:
                return HostileException.HUGE_TEXT;
        }
    }

    @Override
    public int hashCode() {
        if (hostility.method != Method.HASH_CODE) {
            return System.identityHashCode(this);
        }
        switch (hostility.mode) {
            case THROW:
                throw new IllegalStateException("hashCode of a hostile value");
            case BLOCK:
                gate.pass();
                return 1;
            case RECURSE:
                return hashCode() + 1;
            default:
                return 0;
        }
    }

    @Override
    public boolean equals(Object other) {
        if (hostility.method != Method.EQUALS) {
            return other == this;
        }
        switch (hostility.mode) {
            case THROW:
                throw new IllegalStateException("equals of a hostile value");
            case BLOCK:
                gate.pass();
                return other == this;
            case RECURSE:
                return equals(other) || other == this;
            default:
                return true;
        }
    }
}
