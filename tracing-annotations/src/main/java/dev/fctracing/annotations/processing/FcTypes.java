package dev.fctracing.annotations.processing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/**
 * Function Compute's Java types, matched by qualified name so that the processor needs no FC jar on its path.
 */
final class FcTypes {

  static final String PACKAGE = "com.aliyun.fc.runtime.";
  static final String CONTEXT = PACKAGE + "Context";

  /** The interfaces through which FC invokes a function; a handler class implements at least one. */
  static final List<String> ENTRY_INTERFACES =
      Collections.unmodifiableList(
          Arrays.asList(
              PACKAGE + "StreamRequestHandler",
              PACKAGE + "PojoRequestHandler",
              PACKAGE + "HttpRequestHandler",
              PACKAGE + "FunctionInitializer"));

  /** Simple names of {@link #ENTRY_INTERFACES}, as listed in messages. */
  static final String ENTRY_INTERFACE_LIST =
      "StreamRequestHandler, PojoRequestHandler, HttpRequestHandler, FunctionInitializer";

  private FcTypes() {}

  /** What {@link #entryInterfaceOf} found. */
  enum Implements {
    YES,
    NO,
    /** A supertype did not resolve; javac reports that itself, so rules stay quiet. */
    UNKNOWN
  }

  /**
   * Whether {@code type} implements one of {@link #ENTRY_INTERFACES}, directly or through any superclass or
   * superinterface.
   */
  static Implements entryInterfaceOf(TypeElement type) {
    Deque<TypeElement> pending = new ArrayDeque<>();
    pending.push(type);
    Set<String> seen = new HashSet<>();
    boolean unresolved = false;
    while (!pending.isEmpty()) {
      TypeElement current = pending.pop();
      List<TypeMirror> supertypes = new ArrayList<>(current.getInterfaces());
      supertypes.add(current.getSuperclass());
      for (TypeMirror supertype : supertypes) {
        if (supertype.getKind() == TypeKind.ERROR) {
          unresolved = true;
        } else if (supertype.getKind() == TypeKind.DECLARED) {
          TypeElement element = (TypeElement) ((DeclaredType) supertype).asElement();
          String name = element.getQualifiedName().toString();
          if (ENTRY_INTERFACES.contains(name)) {
            return Implements.YES;
          }
          if (seen.add(name)) {
            pending.push(element);
          }
        }
      }
    }
    return unresolved ? Implements.UNKNOWN : Implements.NO;
  }

  /**
   * Whether {@code method} has the shape of an FC entry point that {@code @FcHandler} already wraps in the
   * handler span: {@code handleRequest(..., Context)}, {@code initialize(Context)}, {@code preFreeze(Context)} or
   * {@code preStop(Context)}.
   */
  static boolean isEntryPoint(ExecutableElement method, Types types) {
    String name = method.getSimpleName().toString();
    List<? extends Element> parameters = method.getParameters();
    if (parameters.isEmpty()) {
      return false;
    }
    boolean lastIsContext =
        CONTEXT.equals(qualifiedName(parameters.get(parameters.size() - 1).asType(), types));
    if (name.equals("handleRequest")) {
      return lastIsContext;
    }
    boolean lifecycle =
        name.equals("initialize") || name.equals("preFreeze") || name.equals("preStop");
    return lifecycle && parameters.size() == 1 && lastIsContext;
  }

  /** The qualified name of a declared type's erasure, or null for any other kind of type. */
  static String qualifiedName(TypeMirror type, Types types) {
    TypeMirror erased = types.erasure(type);
    if (erased.getKind() != TypeKind.DECLARED) {
      return null;
    }
    Element element = ((DeclaredType) erased).asElement();
    return element instanceof TypeElement
        ? ((TypeElement) element).getQualifiedName().toString()
        : null;
  }
}
