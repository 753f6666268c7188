package dev.fctracing.internal.export.jaeger;

import java.util.Arrays;

/**
 * A growable buffer written with Thrift's binary protocol (TBinaryProtocol: big-endian, field headers of type and id,
 * list headers of element type and count, strings as a 4-byte length and UTF-8 bytes). Written in one pass: a
 * string's length and a list's count are written as placeholders and patched once known, so nothing is measured
 * twice. Strings are encoded exactly as {@code String.getBytes(UTF_8)} would (an unpaired surrogate becomes
 * {@code '?'}).
 *
 * <p>Not thread-safe; one per encoded batch.
 */
public final class ThriftBuffer {

    static final byte TYPE_STOP = 0;
    static final byte TYPE_BOOL = 2;
    static final byte TYPE_DOUBLE = 4;
    static final byte TYPE_I32 = 8;
    static final byte TYPE_I64 = 10;
    static final byte TYPE_STRING = 11;
    static final byte TYPE_STRUCT = 12;
    static final byte TYPE_LIST = 15;

    private static final byte[] HEX_DIGITS = {
        '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'
    };

    private byte[] buf;
    private int pos;

    ThriftBuffer(int initialCapacity) {
        this.buf = new byte[Math.max(64, initialCapacity)];
    }

    /** The bytes written so far: {@code array()[0 .. size())}. */
    public byte[] array() {
        return buf;
    }

    public int size() {
        return pos;
    }

    /** A copy of exactly the bytes written. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    /** Where the next byte goes; {@link #rewind} goes back to such a mark (an optional field that turned out empty). */
    int mark() {
        return pos;
    }

    void rewind(int mark) {
        pos = mark;
    }

    // ---------------------------------------------------------------------------------------------------- primitives

    private void ensure(int more) {
        if (pos + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
        }
    }

    void writeByte(int b) {
        ensure(1);
        buf[pos++] = (byte) b;
    }

    void writeI32(int v) {
        ensure(4);
        putI32(pos, v);
        pos += 4;
    }

    void writeI64(long v) {
        ensure(8);
        putI32(pos, (int) (v >>> 32));
        putI32(pos + 4, (int) v);
        pos += 8;
    }

    private void putI32(int at, int v) {
        buf[at] = (byte) (v >>> 24);
        buf[at + 1] = (byte) (v >>> 16);
        buf[at + 2] = (byte) (v >>> 8);
        buf[at + 3] = (byte) v;
    }

    // ------------------------------------------------------------------------------------------------------- fields

    void fieldHeader(byte type, short id) {
        ensure(3);
        buf[pos++] = type;
        buf[pos++] = (byte) (id >>> 8);
        buf[pos++] = (byte) id;
    }

    void stop() {
        writeByte(TYPE_STOP);
    }

    void i32Field(short id, int v) {
        fieldHeader(TYPE_I32, id);
        writeI32(v);
    }

    void i64Field(short id, long v) {
        fieldHeader(TYPE_I64, id);
        writeI64(v);
    }

    void boolField(short id, boolean v) {
        fieldHeader(TYPE_BOOL, id);
        writeByte(v ? 1 : 0);
    }

    void doubleField(short id, double v) {
        fieldHeader(TYPE_DOUBLE, id);
        writeI64(Double.doubleToLongBits(v));
    }

    void stringField(short id, String s) {
        fieldHeader(TYPE_STRING, id);
        int start = beginString();
        writeUtf8(s, 0, s == null ? 0 : s.length());
        endString(start);
    }

    /** A string field whose bytes the caller writes between this and {@link #endString}. */
    int beginStringField(short id) {
        fieldHeader(TYPE_STRING, id);
        return beginString();
    }

    private int beginString() {
        ensure(4);
        int start = pos;
        pos += 4;
        return start;
    }

    void endString(int start) {
        putI32(start, pos - start - 4);
    }

    /** A list field whose elements the caller writes; {@link #endList} patches in their count. */
    int beginListField(short id, byte elementType) {
        fieldHeader(TYPE_LIST, id);
        return beginList(elementType);
    }

    /** A list (no field header): element type and a count patched by {@link #endList}. */
    int beginList(byte elementType) {
        ensure(5);
        buf[pos++] = elementType;
        int countAt = pos;
        pos += 4;
        return countAt;
    }

    void endList(int countAt, int count) {
        putI32(countAt, count);
    }

    // --------------------------------------------------------------------------------------------------------- text

    /** The UTF-8 bytes of {@code s.substring(from, to)}; a range never splits a surrogate pair here. */
    void writeUtf8(String s, int from, int to) {
        ensure((to - from) * 3);
        byte[] b = buf;
        int p = pos;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                b[p++] = (byte) c;
            } else if (c < 0x800) {
                b[p++] = (byte) (0xc0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                b[p++] = (byte) (0xf0 | (cp >> 18));
                b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
                b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
                b[p++] = (byte) (0x80 | (cp & 0x3f));
            } else if (Character.isSurrogate(c)) {
                b[p++] = '?';
            } else {
                b[p++] = (byte) (0xe0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                b[p++] = (byte) (0x80 | (c & 0x3f));
            }
        }
        pos = p;
    }

    void writeAscii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[pos++] = (byte) s.charAt(i);
        }
    }

    void writeDecimal(long v) {
        writeAscii(Long.toString(v));
    }

    /** {@code s} as a JSON string: quoted, with JSON's escapes ({@code \\uXXXX} for other controls and U+2028/9). */
    void writeJsonString(String s) {
        writeByte('"');
        int n = s.length();
        int runStart = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            String escape = shortEscape(c);
            if (escape == null && c >= 0x20 && c != '\u2028' && c != '\u2029') {
                continue;
            }
            writeUtf8(s, runStart, i);
            if (escape != null) {
                writeAscii(escape);
            } else {
                ensure(6);
                buf[pos++] = '\\';
                buf[pos++] = 'u';
                buf[pos++] = HEX_DIGITS[(c >> 12) & 0xf];
                buf[pos++] = HEX_DIGITS[(c >> 8) & 0xf];
                buf[pos++] = HEX_DIGITS[(c >> 4) & 0xf];
                buf[pos++] = HEX_DIGITS[c & 0xf];
            }
            runStart = i + 1;
        }
        writeUtf8(s, runStart, n);
        writeByte('"');
    }

    private static String shortEscape(char c) {
        switch (c) {
            case '"':
                return "\\\"";
            case '\\':
                return "\\\\";
            case '\b':
                return "\\b";
            case '\f':
                return "\\f";
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            default:
                return null;
        }
    }
}
