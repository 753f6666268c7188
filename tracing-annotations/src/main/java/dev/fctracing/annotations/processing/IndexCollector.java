package dev.fctracing.annotations.processing;

import dev.fctracing.annotations.weaving.WeavingIndex;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SortedSet;
import java.util.TreeSet;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Collects the weaving index of one compilation over all processing rounds and writes it once, in the last
 * round, to the class output as {@value WeavingIndex#RESOURCE}. See {@link WeavingIndex} for the format.
 *
 * <p>The index describes the sources of this compilation only. Maven recompiles a whole module whenever one of
 * its sources changed, so the index stays complete; a compiler that recompiles single files (some IDEs) rewrites
 * it with what those files hold, until the next full build. A compilation that sees neither annotation writes
 * nothing and leaves an existing index alone.
 */
final class IndexCollector {

    private final SortedSet<String> lines = new TreeSet<>();
    private boolean written;

    /** Adds {@code T <binary class name> <method>(<parameter types>)}. */
    void addTraced(ExecutableElement method, Elements elements, Types types) {
        Element owner = method.getEnclosingElement();
        if (owner instanceof TypeElement) {
            lines.add(WeavingIndex.TRACED_PREFIX
                    + elements.getBinaryName((TypeElement) owner)
                    + ' '
                    + Describe.indexMethod(method, elements, types));
        }
    }

    /** Adds {@code H <binary class name>}. */
    void addHandler(TypeElement type, Elements elements) {
        lines.add(WeavingIndex.HANDLER_PREFIX + elements.getBinaryName(type));
    }

    /** The file's content: the sorted lines, each ended by {@code \n}. */
    String content() {
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            out.append(line).append('\n');
        }
        return out.toString();
    }

    /**
     * Writes the index, unless it is empty or already written. Called in the last round only: the Filer refuses
     * to create the same resource twice in one compilation.
     */
    void writeTo(Filer filer) throws IOException {
        if (written || lines.isEmpty()) {
            return;
        }
        written = true;
        FileObject file = filer.createResource(StandardLocation.CLASS_OUTPUT, "", WeavingIndex.RESOURCE);
        try (OutputStream out = file.openOutputStream()) {
            out.write(content().getBytes(StandardCharsets.UTF_8));
        }
    }
}
