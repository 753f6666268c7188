package dev.fctracing.annotations.weaving;

import dev.fctracing.annotations.FcHandler;
import dev.fctracing.annotations.Traced;
import dev.fctracing.annotations.fc.FcEntryPoint;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tells, by reflection on one class, whether fc-tracing's aspects were woven into its methods: the
 * {@code @Traced} aspect into a {@code @Traced} method, the entry aspect into an entry point of an
 * {@code @FcHandler} class.
 *
 * <h2>What it looks for</h2>
 *
 * <p>ajc weaves {@code around} advice into the class that declares the advised method, and leaves marks there that
 * plain javac never produces. For a method {@code m(P1..Pn)} of class {@code C}, ajc moves the original body into
 * {@code m_aroundBody<k>([C,] P1..Pn)} ({@code C} first unless {@code m} is static) and, since both our aspects'
 * advice is inlined, adds {@code m_aroundBody<k+1>$advice([C,] P1..Pn, <Aspect>, ..., AroundClosure,
 * JoinPoint$StaticPart)} whose parameter after the method's own ones is the aspect's type (after a {@code JoinPoint}
 * when the advice reads arguments, as for {@code @SpanAttribute} methods). A method counts as woven
 * by an aspect when such an {@code $advice} method exists with exactly that parameter prefix followed by that
 * aspect's class: precise per overload, and per aspect (a user's own {@code around} advice on the same method does
 * not count). Built with {@code -XnoInline}, ajc leaves the {@code aroundBody} method but no {@code $advice} method
 * (the advice runs through an {@code AjcClosure} class); then the method counts as woven when its
 * {@code aroundBody} exists, no {@code $advice} method of the class names the aspect (it was not inlined here) and
 * the class file names the aspect.
 *
 * <p>One {@link Class#getDeclaredMethods()} per class, when the detector is made; answers are map lookups after
 * that. Nothing is initialised: reflection loads the types the class's methods mention but runs no static
 * initialiser. The aspects are named as strings, so this module needs neither AspectJ nor {@code tracing-aspects}.
 *
 * <p>Known limit: an instance method {@code m(P..)} and a static overload {@code m(C, P..)} of the same class
 * {@code C} leave identical marks; if either is woven, both count as woven. (ajc weaves a class as a whole, so
 * in practice both are woven or neither is.)
 */
public final class WeavingDetector {

    /** The {@code @Traced} aspect, in {@code tracing-aspects}. */
    public static final String TRACED_ASPECT = "dev.fctracing.internal.aspect.TracedAspect";
    /** The aspect around the entry points of {@code @FcHandler} classes, in {@code tracing-aspects}. */
    public static final String HANDLER_ASPECT = "dev.fctracing.internal.aspect.FcHandlerAspect";
    /**
     * Marker interfaces of the aspect that adds {@code preFreeze} / {@code preStop} to {@code @FcHandler} classes
     * without them ({@code LifecycleHooksAspect}): a class implementing one got that hook from the weave.
     */
    public static final String ADDED_PRE_FREEZE = "dev.fctracing.internal.aspect.LifecycleHooksAspect$AddedPreFreeze";

    public static final String ADDED_PRE_STOP = "dev.fctracing.internal.aspect.LifecycleHooksAspect$AddedPreStop";

    private static final String AROUND_BODY = "_aroundBody";
    private static final String ADVICE_SUFFIX = "$advice";
    private static final String JOIN_POINT = "org.aspectj.lang.JoinPoint";

    private final Class<?> type;
    private final Method[] declared;
    /** The ajc-generated methods of this class, by the name of the method they were made for. */
    private final Map<String, List<Method>> aroundMethods = new HashMap<>();

    private final Set<String> supertypes;
    /** Every type an {@code $advice} method of this class takes: among them, each aspect inlined here. */
    private final Set<String> inlinedAspects = new HashSet<>();
    /** Aspect name to whether the class file mentions it; filled only for {@code -XnoInline} builds. */
    private final Map<String, Boolean> classFileMentions = new HashMap<>();

    private WeavingDetector(Class<?> type) {
        this.type = type;
        this.declared = type.getDeclaredMethods();
        for (Method method : declared) {
            String original = originalName(method.getName());
            if (original != null) {
                List<Method> list = aroundMethods.get(original);
                if (list == null) {
                    list = new ArrayList<>(2);
                    aroundMethods.put(original, list);
                }
                list.add(method);
                if (method.getName().endsWith(ADVICE_SUFFIX)) {
                    for (Class<?> parameter : method.getParameterTypes()) {
                        inlinedAspects.add(parameter.getName());
                    }
                }
            }
        }
        this.supertypes = supertypeNames(type);
    }

    /**
     * Reads {@code type}'s declared methods once.
     *
     * @throws LinkageError (typically {@link NoClassDefFoundError}) when a type that one of the class's methods
     *     mentions cannot be loaded
     */
    public static WeavingDetector of(Class<?> type) {
        if (type == null) {
            throw new NullPointerException("type");
        }
        return new WeavingDetector(type);
    }

    /** Whether {@code method} carries {@code @Traced} and the {@code @Traced} aspect was woven into it. */
    public static boolean isTracedWoven(Method method) {
        return of(method.getDeclaringClass()).tracedWoven(method);
    }

    /**
     * The entry points of {@code handlerClass} that the entry aspect was not woven into; empty when all are woven,
     * and also when the class declares none (see {@link #entryPoints()}).
     */
    public static List<Method> unwovenEntryPoints(Class<?> handlerClass) {
        WeavingDetector detector = of(handlerClass);
        List<Method> unwoven = new ArrayList<>();
        for (Method entry : detector.entryPoints()) {
            if (!detector.entryPointWoven(entry)) {
                unwoven.add(entry);
            }
        }
        return unwoven;
    }

    /** The class this detector looked at. */
    public Class<?> type() {
        return type;
    }

    /**
     * The methods the class declares, without the compiler's and ajc's own (bridges, synthetic methods and the
     * {@code _aroundBody} methods).
     */
    public List<Method> declaredMethods() {
        List<Method> methods = new ArrayList<>(declared.length);
        for (Method method : declared) {
            if (!method.isBridge() && !method.isSynthetic() && originalName(method.getName()) == null) {
                methods.add(method);
            }
        }
        return methods;
    }

    /** Whether the class carries {@code @FcHandler}. */
    public boolean isHandler() {
        return type.isAnnotationPresent(FcHandler.class);
    }

    /**
     * The methods the class declares with {@code @Traced} that can have a body to weave into: not abstract, not
     * native, not compiler-made (bridges). In declaration-independent, stable order (by {@link WeavingIndex#key}).
     */
    public List<Method> tracedMethods() {
        List<Method> traced = new ArrayList<>();
        for (Method method : declared) {
            if (method.isAnnotationPresent(Traced.class) && weavable(method)) {
                traced.add(method);
            }
        }
        sortByKey(traced);
        return traced;
    }

    /**
     * The FC entry points the class itself declares, as the entry aspect matches them whether or not the class
     * carries {@code @FcHandler}: {@code handleRequest(InputStream, OutputStream, Context)} of a
     * {@code StreamRequestHandler}, {@code handleRequest(x, Context)} of a {@code PojoRequestHandler},
     * {@code handleRequest(x, y, Context)} of an {@code HttpRequestHandler}, and {@code initialize},
     * {@code preFreeze}, {@code preStop} {@code (Context)} of {@code FunctionInitializer}, {@code PreFreezeHandler},
     * {@code PreStopHandler}. Inherited methods are not entry points of this class: {@code @FcHandler} applies to
     * the methods the annotated class declares. Bridge methods are left out.
     */
    public List<Method> entryPoints() {
        List<Method> entries = new ArrayList<>();
        for (Method method : declared) {
            if (isEntryPoint(method)) {
                entries.add(method);
            }
        }
        sortByKey(entries);
        return entries;
    }

    /**
     * Whether the {@code @Traced} aspect was woven into {@code method}, a method of this class. False for a method
     * without {@code @Traced}, since the aspect does not apply to it.
     */
    public boolean tracedWoven(Method method) {
        return wovenBy(method, TRACED_ASPECT) && method.isAnnotationPresent(Traced.class);
    }

    /** Whether the entry aspect was woven into {@code method}, a method of this class. */
    public boolean entryPointWoven(Method method) {
        return addedByWeave(method) || wovenBy(method, HANDLER_ASPECT);
    }

    /** Whether {@code method} is a lifecycle hook the weave added to the class (and so traced by it). */
    public boolean addedByWeave(Method method) {
        String name = method.getName();
        return (name.equals("preFreeze") && supertypes.contains(ADDED_PRE_FREEZE))
                || (name.equals("preStop") && supertypes.contains(ADDED_PRE_STOP));
    }

    /** Whether the aspect named {@code aspectClassName} was woven, as around advice, into {@code method}. */
    public boolean wovenBy(Method method, String aspectClassName) {
        if (method.getDeclaringClass() != type) {
            throw new IllegalArgumentException(WeavingIndex.key(method) + " is not declared by " + type.getName());
        }
        List<Method> candidates = aroundMethods.get(method.getName());
        if (candidates == null) {
            return false;
        }
        Class<?>[] prefix = expectedPrefix(method);
        boolean bodyMoved = false;
        for (Method candidate : candidates) {
            Class<?>[] parameters = candidate.getParameterTypes();
            if (!startsWith(parameters, prefix)) {
                continue;
            }
            if (candidate.getName().endsWith(ADVICE_SUFFIX)) {
                int at = prefix.length;
                // Advice that uses thisJoinPoint (our @SpanAttribute advice) takes the JoinPoint before the aspect.
                if (parameters.length > at && parameters[at].getName().equals(JOIN_POINT)) {
                    at++;
                }
                if (parameters.length > at && parameters[at].getName().equals(aspectClassName)) {
                    return true;
                }
            } else {
                bodyMoved = true;
            }
        }
        return bodyMoved && !inlinedAspects.contains(aspectClassName) && classFileMentions(aspectClassName);
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static boolean weavable(Method method) {
        int modifiers = method.getModifiers();
        return !Modifier.isAbstract(modifiers)
                && !Modifier.isNative(modifiers)
                && !method.isBridge()
                && !method.isSynthetic();
    }

    private boolean isEntryPoint(Method method) {
        int modifiers = method.getModifiers();
        if (Modifier.isStatic(modifiers) || !weavable(method)) {
            return false;
        }
        List<String> parameters = new ArrayList<>();
        for (Class<?> parameter : method.getParameterTypes()) {
            parameters.add(parameter.getName());
        }
        for (FcEntryPoint entry : FcEntryPoint.values()) {
            if (supertypes.contains(entry.interfaceName())
                    && entry.matches(method.getName(), parameters)
                    && (!entry.returnsVoid() || method.getReturnType() == void.class)) {
                return true;
            }
        }
        return false;
    }

    /** The names of every superclass and interface of {@code type}, transitively. */
    private static Set<String> supertypeNames(Class<?> type) {
        Set<String> names = new HashSet<>();
        Deque<Class<?>> pending = new ArrayDeque<>();
        pending.push(type);
        while (!pending.isEmpty()) {
            Class<?> current = pending.pop();
            Class<?> superclass = current.getSuperclass();
            if (superclass != null && names.add(superclass.getName())) {
                pending.push(superclass);
            }
            for (Class<?> implemented : current.getInterfaces()) {
                if (names.add(implemented.getName())) {
                    pending.push(implemented);
                }
            }
        }
        return names;
    }

    /** {@code m} for {@code m_aroundBody12} and {@code m_aroundBody13$advice}; null for any other name. */
    static String originalName(String name) {
        int marker = name.lastIndexOf(AROUND_BODY);
        if (marker <= 0) {
            return null;
        }
        int end = name.endsWith(ADVICE_SUFFIX) ? name.length() - ADVICE_SUFFIX.length() : name.length();
        int digits = marker + AROUND_BODY.length();
        if (digits >= end) {
            return null;
        }
        for (int i = digits; i < end; i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        return name.substring(0, marker);
    }

    private Class<?>[] expectedPrefix(Method method) {
        Class<?>[] parameters = method.getParameterTypes();
        if (Modifier.isStatic(method.getModifiers())) {
            return parameters;
        }
        Class<?>[] prefix = new Class<?>[parameters.length + 1];
        prefix[0] = type;
        System.arraycopy(parameters, 0, prefix, 1, parameters.length);
        return prefix;
    }

    private static boolean startsWith(Class<?>[] parameters, Class<?>[] prefix) {
        if (parameters.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (parameters[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the class file names {@code aspectClassName} (as ajc's non-inlined advice calls do). Read once per
     * aspect, and only for classes built with {@code -XnoInline}; false when the class file cannot be read.
     */
    private boolean classFileMentions(String aspectClassName) {
        Boolean known = classFileMentions.get(aspectClassName);
        if (known == null) {
            known = ClassFileBytes.mentions(type, aspectClassName);
            classFileMentions.put(aspectClassName, known);
        }
        return known;
    }

    private static void sortByKey(List<Method> methods) {
        if (methods.size() > 1) {
            Collections.sort(methods, (a, b) -> WeavingIndex.key(a).compareTo(WeavingIndex.key(b)));
        }
    }

    @Override
    public String toString() {
        return "WeavingDetector{" + type.getName() + "}";
    }
}
