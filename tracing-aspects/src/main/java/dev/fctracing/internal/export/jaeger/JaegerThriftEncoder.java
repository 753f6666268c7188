package dev.fctracing.internal.export.jaeger;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributeType;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.Collection;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Encodes finished OpenTelemetry spans as the body of a Jaeger "Thrift over HTTP" request: a TBinaryProtocol-serialised
 * Jaeger {@code Batch{1: Process process, 2: list<Span> spans}}, byte-for-byte what libthrift's {@code TSerializer}
 * writes for the same {@code io.jaegertracing.thriftjava} model, without depending on libthrift.
 *
 * <p>The exact size is computed first, then one array of exactly that size is filled in a single pass. The mapping is
 * the one of OpenTelemetry's former Jaeger exporter: attributes become tags (arrays as JSON text), kind, status and
 * instrumentation scope become {@code span.kind}, {@code otel.status_code}, {@code otel.status_description},
 * {@code error}, {@code otel.scope.name} and {@code otel.scope.version} tags, events become logs, the parent becomes
 * {@code parentSpanId} plus a {@code CHILD_OF} reference, links become {@code FOLLOWS_FROM} references, and the first
 * span's resource becomes the {@code Process}.
 *
 * <p>Stateless and thread-safe.
 */
public final class JaegerThriftEncoder {

  // TBinaryProtocol wire types.
  static final byte TYPE_STOP = 0;
  static final byte TYPE_BOOL = 2;
  static final byte TYPE_DOUBLE = 4;
  static final byte TYPE_I32 = 8;
  static final byte TYPE_I64 = 10;
  static final byte TYPE_STRING = 11;
  static final byte TYPE_STRUCT = 12;
  static final byte TYPE_LIST = 15;

  // Batch field ids.
  static final short BATCH_PROCESS = 1;
  static final short BATCH_SPANS = 2;
  // Process field ids.
  static final short PROCESS_SERVICE_NAME = 1;
  static final short PROCESS_TAGS = 2;
  // Span field ids.
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
  // Tag field ids.
  static final short TAG_KEY = 1;
  static final short TAG_V_TYPE = 2;
  static final short TAG_V_STR = 3;
  static final short TAG_V_DOUBLE = 4;
  static final short TAG_V_BOOL = 5;
  static final short TAG_V_LONG = 6;
  // Log field ids.
  static final short LOG_TIMESTAMP = 1;
  static final short LOG_FIELDS = 2;
  // SpanRef field ids.
  static final short REF_TYPE = 1;
  static final short REF_TRACE_ID_LOW = 2;
  static final short REF_TRACE_ID_HIGH = 3;
  static final short REF_SPAN_ID = 4;

  // Jaeger enums (written as i32).
  static final int TAG_TYPE_STRING = 0;
  static final int TAG_TYPE_DOUBLE = 1;
  static final int TAG_TYPE_BOOL = 2;
  static final int TAG_TYPE_LONG = 3;
  static final int REF_TYPE_CHILD_OF = 0;
  static final int REF_TYPE_FOLLOWS_FROM = 1;

  // Byte counts.
  /** Field header: type (1) + field id (2). */
  static final int FIELD_HEADER = 3;
  /** List header: element type (1) + element count (4). */
  static final int LIST_HEADER = 5;
  /** A list-valued field before its elements: field header (3) + list header (5). */
  static final int LIST_FIELD = FIELD_HEADER + LIST_HEADER;
  /** A string field before its bytes: field header (3) + length prefix (4). */
  static final int STRING_FIELD = FIELD_HEADER + 4;
  /** Field header (3) + 8 bytes. */
  static final int I64_FIELD = FIELD_HEADER + 8;
  /** Field header (3) + 4 bytes. */
  static final int I32_FIELD = FIELD_HEADER + 4;
  /** Field header (3) + 1 byte. */
  static final int BOOL_FIELD = FIELD_HEADER + 1;
  /** Field header (3) + 8 bytes. */
  static final int DOUBLE_FIELD = FIELD_HEADER + 8;
  /** The stop byte ending every struct. */
  static final int STOP = 1;
  /** SpanRef: refType i32 (7) + three i64 fields (33) + stop (1) = 41. */
  static final int SPAN_REF_SIZE = I32_FIELD + 3 * I64_FIELD + STOP;
  /**
   * Span without its variable parts: four i64 ids (44) + flags i32 (7) + startTime and duration i64 (22) +
   * operationName header (7) + stop (1) = 81.
   */
  static final int SPAN_FIXED_SIZE = 4 * I64_FIELD + I32_FIELD + 2 * I64_FIELD + STRING_FIELD + STOP;
  /** Log without its tags: timestamp i64 (11) + fields list header (8) + stop (1) = 20. */
  static final int LOG_FIXED_SIZE = I64_FIELD + LIST_FIELD + STOP;
  /** A Tag without its value field: key header (7) + vType i32 (7) + stop (1) = 15, plus the key's bytes. */
  static final int TAG_FIXED_SIZE = STRING_FIELD + I32_FIELD + STOP;

  static final String SERVICE_NAME = "service.name";
  static final String DEFAULT_SERVICE_NAME = "unknown_service:java";
  static final String KEY_SPAN_KIND = "span.kind";
  static final String KEY_STATUS_CODE = "otel.status_code";
  static final String KEY_STATUS_DESCRIPTION = "otel.status_description";
  static final String KEY_ERROR = "error";
  static final String KEY_SCOPE_NAME = "otel.scope.name";
  static final String KEY_SCOPE_VERSION = "otel.scope.version";
  static final String KEY_LOG_EVENT = "event";

  private static final byte[] HEX_DIGITS = {
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'
  };

  private JaegerThriftEncoder() {}

  /**
   * Returns the TBinaryProtocol bytes of a Jaeger {@code Batch} holding {@code spans}, whose {@code Process} is built
   * from the first span's resource. An empty (or null) collection gives a valid batch with an empty span list.
   */
  public static byte[] encode(Collection<SpanData> spans) {
    SpanData[] array = spans == null ? new SpanData[0] : spans.toArray(new SpanData[0]);
    Resource resource = array.length == 0 ? null : array[0].getResource();
    String serviceName = serviceName(resource);
    Attributes processTags = resource == null ? Attributes.empty() : resource.getAttributes();

    Sizer sizer = new Sizer();
    int processSize = sizeOfProcess(serviceName, processTags, sizer);
    // Batch: process field header (3) + process + spans list field (8) + spans + stop (1).
    int size = FIELD_HEADER + processSize + LIST_FIELD + STOP;
    for (SpanData span : array) {
      size += sizeOfSpan(span, sizer);
    }

    Writer out = new Writer(new byte[size]);
    out.fieldHeader(TYPE_STRUCT, BATCH_PROCESS);
    writeProcess(out, serviceName, processTags, processSize);
    out.fieldHeader(TYPE_LIST, BATCH_SPANS);
    out.listHeader(TYPE_STRUCT, array.length);
    for (SpanData span : array) {
      writeSpan(out, span);
    }
    out.writeByte(TYPE_STOP);
    if (out.pos != size) {
      // Only possible if a span changed between the two passes.
      throw new IllegalStateException("Jaeger batch size changed while encoding: " + out.pos + " != " + size);
    }
    return out.buf;
  }

  // ---------------------------------------------------------------------------------------------------------- Process

  static String serviceName(Resource resource) {
    if (resource == null) {
      return DEFAULT_SERVICE_NAME;
    }
    String name = resource.getAttributes().get(AttributeKey.stringKey(SERVICE_NAME));
    return name == null || name.isEmpty() ? DEFAULT_SERVICE_NAME : name;
  }

  /** True for the resource attribute that became the service name, which is not repeated as a process tag. */
  static boolean isServiceName(AttributeKey<?> key) {
    return key.getType() == AttributeType.STRING && SERVICE_NAME.equals(key.getKey());
  }

  private static int sizeOfProcess(String serviceName, Attributes resource, Sizer sizer) {
    // serviceName field (7 + bytes) + stop (1).
    int size = STRING_FIELD + utf8Length(serviceName) + STOP;
    sizer.reset(true);
    resource.forEach(sizer);
    if (sizer.count > 0) {
      size += LIST_FIELD + sizer.bytes;
    }
    return size;
  }

  private static void writeProcess(Writer out, String serviceName, Attributes resource, int processSize) {
    int start = out.pos;
    out.stringField(PROCESS_SERVICE_NAME, serviceName);
    // Every resource attribute but the (string) service.name becomes a process tag.
    int tagCount = resource.size() - (resource.get(AttributeKey.stringKey(SERVICE_NAME)) != null ? 1 : 0);
    if (tagCount > 0) {
      out.fieldHeader(TYPE_LIST, PROCESS_TAGS);
      out.listHeader(TYPE_STRUCT, tagCount);
      out.skipServiceName = true;
      resource.forEach(out);
      out.skipServiceName = false;
    }
    out.writeByte(TYPE_STOP);
    if (out.pos - start != processSize) {
      throw new IllegalStateException("Jaeger process size mismatch");
    }
  }

  // ------------------------------------------------------------------------------------------------------------- Span

  private static int sizeOfSpan(SpanData span, Sizer sizer) {
    int size = SPAN_FIXED_SIZE + utf8Length(span.getName());

    int refCount = referenceCount(span);
    if (refCount > 0) {
      size += LIST_FIELD + refCount * SPAN_REF_SIZE;
    }

    sizer.reset(false);
    span.getAttributes().forEach(sizer);
    int tagCount = sizer.count;
    int tagBytes = sizer.bytes;
    String kind = kindValue(span.getKind());
    if (kind != null) {
      tagCount++;
      tagBytes += sizeOfStringTag(KEY_SPAN_KIND, kind);
    }
    StatusData status = span.getStatus();
    String statusCode = statusCodeValue(status);
    if (statusCode != null) {
      tagCount++;
      tagBytes += sizeOfStringTag(KEY_STATUS_CODE, statusCode);
    }
    String description = statusDescription(status);
    if (description != null) {
      tagCount++;
      tagBytes += sizeOfStringTag(KEY_STATUS_DESCRIPTION, description);
    }
    if (isError(status)) {
      tagCount++;
      tagBytes += sizeOfBoolTag(KEY_ERROR);
    }
    InstrumentationScopeInfo scope = span.getInstrumentationScopeInfo();
    String scopeName = nonEmpty(scope.getName());
    if (scopeName != null) {
      tagCount++;
      tagBytes += sizeOfStringTag(KEY_SCOPE_NAME, scopeName);
    }
    String scopeVersion = nonEmpty(scope.getVersion());
    if (scopeVersion != null) {
      tagCount++;
      tagBytes += sizeOfStringTag(KEY_SCOPE_VERSION, scopeVersion);
    }
    if (tagCount > 0) {
      size += LIST_FIELD + tagBytes;
    }

    List<EventData> events = span.getEvents();
    if (!events.isEmpty()) {
      size += LIST_FIELD;
      for (EventData event : events) {
        sizer.reset(false);
        event.getAttributes().forEach(sizer);
        size += LOG_FIXED_SIZE + sizeOfStringTag(KEY_LOG_EVENT, event.getName()) + sizer.bytes;
      }
    }
    return size;
  }

  private static void writeSpan(Writer out, SpanData span) {
    SpanContext context = span.getSpanContext();
    String traceId = context.getTraceId();
    out.i64Field(SPAN_TRACE_ID_LOW, hexToLong(traceId, 16));
    out.i64Field(SPAN_TRACE_ID_HIGH, hexToLong(traceId, 0));
    out.i64Field(SPAN_SPAN_ID, hexToLong(context.getSpanId(), 0));
    SpanContext parent = span.getParentSpanContext();
    boolean hasParent = parent.isValid();
    out.i64Field(SPAN_PARENT_SPAN_ID, hasParent ? hexToLong(parent.getSpanId(), 0) : 0L);
    out.stringField(SPAN_OPERATION_NAME, span.getName());

    int refCount = referenceCount(span);
    if (refCount > 0) {
      out.fieldHeader(TYPE_LIST, SPAN_REFERENCES);
      out.listHeader(TYPE_STRUCT, refCount);
      if (hasParent) {
        writeSpanRef(out, REF_TYPE_CHILD_OF, parent);
      }
      for (LinkData link : span.getLinks()) {
        writeSpanRef(out, REF_TYPE_FOLLOWS_FROM, link.getSpanContext());
      }
    }

    out.i32Field(SPAN_FLAGS, context.isSampled() ? 1 : 0);
    long start = span.getStartEpochNanos();
    out.i64Field(SPAN_START_TIME, start / 1000L);
    out.i64Field(SPAN_DURATION, (span.getEndEpochNanos() - start) / 1000L);

    Attributes attributes = span.getAttributes();
    String kind = kindValue(span.getKind());
    StatusData status = span.getStatus();
    String statusCode = statusCodeValue(status);
    String description = statusDescription(status);
    boolean error = isError(status);
    InstrumentationScopeInfo scope = span.getInstrumentationScopeInfo();
    String scopeName = nonEmpty(scope.getName());
    String scopeVersion = nonEmpty(scope.getVersion());
    int tagCount = attributes.size()
        + (kind != null ? 1 : 0)
        + (statusCode != null ? 1 : 0)
        + (description != null ? 1 : 0)
        + (error ? 1 : 0)
        + (scopeName != null ? 1 : 0)
        + (scopeVersion != null ? 1 : 0);
    if (tagCount > 0) {
      out.fieldHeader(TYPE_LIST, SPAN_TAGS);
      out.listHeader(TYPE_STRUCT, tagCount);
      attributes.forEach(out);
      if (kind != null) {
        out.stringTag(KEY_SPAN_KIND, kind);
      }
      if (statusCode != null) {
        out.stringTag(KEY_STATUS_CODE, statusCode);
      }
      if (description != null) {
        out.stringTag(KEY_STATUS_DESCRIPTION, description);
      }
      if (error) {
        out.boolTag(KEY_ERROR, true);
      }
      if (scopeName != null) {
        out.stringTag(KEY_SCOPE_NAME, scopeName);
      }
      if (scopeVersion != null) {
        out.stringTag(KEY_SCOPE_VERSION, scopeVersion);
      }
    }

    List<EventData> events = span.getEvents();
    if (!events.isEmpty()) {
      out.fieldHeader(TYPE_LIST, SPAN_LOGS);
      out.listHeader(TYPE_STRUCT, events.size());
      for (EventData event : events) {
        out.i64Field(LOG_TIMESTAMP, event.getEpochNanos() / 1000L);
        Attributes fields = event.getAttributes();
        out.fieldHeader(TYPE_LIST, LOG_FIELDS);
        out.listHeader(TYPE_STRUCT, 1 + fields.size());
        out.stringTag(KEY_LOG_EVENT, event.getName());
        fields.forEach(out);
        out.writeByte(TYPE_STOP); // end of Log
      }
    }
    out.writeByte(TYPE_STOP); // end of Span
  }

  private static void writeSpanRef(Writer out, int refType, SpanContext target) {
    String traceId = target.getTraceId();
    out.i32Field(REF_TYPE, refType);
    out.i64Field(REF_TRACE_ID_LOW, hexToLong(traceId, 16));
    out.i64Field(REF_TRACE_ID_HIGH, hexToLong(traceId, 0));
    out.i64Field(REF_SPAN_ID, hexToLong(target.getSpanId(), 0));
    out.writeByte(TYPE_STOP);
  }

  private static int referenceCount(SpanData span) {
    return (span.getParentSpanContext().isValid() ? 1 : 0) + span.getLinks().size();
  }

  static String kindValue(SpanKind kind) {
    if (kind == null) {
      return null;
    }
    switch (kind) {
      case SERVER:
        return "server";
      case CLIENT:
        return "client";
      case PRODUCER:
        return "producer";
      case CONSUMER:
        return "consumer";
      default:
        return null; // INTERNAL
    }
  }

  static String statusCodeValue(StatusData status) {
    StatusCode code = status.getStatusCode();
    if (code == StatusCode.OK) {
      return "OK";
    }
    return code == StatusCode.ERROR ? "ERROR" : null;
  }

  static String statusDescription(StatusData status) {
    return nonEmpty(status.getDescription());
  }

  static boolean isError(StatusData status) {
    return status.getStatusCode() == StatusCode.ERROR;
  }

  private static String nonEmpty(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  /** Parses 16 hex characters of {@code hex} starting at {@code offset} as a signed 64-bit value. */
  static long hexToLong(CharSequence hex, int offset) {
    long value = 0;
    for (int i = offset; i < offset + 16; i++) {
      value = (value << 4) | hexValue(hex.charAt(i));
    }
    return value;
  }

  private static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    throw new IllegalArgumentException("not a hex id");
  }

  // -------------------------------------------------------------------------------------------------------------- Tags

  private static int sizeOfStringTag(String key, String value) {
    // key (15 fixed + key bytes) + vStr field (7 + value bytes).
    return TAG_FIXED_SIZE + utf8Length(key) + STRING_FIELD + utf8Length(value);
  }

  private static int sizeOfBoolTag(String key) {
    // key (15 fixed + key bytes) + vBool field (4).
    return TAG_FIXED_SIZE + utf8Length(key) + BOOL_FIELD;
  }

  /** The encoded size of the tag for one attribute. */
  static int sizeOfAttributeTag(AttributeKey<?> key, Object value) {
    int keyPart = TAG_FIXED_SIZE + utf8Length(key.getKey());
    switch (key.getType()) {
      case STRING:
        return keyPart + STRING_FIELD + utf8Length((String) value);
      case BOOLEAN:
        return keyPart + BOOL_FIELD;
      case LONG:
        return keyPart + I64_FIELD;
      case DOUBLE:
        return keyPart + DOUBLE_FIELD;
      case STRING_ARRAY:
      case BOOLEAN_ARRAY:
      case LONG_ARRAY:
      case DOUBLE_ARRAY:
        return keyPart + STRING_FIELD + Json.arrayLength(key.getType(), (List<?>) value);
      default:
        return keyPart + STRING_FIELD + utf8Length(otherValueText(value));
    }
  }

  /** Text for attribute types newer than the Jaeger mapping ({@code VALUE}): its own string form. */
  static String otherValueText(Object value) {
    if (value instanceof Value) {
      return ((Value<?>) value).asString();
    }
    return String.valueOf(value);
  }

  /** Accumulates the tag count and encoded size of a set of attributes. */
  private static final class Sizer implements BiConsumer<AttributeKey<?>, Object> {
    int count;
    int bytes;
    boolean skipServiceName;

    void reset(boolean skipServiceName) {
      this.count = 0;
      this.bytes = 0;
      this.skipServiceName = skipServiceName;
    }

    @Override
    public void accept(AttributeKey<?> key, Object value) {
      if (skipServiceName && isServiceName(key)) {
        return;
      }
      count++;
      bytes += sizeOfAttributeTag(key, value);
    }
  }

  // ------------------------------------------------------------------------------------------------------------ UTF-8

  /**
   * The number of bytes {@code s.getBytes(UTF_8)} would produce, without allocating: an unpaired surrogate counts as
   * the one-byte {@code '?'} the JDK substitutes. Null counts as the empty string.
   */
  static int utf8Length(String s) {
    if (s == null) {
      return 0;
    }
    int len = s.length();
    int bytes = len;
    for (int i = 0; i < len; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        continue;
      }
      if (c < 0x800) {
        bytes += 1;
      } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 2; // 2 chars -> 4 bytes
        i++;
      } else if (Character.isSurrogate(c)) {
        // unpaired: written as '?'
      } else {
        bytes += 2;
      }
    }
    return bytes;
  }

  // --------------------------------------------------------------------------------------------------------- JSON text

  /** JSON array text for array attributes, sized and written without building the string. */
  static final class Json {
    private Json() {}

    static int arrayLength(AttributeType type, List<?> values) {
      int n = values.size();
      int len = 2 + (n > 0 ? n - 1 : 0); // brackets + commas
      for (int i = 0; i < n; i++) {
        len += elementLength(type, values.get(i));
      }
      return len;
    }

    private static int elementLength(AttributeType type, Object value) {
      if (value == null) {
        return 4; // null
      }
      switch (type) {
        case STRING_ARRAY:
          return stringLength((String) value);
        case BOOLEAN_ARRAY:
          return ((Boolean) value) ? 4 : 5;
        case LONG_ARRAY:
          return decimalLength((Long) value);
        default:
          return doubleText((Double) value).length(); // ASCII
      }
    }

    /** Quotes (2) + the escaped UTF-8 bytes. */
    static int stringLength(String s) {
      int len = 2;
      int n = s.length();
      for (int i = 0; i < n; i++) {
        char c = s.charAt(i);
        int escaped = escapedLength(c);
        if (escaped > 0) {
          len += escaped;
        } else if (c < 0x80) {
          len += 1;
        } else if (c < 0x800) {
          len += 2;
        } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          len += 4;
          i++;
        } else if (Character.isSurrogate(c)) {
          len += 1;
        } else {
          len += 3;
        }
      }
      return len;
    }

    /** 2 for the short escapes, 6 for {@code \}{@code uXXXX}, 0 when the character is written as is. */
    private static int escapedLength(char c) {
      switch (c) {
        case '"':
        case '\\':
        case '\b':
        case '\f':
        case '\n':
        case '\r':
        case '\t':
          return 2;
        default:
          return c < 0x20 || c == '\u2028' || c == '\u2029' ? 6 : 0;
      }
    }

    static int decimalLength(long v) {
      if (v == Long.MIN_VALUE) {
        return 20;
      }
      int len = 1;
      if (v < 0) {
        len++;
        v = -v;
      }
      while (v >= 10) {
        v /= 10;
        len++;
      }
      return len;
    }

    /** {@code Double.toString} for finite values (as Gson wrote them); NaN and infinities as JSON strings. */
    static String doubleText(double d) {
      if (Double.isNaN(d)) {
        return "\"NaN\"";
      }
      if (Double.isInfinite(d)) {
        return d > 0 ? "\"Infinity\"" : "\"-Infinity\"";
      }
      return Double.toString(d);
    }
  }

  // ----------------------------------------------------------------------------------------------------------- Writer

  /** Big-endian TBinaryProtocol writer into a pre-sized array; also writes attribute tags as a BiConsumer. */
  private static final class Writer implements BiConsumer<AttributeKey<?>, Object> {
    final byte[] buf;
    int pos;
    boolean skipServiceName;

    Writer(byte[] buf) {
      this.buf = buf;
    }

    void writeByte(int b) {
      buf[pos++] = (byte) b;
    }

    void writeI16(short v) {
      buf[pos++] = (byte) (v >>> 8);
      buf[pos++] = (byte) v;
    }

    void writeI32(int v) {
      buf[pos++] = (byte) (v >>> 24);
      buf[pos++] = (byte) (v >>> 16);
      buf[pos++] = (byte) (v >>> 8);
      buf[pos++] = (byte) v;
    }

    void writeI64(long v) {
      writeI32((int) (v >>> 32));
      writeI32((int) v);
    }

    void fieldHeader(byte type, short id) {
      writeByte(type);
      writeI16(id);
    }

    void listHeader(byte elementType, int size) {
      writeByte(elementType);
      writeI32(size);
    }

    void i64Field(short id, long v) {
      fieldHeader(TYPE_I64, id);
      writeI64(v);
    }

    void i32Field(short id, int v) {
      fieldHeader(TYPE_I32, id);
      writeI32(v);
    }

    /** Writes the string, then its length before it (4 bytes): one pass over the chars here, not two. */
    void stringField(short id, String s) {
      fieldHeader(TYPE_STRING, id);
      int lengthAt = pos;
      pos += 4;
      writeUtf8(s);
      int end = pos;
      pos = lengthAt;
      writeI32(end - lengthAt - 4);
      pos = end;
    }

    /** Writes the UTF-8 bytes of {@code s} exactly as {@code String.getBytes(UTF_8)} would. */
    void writeUtf8(String s) {
      if (s != null) {
        writeUtf8(s, 0, s.length());
      }
    }

    /** Writes the UTF-8 bytes of {@code s.substring(from, to)}; a range never splits a surrogate pair here. */
    void writeUtf8(String s, int from, int to) {
      for (int i = from; i < to; i++) {
        char c = s.charAt(i);
        if (c < 0x80) {
          buf[pos++] = (byte) c;
        } else if (c < 0x800) {
          buf[pos++] = (byte) (0xc0 | (c >> 6));
          buf[pos++] = (byte) (0x80 | (c & 0x3f));
        } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1))) {
          int cp = Character.toCodePoint(c, s.charAt(++i));
          buf[pos++] = (byte) (0xf0 | (cp >> 18));
          buf[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
          buf[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
          buf[pos++] = (byte) (0x80 | (cp & 0x3f));
        } else if (Character.isSurrogate(c)) {
          buf[pos++] = '?';
        } else {
          buf[pos++] = (byte) (0xe0 | (c >> 12));
          buf[pos++] = (byte) (0x80 | ((c >> 6) & 0x3f));
          buf[pos++] = (byte) (0x80 | (c & 0x3f));
        }
      }
    }

    private void tagStart(String key, int tagType) {
      stringField(TAG_KEY, key);
      i32Field(TAG_V_TYPE, tagType);
    }

    void stringTag(String key, String value) {
      tagStart(key, TAG_TYPE_STRING);
      stringField(TAG_V_STR, value);
      writeByte(TYPE_STOP);
    }

    void boolTag(String key, boolean value) {
      tagStart(key, TAG_TYPE_BOOL);
      fieldHeader(TYPE_BOOL, TAG_V_BOOL);
      writeByte(value ? 1 : 0);
      writeByte(TYPE_STOP);
    }

    @Override
    public void accept(AttributeKey<?> key, Object value) {
      if (skipServiceName && isServiceName(key)) {
        return;
      }
      String name = key.getKey();
      AttributeType type = key.getType();
      switch (type) {
        case STRING:
          stringTag(name, (String) value);
          return;
        case BOOLEAN:
          boolTag(name, (Boolean) value);
          return;
        case LONG:
          tagStart(name, TAG_TYPE_LONG);
          i64Field(TAG_V_LONG, (Long) value);
          writeByte(TYPE_STOP);
          return;
        case DOUBLE:
          tagStart(name, TAG_TYPE_DOUBLE);
          fieldHeader(TYPE_DOUBLE, TAG_V_DOUBLE);
          writeI64(Double.doubleToLongBits((Double) value));
          writeByte(TYPE_STOP);
          return;
        case STRING_ARRAY:
        case BOOLEAN_ARRAY:
        case LONG_ARRAY:
        case DOUBLE_ARRAY:
          tagStart(name, TAG_TYPE_STRING);
          fieldHeader(TYPE_STRING, TAG_V_STR);
          List<?> values = (List<?>) value;
          writeI32(Json.arrayLength(type, values));
          writeJsonArray(type, values);
          writeByte(TYPE_STOP);
          return;
        default:
          stringTag(name, otherValueText(value));
      }
    }

    private void writeJsonArray(AttributeType type, List<?> values) {
      writeByte('[');
      int n = values.size();
      for (int i = 0; i < n; i++) {
        if (i > 0) {
          writeByte(',');
        }
        Object v = values.get(i);
        if (v == null) {
          writeAscii("null");
          continue;
        }
        switch (type) {
          case STRING_ARRAY:
            writeJsonString((String) v);
            break;
          case BOOLEAN_ARRAY:
            writeAscii(((Boolean) v) ? "true" : "false");
            break;
          case LONG_ARRAY:
            writeDecimal((Long) v);
            break;
          default:
            writeAscii(Json.doubleText((Double) v));
        }
      }
      writeByte(']');
    }

    private void writeAscii(String s) {
      for (int i = 0; i < s.length(); i++) {
        buf[pos++] = (byte) s.charAt(i);
      }
    }

    private void writeDecimal(long v) {
      if (v == Long.MIN_VALUE) {
        writeAscii("-9223372036854775808");
        return;
      }
      if (v < 0) {
        buf[pos++] = '-';
        v = -v;
      }
      int len = Json.decimalLength(v);
      int end = pos + len;
      for (int i = end - 1; i >= pos; i--) {
        buf[i] = (byte) ('0' + (v % 10));
        v /= 10;
      }
      pos = end;
    }

    private void writeJsonString(String s) {
      buf[pos++] = '"';
      int n = s.length();
      int runStart = 0;
      for (int i = 0; i < n; i++) {
        char c = s.charAt(i);
        if (Json.escapedLength(c) == 0) {
          continue;
        }
        writeUtf8(s, runStart, i);
        switch (c) {
          case '"':
            writeAscii("\\\"");
            break;
          case '\\':
            writeAscii("\\\\");
            break;
          case '\b':
            writeAscii("\\b");
            break;
          case '\f':
            writeAscii("\\f");
            break;
          case '\n':
            writeAscii("\\n");
            break;
          case '\r':
            writeAscii("\\r");
            break;
          case '\t':
            writeAscii("\\t");
            break;
          default:
            writeAscii("\\u");
            buf[pos++] = HEX_DIGITS[(c >> 12) & 0xf];
            buf[pos++] = HEX_DIGITS[(c >> 8) & 0xf];
            buf[pos++] = HEX_DIGITS[(c >> 4) & 0xf];
            buf[pos++] = HEX_DIGITS[c & 0xf];
        }
        runStart = i + 1;
      }
      writeUtf8(s, runStart, n);
      buf[pos++] = '"';
    }
  }
}
