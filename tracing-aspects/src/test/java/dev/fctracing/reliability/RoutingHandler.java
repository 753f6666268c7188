package dev.fctracing.reliability;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.PojoRequestHandler;
import dev.fctracing.FcTracing;
import dev.fctracing.annotations.FcHandler;
import dev.fctracing.annotations.Traced;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A woven handler for the routing tests. {@code "work"}: two nested {@code @Traced} calls (3 spans); {@code "wait"}:
 * one {@code @Traced} call, then waits for {@link #release} (signalling {@link #waiting}), then another (3 spans);
 * {@code "late"}: submits a {@code @Traced} task to a wrapped pool and returns without waiting; the task ends its
 * span after {@link #lateRelease} (2 spans, one after the invocation returned).
 */
@FcHandler
public class RoutingHandler implements PojoRequestHandler<String, String> {

    static volatile CountDownLatch waiting = new CountDownLatch(1);
    static volatile CountDownLatch release = new CountDownLatch(1);
    static volatile CountDownLatch lateRelease = new CountDownLatch(1);
    static volatile Future<?> lateTask;

    private static final ExecutorService POOL = FcTracing.wrap(Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "routing-test-pool");
        t.setDaemon(true);
        return t;
    }));

    @Override
    public String handleRequest(String input, Context context) {
        switch (input) {
            case "wait":
                step();
                waiting.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                step();
                return "waited";
            case "late":
                lateTask = POOL.submit(RoutingHandler::lateWork);
                return "submitted";
            default:
                return outer();
        }
    }

    @Traced("outer")
    String outer() {
        return step();
    }

    @Traced("step")
    String step() {
        return "done";
    }

    @Traced("late-work")
    static void lateWork() {
        try {
            lateRelease.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
