package dev.fctracing.annotations.processing;

import dev.fctracing.annotations.weaving.WeavingIndex;

import java.io.IOException;
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
 * <p>The rules live in {@link HandlerClassRule} and {@link TracedMethodRules#STANDARD}. Warnings (not errors) can
 * be silenced with {@code @SuppressWarnings("fc-tracing")} on the method or an enclosing class. The processor
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
    environment =
        new RuleEnvironment(
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
          checkTraced((ExecutableElement) element);
        } else if (!traced && element instanceof TypeElement) {
          checkHandler((TypeElement) element);
        }
      }
    }
    if (round.processingOver()) {
      writeIndex();
    }
    return true;
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
