package dev.fctracing.internal.weaving;

import dev.fctracing.annotations.Traced;

/** Woven by ajc at test-compile: overloads of which only some are {@code @Traced}. */
class OverloadFixture {

    @Traced
    String run() {
        return "run";
    }

    String run(int times) {
        return "run" + times;
    }

    @Traced
    String run(String label) {
        return label;
    }

    @Traced
    static String run(OverloadFixture other, String... labels) {
        return String.join(",", labels);
    }

    @Traced
    <T extends Comparable<T>> T max(java.util.List<T> values, T[] more) {
        return values.get(0);
    }

    /** A local class's method: woven, though javac does not show it to the annotation processor. */
    Runnable local() {
        class Local implements Runnable {
            @Traced
            @Override
            public void run() {}
        }
        return new Local();
    }
}
