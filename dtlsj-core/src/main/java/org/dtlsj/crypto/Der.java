package org.dtlsj.crypto;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal DER (ITU-T X.690) reader and writer: just enough for key formats and certificates.
 * Lengths are checked against the input, so malformed input fails with
 * {@link IllegalArgumentException}, never an index error.
 */
final class Der {
    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OID = 0x06;
    static final int UTF8_STRING = 0x0c;
    static final int SEQUENCE = 0x30;
    static final int SET = 0x31;
    static final int UTC_TIME = 0x17;

    private Der() {
    }

    /** One element: tag and contents. */
    record Element(int tag, byte[] value) {
        List<Element> children() {
            return parseAll(value);
        }
    }

    static Element parse(byte[] der) {
        List<Element> all = parseAll(der);
        if (all.size() != 1) throw new IllegalArgumentException("expected one DER element, found " + all.size());
        return all.get(0);
    }

    static List<Element> parseAll(byte[] b) {
        List<Element> out = new ArrayList<>();
        int p = 0;
        while (p < b.length) {
            if (b.length - p < 2) throw new IllegalArgumentException("truncated DER");
            int tag = b[p++] & 0xff;
            int len = b[p++] & 0xff;
            if (len >= 0x80) {
                int n = len & 0x7f;
                if (n == 0 || n > 3 || b.length - p < n) throw new IllegalArgumentException("bad DER length");
                len = 0;
                for (int i = 0; i < n; i++) len = (len << 8) | (b[p++] & 0xff);
            }
            if (len > b.length - p) throw new IllegalArgumentException("DER element overruns its input");
            byte[] v = new byte[len];
            System.arraycopy(b, p, v, 0, len);
            p += len;
            out.add(new Element(tag, v));
        }
        return out;
    }

    static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 6);
        out.write(tag);
        int n = value.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x82);
            out.write(n >>> 8);
            out.write(n);
        } else {
            out.write(0x83);
            out.write(n >>> 16);
            out.write(n >>> 8);
            out.write(n);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    static byte[] seq(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return tlv(SEQUENCE, out.toByteArray());
    }

    static byte[] integer(BigInteger v) {
        return tlv(INTEGER, v.toByteArray());
    }

    static byte[] oid(String dotted) {
        String[] parts = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Integer.parseInt(parts[0]) * 40 + Integer.parseInt(parts[1]));
        for (int i = 2; i < parts.length; i++) {
            long v = Long.parseLong(parts[i]);
            byte[] tmp = new byte[10];
            int n = 0;
            do {
                tmp[n++] = (byte) (v & 0x7f);
                v >>>= 7;
            } while (v != 0);
            for (int j = n - 1; j >= 0; j--) out.write(tmp[j] | (j > 0 ? 0x80 : 0));
        }
        return tlv(OID, out.toByteArray());
    }
}
