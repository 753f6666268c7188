package dev.fctracing.annotations.weaving;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The weaving index: every {@code @Traced} method and every {@code @FcHandler} class that
 * {@link dev.fctracing.annotations.processing.TracingAnnotationProcessor} saw, merged over every index on a class
 * path.
 *
 * <h2>Where it comes from</h2>
 *
 * <p>Each compilation that ran the processor and saw at least one of the annotations leaves one resource,
 * {@value #RESOURCE}, in its class output; so each jar built from such a module carries one. Resources of the
 * same name in different jars or directories are all visible through {@link ClassLoader#getResources}, and
 * {@link #load} reads and merges all of them. A module whose sources hold neither annotation has no index.
 *
 * <p>Merging jars into one (maven-shade-plugin, assembly) keeps only one resource of each name unless told
 * otherwise: configure the shade plugin's {@code AppendingTransformer} for {@value #RESOURCE}. Appended indexes
 * stay valid, since each line stands alone.
 *
 * <h2>Format</h2>
 *
 * <p>UTF-8 text, one entry per line, each line ended by {@code \n}, lines sorted, no duplicates:
 *
 * <pre>
 * H com.example.OrderHandler
 * T com.example.OrderHandler loadOrder(java.lang.String,int)
 * T com.example.Outer$Inner run(java.util.Map$Entry,byte[])
 * </pre>
 *
 * <p>{@code H} lines name {@code @FcHandler} classes, {@code T} lines {@code @Traced} methods. Class names are
 * binary names ({@link Class#getName()}: {@code Outer$Inner}); parameter types are erased and written as
 * {@link Class#getTypeName()} writes them ({@code java.lang.String[]} for arrays and varargs), separated by
 * commas without spaces. {@link #key(Method)} builds the same text from a reflected method. Readers ignore blank
 * lines, lines starting with {@code #} and lines of unknown kinds, so the format can grow.
 *
 * <p>Methods of local and anonymous classes are not in the index: javac does not show such classes to annotation
 * processors. They are woven all the same.
 */
public final class WeavingIndex {

    /** The resource name of every index, in every jar and class output directory. */
    public static final String RESOURCE = "META-INF/fc-tracing/traced.idx";

    public static final String TRACED_PREFIX = "T ";
    public static final String HANDLER_PREFIX = "H ";

    private final Set<String> tracedMethods;
    private final Set<String> handlerClasses;
    private final List<URL> sources;

    private WeavingIndex(SortedSet<String> tracedMethods, SortedSet<String> handlerClasses, List<URL> sources) {
        this.tracedMethods = Collections.unmodifiableSortedSet(tracedMethods);
        this.handlerClasses = Collections.unmodifiableSortedSet(handlerClasses);
        this.sources = Collections.unmodifiableList(sources);
    }

    /**
     * Reads and merges every {@value #RESOURCE} that {@code loader} (the system class loader when null) can see.
     * An empty index when there is none.
     *
     * @throws UncheckedIOException when a resource that was found cannot be read
     */
    public static WeavingIndex load(ClassLoader loader) {
        ClassLoader effective = loader != null ? loader : ClassLoader.getSystemClassLoader();
        SortedSet<String> traced = new TreeSet<>();
        SortedSet<String> handlers = new TreeSet<>();
        List<URL> sources = new ArrayList<>();
        try {
            Enumeration<URL> resources = effective.getResources(RESOURCE);
            while (resources.hasMoreElements()) {
                URL url = resources.nextElement();
                read(url, traced, handlers);
                sources.add(url);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the fc-tracing weaving index " + RESOURCE, e);
        }
        return new WeavingIndex(traced, handlers, sources);
    }

    private static void read(URL url, Set<String> traced, Set<String> handlers) throws IOException {
        URLConnection connection = url.openConnection();
        // A jar URL connection caches the open jar by default; the index is read once, so do not pin the file.
        connection.setUseCaches(false);
        try (InputStream in = connection.getInputStream();
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith(HANDLER_PREFIX)) {
                    String name = line.substring(HANDLER_PREFIX.length()).trim();
                    if (!name.isEmpty()) {
                        handlers.add(name);
                    }
                } else if (line.startsWith(TRACED_PREFIX)) {
                    String entry = line.substring(TRACED_PREFIX.length()).trim();
                    int space = entry.indexOf(' ');
                    if (space > 0 && entry.endsWith(")")) {
                        traced.add(entry.substring(0, space)
                                + '#'
                                + entry.substring(space + 1).trim());
                    }
                }
            }
        }
    }

    /**
     * Every {@code @Traced} method, as {@code binaryClassName#methodName(paramType,paramType)}, for example
     * {@code com.example.Outer$Inner#run(java.util.Map$Entry,byte[])}; sorted, unmodifiable. Compare with
     * {@link #key(Method)}.
     */
    public Set<String> tracedMethods() {
        return tracedMethods;
    }

    /** The binary name of every {@code @FcHandler} class; sorted, unmodifiable. */
    public Set<String> handlerClasses() {
        return handlerClasses;
    }

    /** The resources that were merged, in class path order. */
    public List<URL> sources() {
        return sources;
    }

    /** Whether no index was found, or all found were empty. */
    public boolean isEmpty() {
        return tracedMethods.isEmpty() && handlerClasses.isEmpty();
    }

    /** {@code method} as {@link #tracedMethods()} lists it: {@code binaryClassName#name(paramType,...)}. */
    public static String key(Method method) {
        StringBuilder out = new StringBuilder(method.getDeclaringClass().getName())
                .append('#')
                .append(method.getName())
                .append('(');
        Class<?>[] parameters = method.getParameterTypes();
        for (int i = 0; i < parameters.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(parameters[i].getTypeName());
        }
        return out.append(')').toString();
    }

    @Override
    public String toString() {
        return "WeavingIndex{" + handlerClasses.size() + " handler classes, " + tracedMethods.size()
                + " traced methods, from " + sources + "}";
    }
}
