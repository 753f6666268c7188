package dev.fctracing.annotations.processing;

import static javax.tools.Diagnostic.Kind.ERROR;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MissingBodyRuleTest {

    @TempDir
    Path tmp;

    @Test
    void interfaceMethodWithoutBodyIsAnError() {
        Source source = Source.of(
                "com.x.Orders",
                "package com.x;",
                "import dev.fctracing.annotations.Traced;",
                "public interface Orders {",
                "  @Traced",
                "  String load(String id, int[] parts);",
                "}");

        TestCompiler.compile(tmp, source)
                .assertOnly(
                        ERROR,
                        "@Traced on com.x.Orders.load(String, int[]): the interface method has no body, so there is nothing"
                                + " to trace; annotations on interface/abstract methods are not inherited — put @Traced on the"
                                + " implementing method",
                        source,
                        source.line("String load("));
    }

    @Test
    void abstractMethodIsAnError() {
        Source source = Source.of(
                "com.x.Repo",
                "package com.x;",
                "import dev.fctracing.annotations.Traced;",
                "public abstract class Repo<T> {",
                "  @Traced(\"repo.save\") protected abstract void save(T item);",
                "}");

        TestCompiler.compile(tmp, source)
                .assertOnly(
                        ERROR,
                        "@Traced on com.x.Repo.save(Object): the abstract method has no body, so there is nothing to trace;"
                                + " annotations on interface/abstract methods are not inherited — put @Traced on the implementing"
                                + " method",
                        source,
                        source.line("abstract void save"));
    }

    @Test
    void nativeMethodIsAnError() {
        Source source = Source.of(
                "com.x.Native",
                "package com.x;",
                "public class Native {",
                "  @dev.fctracing.annotations.Traced",
                "  public native long crc(byte[] data);",
                "}");

        TestCompiler.compile(tmp, source)
                .assertOnly(
                        ERROR,
                        "@Traced on com.x.Native.crc(byte[]): the native method has no Java body, so there is nothing to"
                                + " trace; put @Traced on the Java method that calls it",
                        source,
                        source.line("native long crc"));
    }

    @Test
    void defaultAndStaticInterfaceMethodsHaveBodies() {
        Source source = Source.of(
                "com.x.Pricing",
                "package com.x;",
                "import dev.fctracing.annotations.Traced;",
                "public interface Pricing {",
                "  long base(String sku);",
                "  @Traced default long quote(String sku) { return base(sku) * 2; }",
                "  @Traced static long tax(long cents) { return cents / 10; }",
                "}");

        TestCompiler.compile(tmp, source).assertClean();
    }
}
