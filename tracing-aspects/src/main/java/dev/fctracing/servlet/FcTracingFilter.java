package dev.fctracing.servlet;

import dev.fctracing.CustomRuntimeTracing;
import dev.fctracing.TracedInvocation;
import dev.fctracing.internal.aspect.Rethrow;
import java.io.IOException;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;

/**
 * A {@code javax.servlet} filter for custom runtimes and custom containers: traces every HTTP request FC forwards,
 * as {@link CustomRuntimeTracing#start} does, and exports the request's spans before the response completes.
 * Register it first in the chain. (For {@code jakarta.servlet} containers, the same five lines around
 * {@code CustomRuntimeTracing.start(request::getHeader)} do the job.)
 */
public final class FcTracingFilter implements Filter {

    @Override
    public void init(FilterConfig filterConfig) {}

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest)) {
            chain.doFilter(request, response);
            return;
        }
        HttpServletRequest http = (HttpServletRequest) request;
        try (TracedInvocation invocation = CustomRuntimeTracing.start(http::getHeader)) {
            try {
                chain.doFilter(request, response);
            } catch (Throwable t) {
                invocation.recordException(t);
                throw Rethrow.sneaky(t);
            }
        }
    }

    @Override
    public void destroy() {}
}
