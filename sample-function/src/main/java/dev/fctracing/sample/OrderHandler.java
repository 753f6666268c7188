package dev.fctracing.sample;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.PojoRequestHandler;
import dev.fctracing.FcTracing;
import dev.fctracing.annotations.FcHandler;
import dev.fctracing.annotations.SpanAttribute;
import dev.fctracing.annotations.Traced;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A second sample: a POJO handler whose spans carry attributes, and whose slow step runs asynchronously on a pool
 * while the handler prices the order. In Tracing Analysis: {@code price} and {@code reserve-stock} side by side under
 * the handler span, {@code reserve-stock} ending when its future completes.
 */
@FcHandler
public class OrderHandler implements PojoRequestHandler<OrderHandler.Order, String> {

    /** The event: an order of {@code quantity} items of {@code sku}. */
    public static class Order {
        public String sku;
        public int quantity;

        public Order() {}

        public Order(String sku, int quantity) {
            this.sku = sku;
            this.quantity = quantity;
        }
    }

    private static final ExecutorService POOL = FcTracing.wrap(Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "order-pool");
        thread.setDaemon(true);
        return thread;
    }));

    @Override
    public String handleRequest(Order order, Context context) {
        CompletableFuture<Boolean> reserved = reserveStock(order.sku, order.quantity);
        long cents = price(order.sku, order.quantity);
        return reserved.join() ? "ok " + order.quantity + " x " + order.sku + " = " + cents + " cents" : "out of stock";
    }

    @Traced(value = "reserve-stock", kind = Traced.Kind.CLIENT)
    CompletableFuture<Boolean> reserveStock(@SpanAttribute("order.sku") String sku, @SpanAttribute int quantity) {
        return CompletableFuture.supplyAsync(
                () -> {
                    sleep(80);
                    return quantity <= 100;
                },
                POOL);
    }

    @Traced(value = "price", captureReturn = true)
    long price(@SpanAttribute("order.sku") String sku, @SpanAttribute int quantity) {
        sleep(30);
        return 1999L * quantity;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
