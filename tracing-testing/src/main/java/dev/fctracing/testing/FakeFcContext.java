package dev.fctracing.testing;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.Credentials;
import com.aliyun.fc.runtime.FunctionComputeLogger;
import com.aliyun.fc.runtime.FunctionParam;
import com.aliyun.fc.runtime.OpenTracing;
import com.aliyun.fc.runtime.Service;
import dev.fctracing.testing.FakeFcParts.FakeCredentials;
import dev.fctracing.testing.FakeFcParts.FakeFunctionParam;
import dev.fctracing.testing.FakeFcParts.FakeOpenTracing;
import dev.fctracing.testing.FakeFcParts.FakeService;
import java.io.UnsupportedEncodingException;
import java.net.URLDecoder;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * A Function Compute {@link Context} for tests and local runs, built fluently:
 *
 * <pre>{@code
 * FakeFcContext ctx = FakeFcContext.builder()
 *     .requestId("r-1")
 *     .spanContext("124ed43254b54966:124ed43254b54966:0:1")
 *     .jaegerEndpoint(collector.endpoint())
 *     .build();
 * }</pre>
 *
 * <p>{@link #getTracing()} is non-null only if a tracing value was set ({@code spanContext}, {@code baggage},
 * {@code jaegerEndpoint} — even to {@code null}, which models "tracing enabled but strings empty") or
 * {@link Builder#withTracing()} was called; {@link Builder#noTracing()} makes it {@code null}. The tracing
 * getters return exactly what was set, the same map instance included. Defaults: a random UUID request id,
 * function {@code sample-function}, service {@code sample-service}, qualifier {@code LATEST}, 512 MB, 60 s,
 * a {@link FakeFcLogger}, fake credentials, retry count 0.
 */
public final class FakeFcContext implements Context {

    private final String requestId;
    private final FakeFunctionParam functionParam;
    private final FakeService service;
    private final FakeCredentials credentials;
    private final FunctionComputeLogger logger;
    private final FakeOpenTracing tracing;
    private final int retryCount;

    private FakeFcContext(Builder b) {
        this.requestId = b.requestId != null ? b.requestId : UUID.randomUUID().toString();
        this.functionParam = new FakeFunctionParam(
                b.functionName, b.functionHandler, b.functionInitializer, b.execTimeLimitMillis, b.memoryLimitMb);
        this.service = new FakeService(b.serviceName, b.logProject, b.logStore, b.qualifier, b.versionId);
        this.credentials = new FakeCredentials(b.accessKeyId, b.accessKeySecret, b.securityToken);
        this.logger = b.logger != null ? b.logger : new FakeFcLogger(this.requestId);
        this.tracing = b.tracing ? new FakeOpenTracing(b.spanContext, b.baggage, b.jaegerEndpoint) : null;
        this.retryCount = b.retryCount;
    }

    /** A builder with the defaults described on the class. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A fresh sampled Jaeger span context {@code trace:span:0:1} in lower-case hex: a 16-char span id and a
     * 16- or 32-char ({@code traceId128}) trace id, never all zeros.
     */
    public static String randomJaegerSpanContext(boolean traceId128) {
        String trace = traceId128 ? Ids.randomHex64() + Ids.randomHex64() : Ids.randomHex64();
        return trace + ":" + Ids.randomHex64() + ":0:1";
    }

    @Override
    public String getRequestId() {
        return requestId;
    }

    @Override
    public Credentials getExecutionCredentials() {
        return credentials;
    }

    @Override
    public FunctionParam getFunctionParam() {
        return functionParam;
    }

    @Override
    public Service getService() {
        return service;
    }

    @Override
    public FunctionComputeLogger getLogger() {
        return logger;
    }

    @Override
    public OpenTracing getTracing() {
        return tracing;
    }

    @Override
    public int getRetryCount() {
        return retryCount;
    }

    /**
     * The logger as a {@link FakeFcLogger}, to read what was logged.
     *
     * @throws IllegalStateException if the builder was given another logger
     */
    public FakeFcLogger fakeLogger() {
        if (logger instanceof FakeFcLogger) {
            return (FakeFcLogger) logger;
        }
        throw new IllegalStateException("this context was built with a custom logger: " + logger);
    }

    /**
     * The trace id of the span context, lower-case and left-padded to 32 hex chars (high 16 then low 16,
     * as Jaeger's {@code traceIdHigh}/{@code traceIdLow}).
     *
     * @throws IllegalStateException if there is no span context or it does not parse
     */
    public String traceIdHex32() {
        return Ids.pad(parts()[0], 32);
    }

    /**
     * The span id of the span context (FC's system span: user spans' parent), lower-case and left-padded
     * to 16 hex chars.
     *
     * @throws IllegalStateException if there is no span context or it does not parse
     */
    public String spanIdHex16() {
        return Ids.pad(parts()[1], 16);
    }

    /** High 64 bits of {@link #traceIdHex32()}, as Jaeger's {@code Span.traceIdHigh}. */
    public long traceIdHigh() {
        return Long.parseUnsignedLong(traceIdHex32().substring(0, 16), 16);
    }

    /** Low 64 bits of {@link #traceIdHex32()}, as Jaeger's {@code Span.traceIdLow}. */
    public long traceIdLow() {
        return Long.parseUnsignedLong(traceIdHex32().substring(16), 16);
    }

    /** {@link #spanIdHex16()} as a long, as Jaeger's {@code Span.parentSpanId} of a user span. */
    public long spanId() {
        return Long.parseUnsignedLong(spanIdHex16(), 16);
    }

    /** Splits {@code trace:span:parent:flags} (also URL-encoded, {@code %3A}), checking each id's hex. */
    private String[] parts() {
        String value = tracing == null ? null : tracing.getSpanContext();
        if (value == null || value.trim().isEmpty()) {
            throw new IllegalStateException("this context has no span context");
        }
        if (value.indexOf(':') < 0) {
            try {
                value = URLDecoder.decode(value, "UTF-8");
            } catch (UnsupportedEncodingException | IllegalArgumentException e) {
                throw new IllegalStateException("span context does not parse: " + value, e);
            }
        }
        String[] parts = value.trim().split(":", -1);
        if (parts.length != 4 || !Ids.isHex(parts[0], 32) || !Ids.isHex(parts[1], 16)) {
            throw new IllegalStateException("span context is not trace:span:parent:flags hex: " + value);
        }
        parts[0] = parts[0].toLowerCase(Locale.ROOT);
        parts[1] = parts[1].toLowerCase(Locale.ROOT);
        return parts;
    }

    @Override
    public String toString() {
        return "FakeFcContext[requestId=" + requestId + ", function=" + functionParam.getFunctionName() + ", service="
                + service.getName() + ", tracing=" + (tracing == null ? "none" : tracing) + "]";
    }

    /** Fluent builder for {@link FakeFcContext}; see the class documentation for defaults. */
    public static final class Builder {
        private String requestId;
        private String functionName = "sample-function";
        private String functionHandler = "example.App::handleRequest";
        private String functionInitializer;
        private int execTimeLimitMillis = 60_000;
        private int memoryLimitMb = 512;
        private String serviceName = "sample-service";
        private String logProject;
        private String logStore;
        private String qualifier = "LATEST";
        private String versionId;
        private String accessKeyId = "FAKE_ACCESS_KEY_ID";
        private String accessKeySecret = "FAKE_ACCESS_KEY_SECRET";
        private String securityToken = "FAKE_SECURITY_TOKEN";
        private FunctionComputeLogger logger;
        private int retryCount;

        private boolean tracing;
        private String spanContext;
        private Map<String, String> baggage;
        private boolean baggageOwned;
        private String jaegerEndpoint;

        private Builder() {}

        /** Request id (default: a random UUID). */
        public Builder requestId(String requestId) {
            this.requestId = requestId;
            return this;
        }

        /** Jaeger span context text, e.g. {@code 124ed43254b54966:124ed43254b54966:0:1}; enables tracing. */
        public Builder spanContext(String spanContext) {
            this.tracing = true;
            this.spanContext = spanContext;
            return this;
        }

        /** Baggage map, returned as is (same instance, {@code null} allowed); enables tracing. */
        public Builder baggage(Map<String, String> baggage) {
            this.tracing = true;
            this.baggage = baggage;
            this.baggageOwned = false;
            return this;
        }

        /** Adds one baggage item (to a copy if a map was given with {@link #baggage(Map)}); enables tracing. */
        public Builder baggageItem(String key, String value) {
            this.tracing = true;
            if (!baggageOwned) {
                this.baggage = baggage == null
                        ? new LinkedHashMap<String, String>()
                        : new LinkedHashMap<String, String>(baggage);
                this.baggageOwned = true;
            }
            this.baggage.put(key, value);
            return this;
        }

        /** Jaeger collector URL, e.g. {@link LoopbackJaegerCollector#endpoint()}; enables tracing. */
        public Builder jaegerEndpoint(String jaegerEndpoint) {
            this.tracing = true;
            this.jaegerEndpoint = jaegerEndpoint;
            return this;
        }

        /** Makes {@code getTracing()} non-null even with nothing set (its getters then return null). */
        public Builder withTracing() {
            this.tracing = true;
            return this;
        }

        /** Makes {@code getTracing()} return {@code null} and forgets tracing values set so far. */
        public Builder noTracing() {
            this.tracing = false;
            this.spanContext = null;
            this.baggage = null;
            this.baggageOwned = false;
            this.jaegerEndpoint = null;
            return this;
        }

        /** Function name (default {@code sample-function}). */
        public Builder functionName(String functionName) {
            this.functionName = functionName;
            return this;
        }

        /** Handler string (default {@code example.App::handleRequest}). */
        public Builder functionHandler(String functionHandler) {
            this.functionHandler = functionHandler;
            return this;
        }

        /** Initializer string (default {@code null}). */
        public Builder functionInitializer(String functionInitializer) {
            this.functionInitializer = functionInitializer;
            return this;
        }

        /** Memory limit in MB (default 512). */
        public Builder memoryLimitMb(int memoryLimitMb) {
            this.memoryLimitMb = memoryLimitMb;
            return this;
        }

        /** Execution time limit in ms (default 60000). */
        public Builder execTimeLimitMillis(int execTimeLimitMillis) {
            this.execTimeLimitMillis = execTimeLimitMillis;
            return this;
        }

        /** Service name (default {@code sample-service}). */
        public Builder serviceName(String serviceName) {
            this.serviceName = serviceName;
            return this;
        }

        /** Service qualifier (default {@code LATEST}). */
        public Builder qualifier(String qualifier) {
            this.qualifier = qualifier;
            return this;
        }

        /** Service version id (default {@code null}). */
        public Builder versionId(String versionId) {
            this.versionId = versionId;
            return this;
        }

        /** SLS log project and store of the service (default {@code null}). */
        public Builder logProjectAndStore(String logProject, String logStore) {
            this.logProject = logProject;
            this.logStore = logStore;
            return this;
        }

        /** Execution credentials (defaults are obviously fake strings). */
        public Builder credentials(String accessKeyId, String accessKeySecret, String securityToken) {
            this.accessKeyId = accessKeyId;
            this.accessKeySecret = accessKeySecret;
            this.securityToken = securityToken;
            return this;
        }

        /** Logger to return instead of a {@link FakeFcLogger}. */
        public Builder logger(FunctionComputeLogger logger) {
            this.logger = logger;
            return this;
        }

        /** Retry count (default 0). */
        public Builder retryCount(int retryCount) {
            this.retryCount = retryCount;
            return this;
        }

        /** Builds the context; the builder can be reused (each build gets its own random request id). */
        public FakeFcContext build() {
            FakeFcContext context = new FakeFcContext(this);
            baggageOwned = false; // a later baggageItem() must not change this context's map
            return context;
        }
    }
}
