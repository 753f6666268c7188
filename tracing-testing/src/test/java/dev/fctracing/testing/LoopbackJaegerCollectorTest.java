package dev.fctracing.testing;

import static dev.fctracing.testing.TestSpans.TRACE_HIGH;
import static dev.fctracing.testing.TestSpans.TRACE_LOW;
import static dev.fctracing.testing.TestSpans.batch;
import static dev.fctracing.testing.TestSpans.post;
import static dev.fctracing.testing.TestSpans.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jaegertracing.thriftjava.Batch;
import io.jaegertracing.thriftjava.Span;
import io.jaegertracing.thriftjava.SpanRefType;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoopbackJaegerCollectorTest {

    private static final String THRIFT = "application/x-thrift";

    private LoopbackJaegerCollector collector;

    @BeforeEach
    void start() {
        collector = LoopbackJaegerCollector.start();
    }

    @AfterEach
    void stop() {
        collector.close();
    }

    private static byte[] encode(Batch batch) {
        return JaegerThriftReference.serialize(batch);
    }

    @Test
    void endpointHasFcShapeWithRandomTokensThatNoTextOfTheCollectorShows() {
        List<String> secrets = collector.secrets();
        assertThat(secrets).hasSize(2);
        assertThat(secrets.get(0)).matches("[A-Za-z0-9]{18}").isNotEqualTo(secrets.get(1));
        assertThat(secrets.get(1)).matches("[A-Za-z0-9]{18}");
        assertThat(collector.endpoint())
                .matches("http://127\\.0\\.0\\.1:\\d+/adapt_[A-Za-z0-9]+@[A-Za-z0-9]+/api/traces")
                .startsWith(collector.baseUrl())
                .isEqualTo(collector.baseUrl() + "/adapt_" + secrets.get(0) + "@" + secrets.get(1) + "/api/traces")
                .endsWith(collector.tracesPath());
        assertThat(collector.port()).isPositive();

        // An undecodable body and a GET: both recorded with the path in their error and request lines.
        post(collector.endpoint(), "not thrift".getBytes(StandardCharsets.UTF_8), THRIFT);
        post(collector.endpoint(), "GET", null, null, 2_000, true);
        assertThat(collector.paths()).containsExactly(collector.tracesPath());
        List<String> texts = new ArrayList<>();
        texts.add(collector.toString());
        texts.add(collector.faults().toString());
        texts.addAll(collector.errors());
        for (LoopbackJaegerCollector.Received received : collector.requests()) {
            texts.add(received.toString());
        }
        assertThat(String.join("\n", texts)).contains("/adapt_***@***/api/traces");
        for (String secret : secrets) {
            assertThat(texts).noneSatisfy(text -> assertThat(text).contains(secret));
        }
    }

    @Test
    void everyCollectorDrawsItsOwnTokens() {
        List<String> seen = new ArrayList<>(collector.secrets());
        for (int i = 0; i < 20; i++) {
            try (LoopbackJaegerCollector other = LoopbackJaegerCollector.start()) {
                assertThat(other.secrets()).doesNotContainAnyElementsOf(seen);
                seen.addAll(other.secrets());
            }
        }
        assertThat(seen).doesNotHaveDuplicates().hasSize(42);
    }

    @Test
    void decodesPostedBatchAndRecordsPathAndContentType() {
        Span root = span("handleRequest", 0x1L, 0x124ed43254b54966L, 0, 10_000);
        Span child = span("db.query", 0x2L, 0x1L, 1_000, 2_000);
        Batch sent = batch("svc", root, child);

        TestSpans.Response r = post(collector.endpoint(), encode(sent), THRIFT);

        assertThat(r.error).isNull();
        assertThat(r.status).isEqualTo(202);
        assertThat(collector.postCount()).isEqualTo(1);
        assertThat(collector.contentTypes()).containsExactly(THRIFT);
        assertThat(collector.paths()).containsExactly(collector.tracesPath());
        assertThat(collector.errors()).isEmpty();
        assertThat(collector.batches()).containsExactly(sent);
        assertThat(collector.batches().get(0).getProcess().getServiceName()).isEqualTo("svc");

        List<Span> spans = collector.spans();
        assertThat(spans).containsExactly(root, child);
        Span got = spans.get(1);
        assertThat(got.getOperationName()).isEqualTo("db.query");
        assertThat(got.getTraceIdHigh()).isEqualTo(TRACE_HIGH);
        assertThat(got.getTraceIdLow()).isEqualTo(TRACE_LOW);
        assertThat(got.getParentSpanId()).isEqualTo(0x1L);
        assertThat(got.getReferences()).hasSize(1);
        assertThat(got.getReferences().get(0).getRefType()).isEqualTo(SpanRefType.CHILD_OF);
        assertThat(got.getStartTime()).isEqualTo(TestSpans.T0 + 1_000);
        assertThat(got.getDuration()).isEqualTo(2_000);

        LoopbackJaegerCollector.Received received = collector.requests().get(0);
        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.status()).isEqualTo(202);
        assertThat(received.accepted()).isTrue();
        assertThat(received.bodyLength()).isEqualTo(encode(sent).length);
        assertThat(received.query()).isNull();
    }

    @Test
    void acceptsAnyPathQueryAndBothThriftContentTypes() {
        byte[] body = encode(batch("svc", span("a", 1, 0, 0, 1)));
        assertThat(post(
                                collector.baseUrl() + "/api/traces?format=jaeger.thrift",
                                body,
                                "application/vnd.apache.thrift.binary")
                        .status)
                .isEqualTo(202);
        assertThat(post(collector.baseUrl() + "/elsewhere", body, "Application/X-Thrift; charset=binary").status)
                .isEqualTo(202);

        assertThat(collector.postCount()).isEqualTo(2);
        assertThat(collector.paths()).containsExactly("/api/traces", "/elsewhere");
        assertThat(collector.requests().get(0).query()).isEqualTo("format=jaeger.thrift");
        assertThat(collector.contentTypes())
                .containsExactly("application/vnd.apache.thrift.binary", "Application/X-Thrift; charset=binary");
        assertThat(collector.spans()).hasSize(2);
    }

    @Test
    void flattensSpansInArrivalOrderAndFiltersByTrace() {
        Span a = span("a", 1, 0, 0, 10);
        Span b = span("b", 2, 1, 1, 5);
        Span other = new Span(0x42L, 0L, 3, 0, "other-trace", 1, TestSpans.T0, 7);
        post(collector.endpoint(), encode(batch("svc", a)), THRIFT);
        post(collector.endpoint(), encode(batch("svc", other, b)), THRIFT);

        assertThat(collector.batches()).hasSize(2);
        assertThat(collector.spans()).containsExactly(a, other, b);
        assertThat(collector.spansOfTrace(TRACE_HIGH, TRACE_LOW)).containsExactly(a, b);
        assertThat(collector.spansOfTrace(TraceTree.hex32(TRACE_HIGH, TRACE_LOW)))
                .containsExactly(a, b);
        assertThat(collector.spansOfTrace("0AF7651916CD43DD8448EB211C80319C")).containsExactly(a, b);
        // A 64-bit id given short: left-padded, high = 0.
        assertThat(collector.spansOfTrace("42")).containsExactly(other);
        assertThat(collector.spansOfTrace(0L, 0x43L)).isEmpty();
        assertThatThrownBy(() -> collector.spansOfTrace("xyz")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> collector.spansOfTrace("0123456789abcdef0123456789abcdef0"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void awaitSpansWaitsForLateArrivalAndTimesOut() throws Exception {
        assertThat(collector.awaitSpans(1, 50)).isFalse();

        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            final byte[] body = encode(batch("svc", span("a", 1, 0, 0, 1), span("b", 2, 1, 0, 1)));
            long start = System.nanoTime();
            pool.submit(new Callable<Integer>() {
                @Override
                public Integer call() throws Exception {
                    Thread.sleep(150);
                    return post(collector.endpoint(), body, THRIFT).status;
                }
            });
            assertThat(collector.awaitSpans(2, 5_000)).isTrue();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(140);
            assertThat(collector.awaitSpans(3, 50)).isFalse();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void undecodableBodyAnswers400AndIsRecorded() {
        TestSpans.Response r = post(collector.endpoint(), "not thrift at all".getBytes(StandardCharsets.UTF_8), THRIFT);

        assertThat(r.status).isEqualTo(400);
        assertThat(collector.postCount()).isEqualTo(1);
        assertThat(collector.batches()).isEmpty();
        assertThat(collector.rejectedBatches()).isEmpty();
        assertThat(collector.errors()).hasSize(1);
        assertThat(collector.errors().get(0)).contains("undecodable body");
        assertThat(collector.requests().get(0).batch()).isNull();
    }

    @Test
    void emptyBodyAndTrailingBytesAnswer400() {
        byte[] good = encode(batch("svc", span("a", 1, 0, 0, 1)));
        byte[] trailing = Arrays.copyOf(good, good.length + 3);

        assertThat(post(collector.endpoint(), new byte[0], THRIFT).status).isEqualTo(400);
        assertThat(post(collector.endpoint(), trailing, THRIFT).status).isEqualTo(400);

        assertThat(collector.postCount()).isEqualTo(2);
        assertThat(collector.spans()).isEmpty();
        assertThat(collector.errors()).hasSize(2);
        assertThat(collector.errors().get(0)).contains("empty body");
        assertThat(collector.errors().get(1)).contains("3 trailing byte(s)");
    }

    @Test
    void missingRequiredFieldIsUndecodable() {
        // A Batch without its required process: libthrift's generated validate() rejects it on read.
        byte[] body = new byte[] {
            0x0f,
            0x00,
            0x02,
            0x0c,
            0x00,
            0x00,
            0x00,
            0x00, // field 2: list<struct> of 0 elements
            0x00 // STOP
        };
        assertThat(post(collector.endpoint(), body, THRIFT).status).isEqualTo(400);
        assertThat(collector.errors().get(0)).contains("process");
    }

    /**
     * The jaeger-thrift 1.8.1 model knows only Batch fields 1 (process) and 2 (spans): the IDL's later
     * optional {@code 3: i64 seqNo} is skipped by libthrift, so a body carrying it is still accepted.
     */
    @Test
    void fieldsUnknownToTheModelAreSkippedNotRejected() {
        Batch sent = batch("svc", span("a", 1, 0, 0, 1));
        byte[] plain = encode(sent);
        byte[] withSeqNo = Arrays.copyOf(plain, plain.length - 1 + 11 + 1); // drop STOP, add field 3, STOP
        int at = plain.length - 1;
        withSeqNo[at++] = 0x0a; // i64
        withSeqNo[at++] = 0x00;
        withSeqNo[at++] = 0x03; // field id 3
        for (int i = 0; i < 7; i++) {
            withSeqNo[at++] = 0x00;
        }
        withSeqNo[at++] = 0x2a; // seqNo = 42
        withSeqNo[at] = 0x00; // STOP

        assertThat(post(collector.endpoint(), withSeqNo, THRIFT).status).isEqualTo(202);
        assertThat(collector.batches()).containsExactly(sent);
        assertThat(collector.requests().get(0).bodyLength()).isEqualTo(plain.length + 11);
    }

    @Test
    void wrongOrMissingContentTypeAnswers400LikeJaeger() {
        byte[] body = encode(batch("svc", span("a", 1, 0, 0, 1)));

        assertThat(post(collector.endpoint(), body, "application/json").status).isEqualTo(400);
        assertThat(post(collector.endpoint(), body, null).status).isEqualTo(400);

        assertThat(collector.postCount()).isEqualTo(2);
        assertThat(collector.spans()).isEmpty();
        assertThat(collector.errors()).hasSize(2);
        assertThat(collector.errors().get(0)).contains("unsupported Content-Type: application/json");
        // HttpURLConnection adds its own default form Content-Type when none is set on a POST.
        assertThat(collector.contentTypes().get(1)).isIn(null, "application/x-www-form-urlencoded");
    }

    @Test
    void otherMethodsAnswer405AndAreNotPosts() {
        TestSpans.Response r = post(collector.endpoint(), "GET", null, null, 2_000, true);

        assertThat(r.status).isEqualTo(405);
        assertThat(collector.postCount()).isZero();
        assertThat(collector.requests()).hasSize(1);
        assertThat(collector.errors()).singleElement().asString().contains("method not allowed");
    }

    @Test
    void faultsRespondWithInjectsStatusUntilRestored() {
        byte[] body = encode(batch("svc", span("a", 1, 0, 0, 1)));

        collector.faults().respondWith(503);
        assertThat(post(collector.endpoint(), body, THRIFT).status).isEqualTo(503);
        collector.faults().respondWith(500);
        assertThat(post(collector.endpoint(), body, THRIFT).status).isEqualTo(500);
        assertThat(collector.batches()).isEmpty();
        assertThat(collector.rejectedBatches()).hasSize(2);

        collector.faults().respondWith(200);
        assertThat(post(collector.endpoint(), body, THRIFT).status).isEqualTo(200);
        collector.faults().respondWith(202);
        assertThat(post(collector.endpoint(), body, THRIFT).status).isEqualTo(202);

        assertThat(collector.postCount()).isEqualTo(4);
        assertThat(collector.batches()).hasSize(2);
        assertThat(collector.spans()).hasSize(2);
        assertThat(collector.requests())
                .extracting(LoopbackJaegerCollector.Received::status)
                .containsExactly(503, 500, 200, 202);
        assertThat(collector.errors()).isEmpty();
        assertThatThrownBy(() -> collector.faults().respondWith(99)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void delayHoldsTheAnswerAndCanTimeOutTheClient() {
        byte[] body = encode(batch("svc", span("a", 1, 0, 0, 1)));

        collector.faults().delayMillis(300);
        TestSpans.Response slow = post(collector.endpoint(), body, THRIFT);
        assertThat(slow.status).isEqualTo(202);
        assertThat(slow.elapsedMillis).isGreaterThanOrEqualTo(290);

        TestSpans.Response timedOut = post(collector.endpoint(), "POST", body, THRIFT, 100, true);
        assertThat(timedOut.error).isInstanceOf(SocketTimeoutException.class);
        assertThat(timedOut.elapsedMillis).isLessThan(290);
        // The collector had the batch before it delayed its answer.
        assertThat(collector.spans()).hasSize(2);

        collector.faults().delayMillis(0);
        assertThat(post(collector.endpoint(), body, THRIFT).elapsedMillis).isLessThan(290);
    }

    @Test
    void dropConnectionsClosesWithoutAnswer() {
        byte[] body = encode(batch("svc", span("a", 1, 0, 0, 1)));

        collector.faults().dropConnections(true);
        TestSpans.Response r = post(collector.endpoint(), body, THRIFT);

        assertThat(r.status).isEqualTo(-1);
        assertThat(r.error).isNotNull();
        assertThat(collector.postCount()).isEqualTo(1);
        assertThat(collector.requests().get(0).status()).isEqualTo(-1);
        assertThat(collector.batches()).isEmpty();
        assertThat(collector.rejectedBatches()).hasSize(1);

        collector.faults().dropConnections(false);
        assertThat(post(collector.endpoint(), body, THRIFT).status).isEqualTo(202);
        assertThat(collector.spans()).hasSize(1);
    }

    /**
     * Not about the collector but about the JDK client every exporter here uses: without a streaming mode,
     * HttpURLConnection silently sends a POST a second time when the connection closes without an answer
     * ({@code sun.net.http.retryPost}, default true). Fixed-length streaming mode prevents it.
     */
    @Test
    void bufferedHttpUrlConnectionResendsPostOnDroppedConnection() {
        byte[] body = encode(batch("svc", span("a", 1, 0, 0, 1)));
        collector.faults().dropConnections(true);

        TestSpans.Response r = post(collector.endpoint(), "POST", body, THRIFT, 2_000, false);

        assertThat(r.error).isNotNull();
        assertThat(collector.postCount()).isEqualTo(2);
    }

    @Test
    void resetForgetsRecordsButKeepsFaults() {
        byte[] body = encode(batch("svc", span("a", 1, 0, 0, 1)));
        post(collector.endpoint(), body, THRIFT);
        post(collector.endpoint(), new byte[] {1, 2, 3}, THRIFT);
        collector.faults().respondWith(500);

        collector.reset();
        assertThat(collector.postCount()).isZero();
        assertThat(collector.batches()).isEmpty();
        assertThat(collector.spans()).isEmpty();
        assertThat(collector.errors()).isEmpty();
        assertThat(collector.contentTypes()).isEmpty();
        assertThat(collector.awaitSpans(1, 10)).isFalse();

        assertThat(post(collector.endpoint(), body, THRIFT).status).isEqualTo(500);
        collector.faults().clear();
        assertThat(post(collector.endpoint(), body, THRIFT).status).isEqualTo(202);
        assertThat(collector.awaitSpans(1, 10)).isTrue();
    }

    @Test
    void recordsConcurrentPostsThreadSafely() throws Exception {
        int clients = 16;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                final byte[] body =
                        encode(batch("svc", span("s" + i, i + 1, 0, i, 1), span("c" + i, 100 + i, i + 1, i, 1)));
                results.add(pool.submit(new Callable<Integer>() {
                    @Override
                    public Integer call() {
                        return post(collector.endpoint(), body, THRIFT).status;
                    }
                }));
            }
            for (Future<Integer> f : results) {
                assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo(202);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(collector.awaitSpans(2 * clients, 5_000)).isTrue();
        assertThat(collector.postCount()).isEqualTo(clients);
        assertThat(collector.batches()).hasSize(clients);
        assertThat(collector.spans()).hasSize(2 * clients);
    }

    @Test
    void closeStopsPromptlyEvenWithARequestInFlight() throws Exception {
        final byte[] body = encode(batch("svc", span("a", 1, 0, 0, 1)));
        final String endpoint = collector.endpoint();
        collector.faults().delayMillis(10_000);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<TestSpans.Response> inFlight = pool.submit(new Callable<TestSpans.Response>() {
                @Override
                public TestSpans.Response call() {
                    return post(endpoint, "POST", body, THRIFT, 20_000, true);
                }
            });
            assertThat(collector.awaitSpans(1, 5_000)).isTrue();

            long start = System.nanoTime();
            collector.close();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(3_000);

            TestSpans.Response abandoned = inFlight.get(5, TimeUnit.SECONDS);
            assertThat(abandoned.status).isNotEqualTo(202);
        } finally {
            pool.shutdownNow();
        }
        TestSpans.Response after = post(endpoint, body, THRIFT);
        assertThat(after.error).isInstanceOf(ConnectException.class);
        collector.close(); // idempotent
    }

    @Test
    void referenceCodecRoundTrips() {
        Batch sent = batch("svc", span("a", 1, 0, 0, 1), span("b", 2, 1, 0, 1));
        assertThat(JaegerThriftReference.deserialize(JaegerThriftReference.serialize(sent)))
                .isEqualTo(sent);
        assertThatThrownBy(() -> JaegerThriftReference.deserialize(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty body");
    }
}
