package org.dtlsj.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The input format of the engine targets: datagrams one after another, each a 2-byte big-endian
 * length and that many bytes (a short last one takes what is left). Seeds are real traffic in
 * this form, so the fuzzer starts from records the engine accepts and mutates from there.
 */
final class Datagrams {
    /** No target feeds more than this many datagrams per run (keeps each run short). */
    static final int MAX_DATAGRAMS = 32;

    private Datagrams() {
    }

    static List<byte[]> split(byte[] input) {
        List<byte[]> out = new ArrayList<>();
        int p = 0;
        while (p + 2 <= input.length && out.size() < MAX_DATAGRAMS) {
            int len = ((input[p] & 0xff) << 8) | (input[p + 1] & 0xff);
            p += 2;
            int n = Math.min(len, input.length - p);
            byte[] d = new byte[n];
            System.arraycopy(input, p, d, 0, n);
            out.add(d);
            p += n;
        }
        return out;
    }

    static byte[] join(List<byte[]> datagrams) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] d : datagrams) {
            out.write(d.length >>> 8);
            out.write(d.length);
            out.writeBytes(d);
        }
        return out.toByteArray();
    }
}
