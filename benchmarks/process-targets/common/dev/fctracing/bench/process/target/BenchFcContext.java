package dev.fctracing.bench.process.target;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.Credentials;
import com.aliyun.fc.runtime.FunctionComputeLogger;
import com.aliyun.fc.runtime.FunctionParam;
import com.aliyun.fc.runtime.OpenTracing;
import com.aliyun.fc.runtime.Service;
import java.util.Collections;
import java.util.Map;

/**
 * The FC {@link Context} a cold-start run hands its handler: what FC passes when tracing is enabled (a Jaeger span
 * context, one baggage item, the Jaeger endpoint), in one class so that every variant loads the same few classes.
 */
public final class BenchFcContext implements Context, OpenTracing, FunctionParam, Service, FunctionComputeLogger {

    private final String requestId;
    private final String spanContext;
    private final String endpoint;

    public BenchFcContext(String requestId, String spanContext, String endpoint) {
        this.requestId = requestId;
        this.spanContext = spanContext;
        this.endpoint = endpoint;
    }

    @Override
    public String getRequestId() {
        return requestId;
    }

    @Override
    public Credentials getExecutionCredentials() {
        return null;
    }

    @Override
    public FunctionParam getFunctionParam() {
        return this;
    }

    @Override
    public Service getService() {
        return this;
    }

    @Override
    public FunctionComputeLogger getLogger() {
        return this;
    }

    @Override
    public OpenTracing getTracing() {
        return this;
    }

    @Override
    public int getRetryCount() {
        return 0;
    }

    // OpenTracing
    @Override
    public String getSpanContext() {
        return spanContext;
    }

    @Override
    public Map<String, String> getSpanBaggages() {
        return Collections.singletonMap("tenant", "bench");
    }

    @Override
    public String getJaegerEndpoint() {
        return endpoint;
    }

    // FunctionParam
    @Override
    public String getFunctionName() {
        return "coldstart-bench";
    }

    @Override
    public String getFunctionHandler() {
        return "handler";
    }

    @Override
    public String getFunctionInitializer() {
        return null;
    }

    @Override
    public int getExecTimeLimitInMillis() {
        return 60_000;
    }

    @Override
    public int getMemoryLimitInMB() {
        return 512;
    }

    // Service
    @Override
    public String getName() {
        return "coldstart-bench";
    }

    @Override
    public String getLogProject() {
        return null;
    }

    @Override
    public String getLogStore() {
        return null;
    }

    @Override
    public String getQualifier() {
        return "LATEST";
    }

    @Override
    public String getVersionId() {
        return null;
    }

    // FunctionComputeLogger: discards
    @Override
    public void trace(String s) {}

    @Override
    public void debug(String s) {}

    @Override
    public void info(String s) {}

    @Override
    public void warn(String s) {}

    @Override
    public void error(String s) {}

    @Override
    public void fatal(String s) {}

    @Override
    public void setLogLevel(FunctionComputeLogger.Level level) {}
}
