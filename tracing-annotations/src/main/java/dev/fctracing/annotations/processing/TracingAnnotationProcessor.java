package dev.fctracing.annotations.processing;

import dev.fctracing.annotations.weaving.WeavingIndex;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * Makes misuse of {@code @Traced} and {@code @FcHandler} a compile error (or warning), attached to the offending
 * element, and writes the weaving index ({@link WeavingIndex}).
 *
 * <p>Registered in {@code META-INF/services/javax.annotation.processing.Processor}, so javac finds it on the class
 * path of any module that depends on {@code tracing-annotations}, up to JDK 22. From JDK 23 on, javac runs
 * processors only when asked: {@code -proc:full}, or the processor on {@code --processor-path} (Maven:
 * {@code <proc>full</proc>} or {@code <annotationProcessorPaths>} in maven-compiler-plugin).
 *
 * <p>The rules live in {@link HandlerClassRule}, {@link MissingFcHandlerRule} and {@link
 * TracedMethodRules#STANDARD}. Warnings (not errors) can be silenced with {@code @SuppressWarnings("fc-tracing")} on
 * the method or class, or an enclosing class. The processor
 * claims both annotations (they are its own), so {@code -Xlint:processing} does not warn that none claimed them.
 */
@SupportedAnnotationTypes({
    "dev.fctracing.annotations.Traced",
    "dev.fctracing.annotations.FcHandler",
    "dev.fctracing.annotations.SpanAttribute"
})
public final class TracingAnnotationProcessor extends AbstractProcessor {

    private final boolean readBodies;
    private final IndexCollector index = new IndexCollector();
    /**
     * Classes {@link MissingFcHandlerRule} warns about, by qualified name, kept until the compilation is known to have
     * {@code @Traced} methods (they may come in a later round than the class).
     */
    private final Set<String> missingHandlers = new LinkedHashSet<>();
    /** Whether any round so far had a {@code @Traced} method. */
    private boolean tracedSeen;

    private RuleEnvironment environment;

    public TracingAnnotationProcessor() {
        this(true);
    }

    /** With {@code readBodies} false, rules judge by signatures alone, as under a compiler without javac's Tree API. */
    TracingAnnotationProcessor(boolean readBodies) {
        this.readBodies = readBodies;
    }

    @Override
    public synchronized void init(ProcessingEnvironment processingEnv) {
        super.init(processingEnv);
        environment = new RuleEnvironment(
                processingEnv.getTypeUtils(),
                processingEnv.getElementUtils(),
                readBodies ? MethodBodies.of(processingEnv) : MethodBodies.UNAVAILABLE,
                processingEnv.getOptions());
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        collectMissingHandlers(round);
        for (TypeElement annotation : annotations) {
            if (annotation.getQualifiedName().contentEquals(SpanAttributeRule.SPAN_ATTRIBUTE)) {
                for (Element parameter : round.getElementsAnnotatedWith(annotation)) {
                    checkSpanAttributeHasTracedMethod(parameter);
                }
                continue;
            }
            boolean traced = annotation.getQualifiedName().contentEquals(Annotations.TRACED);
            for (Element element : round.getElementsAnnotatedWith(annotation)) {
                if (traced && element instanceof ExecutableElement) {
                    tracedSeen = true;
                    checkTraced((ExecutableElement) element);
                } else if (!traced && element instanceof TypeElement) {
                    checkHandler((TypeElement) element);
                }
            }
        }
        if (tracedSeen) {
            reportMissingHandlers();
        }
        if (round.processingOver()) {
            writeIndex();
        }
        return true;
    }

    /**
     * Remembers this round's classes that {@link MissingFcHandlerRule} warns about. javac asks the processor from the
     * first round that has one of its annotations on, so classes of earlier rounds (only where another processor's
     * generated code brings the first annotation) are not seen.
     */
    private void collectMissingHandlers(RoundEnvironment round) {
        List<TypeElement> types = new ArrayList<>();
        for (Element root : round.getRootElements()) {
            MissingFcHandlerRule.collect(root, types);
        }
        for (TypeElement type : types) {
            if (MissingFcHandlerRule.check(type) != null) {
                missingHandlers.add(type.getQualifiedName().toString());
            }
        }
    }

    /**
     * Reports the remembered classes, each once, in the round in which both they and a {@code @Traced} method are known.
     * A class remembered in an earlier round is looked up again by name: elements are not meant to outlive their round.
     */
    private void reportMissingHandlers() {
        for (String name : missingHandlers) {
            TypeElement type = environment.elements.getTypeElement(name);
            Finding finding = type == null ? null : MissingFcHandlerRule.check(type);
            if (finding != null) {
                finding.reportTo(processingEnv.getMessager());
            }
        }
        missingHandlers.clear();
    }

    private void checkTraced(ExecutableElement method) {
        for (Finding finding : TracedMethodRules.check(TracedMethodRules.STANDARD, method, environment)) {
            finding.reportTo(processingEnv.getMessager());
        }
        index.addTraced(method, environment.elements, environment.types);
    }

    /** {@code @SpanAttribute} does nothing on a parameter of a method that is not {@code @Traced}: an error. */
    private void checkSpanAttributeHasTracedMethod(Element parameter) {
        Element method = parameter.getEnclosingElement();
        if (method instanceof ExecutableElement && Annotations.find(method, Annotations.TRACED) == null) {
            Finding.error(
                            parameter,
                            "@SpanAttribute on parameter " + parameter.getSimpleName() + " of "
                                    + Describe.method((ExecutableElement) method, environment.types)
                                    + " has no effect: the method is not @Traced — add @Traced to the method or remove"
                                    + " @SpanAttribute")
                    .reportTo(processingEnv.getMessager());
        }
    }

    private void checkHandler(TypeElement type) {
        Finding finding = HandlerClassRule.check(type);
        if (finding != null) {
            finding.reportTo(processingEnv.getMessager());
        }
        index.addHandler(type, environment.elements);
    }

    private void writeIndex() {
        try {
            index.writeTo(processingEnv.getFiler());
        } catch (IOException | RuntimeException e) {
            processingEnv
                    .getMessager()
                    .printMessage(
                            Diagnostic.Kind.WARNING,
                            "fc-tracing: cannot write the weaving index " + WeavingIndex.RESOURCE + ": " + e);
        }
    }
}
