package dev.fctracing.annotations.processing;

import java.net.URI;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;

/** An in-memory compilation unit, with a way to find the line a diagnostic should be on. */
final class Source extends SimpleJavaFileObject {

    final String className;
    private final String text;
    private final String[] lines;

    private Source(String className, String[] lines) {
        super(
                URI.create("string:///" + className.replace('.', '/') + JavaFileObject.Kind.SOURCE.extension),
                JavaFileObject.Kind.SOURCE);
        this.className = className;
        this.lines = lines;
        this.text = String.join("\n", lines) + "\n";
    }

    /** The compilation unit of top-level class {@code className}, one argument per line. */
    static Source of(String className, String... lines) {
        return new Source(className, lines);
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return text;
    }

    /** The 1-based number of the only line that contains {@code marker}. */
    long line(String marker) {
        long found = -1;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(marker)) {
                if (found != -1) {
                    throw new IllegalArgumentException(
                            "marker '" + marker + "' is on more than one line of " + className);
                }
                found = i + 1;
            }
        }
        if (found == -1) {
            throw new IllegalArgumentException("marker '" + marker + "' is not in " + className);
        }
        return found;
    }

    @Override
    public String toString() {
        return className;
    }
}
