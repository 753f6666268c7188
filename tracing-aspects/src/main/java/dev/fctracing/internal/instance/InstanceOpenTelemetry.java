package dev.fctracing.internal.instance;

import dev.fctracing.internal.sdk.FcOpenTelemetry;
import dev.fctracing.internal.sdk.TracingRuntime;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerBuilder;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.Collection;

/**
 * The {@link OpenTelemetry} that {@code FcTracing.openTelemetry()} hands out: one object for the life of the JVM that
 * finds the instance's running SDK each time it starts a span or propagates. An instrumented client built from it in
 * a static initialiser, before the first invocation started tracing, therefore records from the first invocation on;
 * a reference to the SDK taken then would be OpenTelemetry's no-op for good. While tracing is not running (before
 * the first traced invocation, after {@code preStop}, or with tracing off) spans are the API's no-ops.
 *
 * <p>A tracer remembers the SDK tracer it last resolved, so the cost per span is two volatile reads and a
 * comparison. Metrics and logs are the API's no-ops, as with the SDK's own instance.
 */
public final class InstanceOpenTelemetry implements OpenTelemetry {

    /** The one instance. */
    public static final InstanceOpenTelemetry INSTANCE = new InstanceOpenTelemetry();

    private static final Tracer NOOP_TRACER = TracerProvider.noop().get("dev.fctracing");

    private final TracerProvider tracerProvider = new LazyTracerProvider();
    private final ContextPropagators propagators = ContextPropagators.create(new LazyPropagator());

    private InstanceOpenTelemetry() {}

    @Override
    public TracerProvider getTracerProvider() {
        return tracerProvider;
    }

    @Override
    public ContextPropagators getPropagators() {
        return propagators;
    }

    /** The OpenTelemetry of the running SDK (the function's own, if it supplied one); {@code null} when not running. */
    private static OpenTelemetry running() {
        TracingRuntime runtime = TracingInstance.current().runtime();
        return runtime == null ? null : runtime.openTelemetry();
    }

    @Override
    public String toString() {
        return "FcTracing.openTelemetry(){running=" + running() + "}";
    }

    private static final class LazyTracerProvider implements TracerProvider {
        @Override
        public Tracer get(String instrumentationScopeName) {
            return new LazyTracer(instrumentationScopeName, null, null);
        }

        @Override
        public Tracer get(String instrumentationScopeName, String instrumentationScopeVersion) {
            return new LazyTracer(instrumentationScopeName, instrumentationScopeVersion, null);
        }

        @Override
        public TracerBuilder tracerBuilder(final String instrumentationScopeName) {
            return new TracerBuilder() {
                private String version;
                private String schemaUrl;

                @Override
                public TracerBuilder setSchemaUrl(String url) {
                    schemaUrl = url;
                    return this;
                }

                @Override
                public TracerBuilder setInstrumentationVersion(String instrumentationScopeVersion) {
                    version = instrumentationScopeVersion;
                    return this;
                }

                @Override
                public Tracer build() {
                    return new LazyTracer(instrumentationScopeName, version, schemaUrl);
                }
            };
        }
    }

    /** A tracer of one instrumentation scope, resolved against the running SDK when it is used. */
    private static final class LazyTracer implements Tracer {
        private final String name;
        private final String version;
        private final String schemaUrl;
        /** The SDK tracer last resolved, with the OpenTelemetry it came from; replaced together. */
        private volatile Resolved resolved;

        LazyTracer(String name, String version, String schemaUrl) {
            this.name = name;
            this.version = version;
            this.schemaUrl = schemaUrl;
        }

        @Override
        public SpanBuilder spanBuilder(String spanName) {
            return current().spanBuilder(spanName);
        }

        @Override
        public boolean isEnabled() {
            return current().isEnabled();
        }

        private Tracer current() {
            OpenTelemetry running = running();
            if (running == null) {
                return NOOP_TRACER;
            }
            Resolved last = resolved;
            if (last == null || last.source != running) {
                TracerBuilder builder = running.getTracerProvider().tracerBuilder(name);
                if (version != null) {
                    builder.setInstrumentationVersion(version);
                }
                if (schemaUrl != null) {
                    builder.setSchemaUrl(schemaUrl);
                }
                last = new Resolved(running, builder.build());
                resolved = last;
            }
            return last.tracer;
        }
    }

    private static final class Resolved {
        final OpenTelemetry source;
        final Tracer tracer;

        Resolved(OpenTelemetry source, Tracer tracer) {
            this.source = source;
            this.tracer = tracer;
        }
    }

    /**
     * The running SDK's propagators; while none runs, fc-tracing's defaults (W3C trace context and baggage), so that
     * what a function propagates does not depend on whether the first invocation has started yet.
     */
    private static final class LazyPropagator implements TextMapPropagator {
        private static TextMapPropagator current() {
            OpenTelemetry running = running();
            return (running == null ? FcOpenTelemetry.defaultPropagators() : running.getPropagators())
                    .getTextMapPropagator();
        }

        @Override
        public Collection<String> fields() {
            return current().fields();
        }

        @Override
        public <C> void inject(Context context, C carrier, TextMapSetter<C> setter) {
            current().inject(context, carrier, setter);
        }

        @Override
        public <C> Context extract(Context context, C carrier, TextMapGetter<C> getter) {
            return current().extract(context, carrier, getter);
        }
    }
}
