package dev.fctracing.testing;

import com.aliyun.fc.runtime.Credentials;
import com.aliyun.fc.runtime.FunctionParam;
import com.aliyun.fc.runtime.OpenTracing;
import com.aliyun.fc.runtime.Service;
import java.util.Map;

/** The parts of a {@link FakeFcContext}: FC's tracing, function, service and credentials, as its builder set them. */
final class FakeFcParts {

    private FakeFcParts() {}

    static final class FakeOpenTracing implements OpenTracing {
        private final String spanContext;
        private final Map<String, String> baggage;
        private final String jaegerEndpoint;

        FakeOpenTracing(String spanContext, Map<String, String> baggage, String jaegerEndpoint) {
            this.spanContext = spanContext;
            this.baggage = baggage;
            this.jaegerEndpoint = jaegerEndpoint;
        }

        @Override
        public String getSpanContext() {
            return spanContext;
        }

        @Override
        public Map<String, String> getSpanBaggages() {
            return baggage;
        }

        @Override
        public String getJaegerEndpoint() {
            return jaegerEndpoint;
        }

        @Override
        public String toString() {
            // The endpoint carries an auth token: never print it.
            return "OpenTracing[spanContext=" + spanContext + ", baggage=" + baggage + ", endpoint="
                    + (jaegerEndpoint == null ? "null" : "(set)") + "]";
        }
    }

    static final class FakeFunctionParam implements FunctionParam {
        private final String name;
        private final String handler;
        private final String initializer;
        private final int execTimeLimitMillis;
        private final int memoryLimitMb;

        FakeFunctionParam(String name, String handler, String initializer, int execTimeLimitMillis, int memoryLimitMb) {
            this.name = name;
            this.handler = handler;
            this.initializer = initializer;
            this.execTimeLimitMillis = execTimeLimitMillis;
            this.memoryLimitMb = memoryLimitMb;
        }

        @Override
        public String getFunctionName() {
            return name;
        }

        @Override
        public String getFunctionHandler() {
            return handler;
        }

        @Override
        public String getFunctionInitializer() {
            return initializer;
        }

        @Override
        public int getExecTimeLimitInMillis() {
            return execTimeLimitMillis;
        }

        @Override
        public int getMemoryLimitInMB() {
            return memoryLimitMb;
        }
    }

    static final class FakeService implements Service {
        private final String name;
        private final String logProject;
        private final String logStore;
        private final String qualifier;
        private final String versionId;

        FakeService(String name, String logProject, String logStore, String qualifier, String versionId) {
            this.name = name;
            this.logProject = logProject;
            this.logStore = logStore;
            this.qualifier = qualifier;
            this.versionId = versionId;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public String getLogProject() {
            return logProject;
        }

        @Override
        public String getLogStore() {
            return logStore;
        }

        @Override
        public String getQualifier() {
            return qualifier;
        }

        @Override
        public String getVersionId() {
            return versionId;
        }
    }

    static final class FakeCredentials implements Credentials {
        private final String accessKeyId;
        private final String accessKeySecret;
        private final String securityToken;

        FakeCredentials(String accessKeyId, String accessKeySecret, String securityToken) {
            this.accessKeyId = accessKeyId;
            this.accessKeySecret = accessKeySecret;
            this.securityToken = securityToken;
        }

        @Override
        public String getAccessKeyId() {
            return accessKeyId;
        }

        @Override
        public String getAccessKeySecret() {
            return accessKeySecret;
        }

        @Override
        public String getSecurityToken() {
            return securityToken;
        }
    }
}
