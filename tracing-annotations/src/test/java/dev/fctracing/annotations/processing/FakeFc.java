package dev.fctracing.annotations.processing;

import java.util.Arrays;
import java.util.List;

/** Stand-ins for the fc-java-core interfaces the processor knows by name, so that no FC jar is needed. */
final class FakeFc {

    private FakeFc() {}

    static List<Source> sources() {
        return Arrays.asList(
                Source.of(
                        "com.aliyun.fc.runtime.Context",
                        "package com.aliyun.fc.runtime;",
                        "public interface Context { String getRequestId(); }"),
                Source.of(
                        "com.aliyun.fc.runtime.StreamRequestHandler",
                        "package com.aliyun.fc.runtime;",
                        "public interface StreamRequestHandler {",
                        "  void handleRequest(java.io.InputStream input, java.io.OutputStream output, Context context)",
                        "      throws java.io.IOException;",
                        "}"),
                Source.of(
                        "com.aliyun.fc.runtime.PojoRequestHandler",
                        "package com.aliyun.fc.runtime;",
                        "public interface PojoRequestHandler<I, O> { O handleRequest(I input, Context context); }"),
                Source.of(
                        "com.aliyun.fc.runtime.HttpRequestHandler",
                        "package com.aliyun.fc.runtime;",
                        "public interface HttpRequestHandler {",
                        "  void handleRequest(javax.servlet.http.HttpServletRequest request,"
                                + " javax.servlet.http.HttpServletResponse response, Context context) throws java.io.IOException;",
                        "}"),
                Source.of(
                        "javax.servlet.http.HttpServletRequest",
                        "package javax.servlet.http;",
                        "public interface HttpServletRequest {}"),
                Source.of(
                        "javax.servlet.http.HttpServletResponse",
                        "package javax.servlet.http;",
                        "public interface HttpServletResponse {}"),
                Source.of(
                        "com.aliyun.fc.runtime.FunctionInitializer",
                        "package com.aliyun.fc.runtime;",
                        "public interface FunctionInitializer { void initialize(Context context) throws java.io.IOException; }"),
                Source.of(
                        "com.aliyun.fc.runtime.PreFreezeHandler",
                        "package com.aliyun.fc.runtime;",
                        "public interface PreFreezeHandler { void preFreeze(Context context) throws java.io.IOException; }"),
                Source.of(
                        "com.aliyun.fc.runtime.PreStopHandler",
                        "package com.aliyun.fc.runtime;",
                        "public interface PreStopHandler { void preStop(Context context) throws java.io.IOException; }"));
    }
}
