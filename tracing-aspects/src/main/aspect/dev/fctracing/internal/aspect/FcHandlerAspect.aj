package dev.fctracing.internal.aspect;

import com.aliyun.fc.runtime.Context;
import dev.fctracing.internal.aspect.Rethrow;
import dev.fctracing.internal.invocation.FcInvocation;
import dev.fctracing.internal.invocation.InvocationStarter;
import dev.fctracing.internal.fc.ServletHeaders;
import javax.servlet.http.HttpServletRequest;
import org.aspectj.lang.annotation.SuppressAjWarnings;

/**
 * Around the FC entry points declared by an {@code @FcHandler} class: binds the invocation's tracing context for
 * the duration of the call, then ends the handler span and flushes before the call returns to FC. The handler's
 * exception, if any, is recorded and rethrown as the same object. An {@code HttpRequestHandler}'s request headers
 * are also read, for a W3C {@code traceparent} and {@code baggage}.
 */
public aspect FcHandlerAspect {

    pointcut inHandler(): within(@dev.fctracing.annotations.FcHandler *);

    pointcut entryPoint(Context context):
            inHandler()
            && args(.., context)
            && (execution(* com.aliyun.fc.runtime.StreamRequestHandler+.handleRequest(java.io.InputStream, java.io.OutputStream, Context))
                    || execution(* com.aliyun.fc.runtime.PojoRequestHandler+.handleRequest(*, Context))
                    || execution(void com.aliyun.fc.runtime.FunctionInitializer+.initialize(Context))
                    || execution(void com.aliyun.fc.runtime.PreFreezeHandler+.preFreeze(Context))
                    || execution(void com.aliyun.fc.runtime.PreStopHandler+.preStop(Context)));

    pointcut httpEntryPoint(HttpServletRequest request, Context context):
            inHandler()
            && args(request, *, context)
            && execution(* com.aliyun.fc.runtime.HttpRequestHandler+.handleRequest(HttpServletRequest, javax.servlet.http.HttpServletResponse, Context));

    @SuppressAjWarnings({"adviceDidNotMatch"})
    Object around(Context context): entryPoint(context) && !httpEntryPoint(*, *) {
        FcInvocation invocation = InvocationStarter.begin(context, thisJoinPointStaticPart);
        try {
            return proceed(context);
        } catch (Throwable t) {
            invocation.fail(t);
            throw Rethrow.sneaky(t);
        } finally {
            invocation.end();
        }
    }

    @SuppressAjWarnings({"adviceDidNotMatch"})
    Object around(HttpServletRequest request, Context context): httpEntryPoint(request, context) {
        FcInvocation invocation =
                InvocationStarter.begin(context, ServletHeaders.of(request), thisJoinPointStaticPart);
        try {
            return proceed(request, context);
        } catch (Throwable t) {
            invocation.fail(t);
            throw Rethrow.sneaky(t);
        } finally {
            invocation.end();
        }
    }
}
