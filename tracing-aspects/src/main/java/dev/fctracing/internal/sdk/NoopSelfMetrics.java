package dev.fctracing.internal.sdk;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleCounterBuilder;
import io.opentelemetry.api.metrics.DoubleGaugeBuilder;
import io.opentelemetry.api.metrics.DoubleHistogramBuilder;
import io.opentelemetry.api.metrics.DoubleUpDownCounterBuilder;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongCounterBuilder;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.LongUpDownCounterBuilder;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterBuilder;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.metrics.ObservableLongCounter;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.opentelemetry.api.metrics.ObservableLongUpDownCounter;
import io.opentelemetry.context.Context;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The meter provider handed to the tracer provider for its self-instrumentation ({@code otel.sdk.span.started},
 * {@code otel.sdk.span.live}): records nothing, like {@link MeterProvider#noop()}, but in three small classes.
 *
 * <p>The SDK asks for its two span counters on the first span. {@code MeterProvider.noop()} answers with the API's
 * {@code DefaultMeter}, whose initialisation loads every no-op instrument of the metrics API — about 55 classes, a
 * few milliseconds of a cold start for counters nobody reads. Anything else the SDK might ask for (other instruments,
 * in a later version) is passed to {@code MeterProvider.noop()} on first use, so the behaviour stays the API's
 * no-op whatever is asked.
 */
final class NoopSelfMetrics implements Supplier<MeterProvider>, MeterProvider, MeterBuilder, Meter {

    static final NoopSelfMetrics INSTANCE = new NoopSelfMetrics();

    private NoopSelfMetrics() {}

    /** The API's no-op meter, for instruments this class does not cover. */
    private static Meter fallback() {
        return MeterProvider.noop().get("dev.fctracing");
    }

    // Supplier<MeterProvider>: what SdkTracerProviderBuilder.setMeterProvider takes.
    @Override
    public MeterProvider get() {
        return this;
    }

    // MeterProvider
    @Override
    public Meter get(String instrumentationScopeName) {
        return this;
    }

    @Override
    public MeterBuilder meterBuilder(String instrumentationScopeName) {
        return this;
    }

    // MeterBuilder
    @Override
    public MeterBuilder setSchemaUrl(String schemaUrl) {
        return this;
    }

    @Override
    public MeterBuilder setInstrumentationVersion(String instrumentationScopeVersion) {
        return this;
    }

    @Override
    public Meter build() {
        return this;
    }

    // Meter
    @Override
    public LongCounterBuilder counterBuilder(String name) {
        return Counter.INSTANCE;
    }

    @Override
    public LongUpDownCounterBuilder upDownCounterBuilder(String name) {
        return UpDownCounter.INSTANCE;
    }

    @Override
    public DoubleHistogramBuilder histogramBuilder(String name) {
        return fallback().histogramBuilder(name);
    }

    @Override
    public DoubleGaugeBuilder gaugeBuilder(String name) {
        return fallback().gaugeBuilder(name);
    }

    @Override
    public String toString() {
        return "NoopSelfMetrics";
    }

    /** A counter that counts nothing, and its builder. */
    static final class Counter implements LongCounterBuilder, LongCounter {
        static final Counter INSTANCE = new Counter();

        @Override
        public LongCounterBuilder setDescription(String description) {
            return this;
        }

        @Override
        public LongCounterBuilder setUnit(String unit) {
            return this;
        }

        @Override
        public DoubleCounterBuilder ofDoubles() {
            return fallback().counterBuilder("unused").ofDoubles();
        }

        @Override
        public LongCounter build() {
            return this;
        }

        @Override
        public ObservableLongCounter buildWithCallback(Consumer<ObservableLongMeasurement> callback) {
            return fallback().counterBuilder("unused").buildWithCallback(callback);
        }

        @Override
        public boolean isEnabled() {
            return false;
        }

        @Override
        public void add(long value) {}

        @Override
        public void add(long value, Attributes attributes) {}

        @Override
        public void add(long value, Attributes attributes, Context context) {}
    }

    /** An up-down counter that counts nothing, and its builder. */
    static final class UpDownCounter implements LongUpDownCounterBuilder, LongUpDownCounter {
        static final UpDownCounter INSTANCE = new UpDownCounter();

        @Override
        public LongUpDownCounterBuilder setDescription(String description) {
            return this;
        }

        @Override
        public LongUpDownCounterBuilder setUnit(String unit) {
            return this;
        }

        @Override
        public DoubleUpDownCounterBuilder ofDoubles() {
            return fallback().upDownCounterBuilder("unused").ofDoubles();
        }

        @Override
        public LongUpDownCounter build() {
            return this;
        }

        @Override
        public ObservableLongUpDownCounter buildWithCallback(Consumer<ObservableLongMeasurement> callback) {
            return fallback().upDownCounterBuilder("unused").buildWithCallback(callback);
        }

        @Override
        public boolean isEnabled() {
            return false;
        }

        @Override
        public void add(long value) {}

        @Override
        public void add(long value, Attributes attributes) {}

        @Override
        public void add(long value, Attributes attributes, Context context) {}
    }
}
