package dev.fctracing.internal.export.jaeger;

/**
 * The numbers of Jaeger's Thrift IDL ({@code jaeger-idl} {@code thrift/jaeger.thrift}) that the encoder writes:
 * field ids of {@code Batch}, {@code Process}, {@code Span}, {@code Tag}, {@code Log} and {@code SpanRef}, and the
 * values of the {@code TagType} and {@code SpanRefType} enums (written as i32).
 */
final class JaegerIdl {

    private JaegerIdl() {}

    // Batch, Process, Span, Tag, Log and SpanRef field ids (jaeger-idl jaeger.thrift).
    static final short BATCH_PROCESS = 1;
    static final short BATCH_SPANS = 2;
    static final short PROCESS_SERVICE_NAME = 1;
    static final short PROCESS_TAGS = 2;
    static final short SPAN_TRACE_ID_LOW = 1;
    static final short SPAN_TRACE_ID_HIGH = 2;
    static final short SPAN_SPAN_ID = 3;
    static final short SPAN_PARENT_SPAN_ID = 4;
    static final short SPAN_OPERATION_NAME = 5;
    static final short SPAN_REFERENCES = 6;
    static final short SPAN_FLAGS = 7;
    static final short SPAN_START_TIME = 8;
    static final short SPAN_DURATION = 9;
    static final short SPAN_TAGS = 10;
    static final short SPAN_LOGS = 11;
    static final short TAG_KEY = 1;
    static final short TAG_V_TYPE = 2;
    static final short TAG_V_STR = 3;
    static final short TAG_V_DOUBLE = 4;
    static final short TAG_V_BOOL = 5;
    static final short TAG_V_LONG = 6;
    static final short LOG_TIMESTAMP = 1;
    static final short LOG_FIELDS = 2;
    static final short REF_TYPE = 1;
    static final short REF_TRACE_ID_LOW = 2;
    static final short REF_TRACE_ID_HIGH = 3;
    static final short REF_SPAN_ID = 4;

    // Jaeger enums, written as i32.
    static final int TAG_TYPE_STRING = 0;
    static final int TAG_TYPE_DOUBLE = 1;
    static final int TAG_TYPE_BOOL = 2;
    static final int TAG_TYPE_LONG = 3;
    static final int REF_TYPE_CHILD_OF = 0;
    static final int REF_TYPE_FOLLOWS_FROM = 1;
}
