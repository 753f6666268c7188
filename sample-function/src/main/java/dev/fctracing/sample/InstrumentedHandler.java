package dev.fctracing.sample;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.PojoRequestHandler;
import dev.fctracing.FcTracing;
import dev.fctracing.annotations.FcHandler;
import dev.fctracing.annotations.SpanAttribute;
import dev.fctracing.annotations.Traced;
import io.opentelemetry.instrumentation.jdbc.datasource.JdbcTelemetry;
import io.opentelemetry.instrumentation.okhttp.v3_0.OkHttpTelemetry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.h2.jdbcx.JdbcDataSource;

/**
 * A sample whose outbound work goes through OpenTelemetry's instrumentation libraries instead of hand-written spans:
 * an HTTP call with OkHttp wrapped by {@code opentelemetry-okhttp-3.0}, and a SQL query through
 * {@code opentelemetry-jdbc}'s {@code DataSource} wrapper (H2 in memory stands in for the function's database). In
 * Tracing Analysis their CLIENT spans sit under the {@code @Traced} method that made the call, under the handler span,
 * under FC's span; the HTTP server receives a {@code traceparent} naming the HTTP CLIENT span.
 *
 * <p>The instrumented clients are built once, with the class, from {@link FcTracing#openTelemetry()}: it finds
 * fc-tracing's SDK when a span starts, so clients built before the first invocation record from the first invocation
 * on. The JDBC wrapper is used rather than the {@code jdbc:otel:} driver, which registers itself with
 * {@code DriverManager} and reads {@code GlobalOpenTelemetry}: the wrapper needs no global state.
 */
@FcHandler
public class InstrumentedHandler implements PojoRequestHandler<InstrumentedHandler.Query, String> {

    /** The event: where to ask for stock, and which SKU. */
    public static class Query {
        public String stockUrl;
        public String sku;

        public Query() {}

        public Query(String stockUrl, String sku) {
            this.stockUrl = stockUrl;
            this.sku = sku;
        }
    }

    /** One OkHttp client per instance (its connection pool and threads outlive invocations), instrumented. */
    private static final Call.Factory HTTP =
            OkHttpTelemetry.builder(FcTracing.openTelemetry()).build().createCallFactory(new OkHttpClient());

    /** The function's database (H2 in memory here, created with the instance), instrumented. */
    private static final DataSource DATABASE =
            JdbcTelemetry.create(FcTracing.openTelemetry()).wrap(ordersDatabase());

    @Override
    public String handleRequest(Query query, Context context) {
        String stock = fetchStock(HTTP, query.stockUrl, query.sku);
        long open = countOpenOrders(DATABASE, query.sku);
        return query.sku + ": stock " + stock + ", " + open + " open orders";
    }

    @Traced("fetch-stock")
    String fetchStock(Call.Factory http, String stockUrl, @SpanAttribute("order.sku") String sku) {
        Request request = new Request.Builder().url(stockUrl + "?sku=" + sku).build();
        try (Response response = http.newCall(request).execute()) {
            ResponseBody body = response.body();
            return body == null ? "" : body.string().trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Traced("count-open-orders")
    long countOpenOrders(DataSource database, @SpanAttribute("order.sku") String sku) {
        try (Connection connection = database.getConnection();
                PreparedStatement statement =
                        connection.prepareStatement("SELECT COUNT(*) FROM orders WHERE sku = ? AND status = 'open'")) {
            statement.setString(1, sku);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("orders query failed", e);
        }
    }

    private static DataSource ordersDatabase() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:orders;DB_CLOSE_DELAY=-1");
        try (Connection connection = h2.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(
                    "CREATE TABLE IF NOT EXISTS orders (id INT PRIMARY KEY, sku VARCHAR(32), status VARCHAR(8))");
            statement.execute("MERGE INTO orders KEY (id) VALUES (1, 'sku-1', 'open'), (2, 'sku-1', 'open'),"
                    + " (3, 'sku-1', 'shipped'), (4, 'sku-2', 'open')");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the orders table", e);
        }
        return h2;
    }
}
