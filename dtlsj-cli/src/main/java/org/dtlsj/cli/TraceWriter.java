package org.dtlsj.cli;

import java.io.PrintStream;
import org.dtlsj.engine.Tracer;
import org.dtlsj.wire.ContentType;
import org.dtlsj.wire.HandshakeType;

/** {@code --trace}: one line per record and handshake message, like {@code openssl s_client -msg}. */
final class TraceWriter implements Tracer {
    private final PrintStream out;
    private final String role;
    private final long start = System.nanoTime();

    TraceWriter(PrintStream out, String role) {
        this.out = out;
        this.role = role;
    }

    private String stamp() {
        return String.format("%8.3f %s", (System.nanoTime() - start) / 1e9, role);
    }

    @Override
    public void record(Direction dir, ContentType type, int epoch, long seq, int length) {
        out.printf("%s %s record %s epoch=%d seq=%d length=%d%n", stamp(), dir == Direction.SENT ? ">>>" : "<<<",
                type, epoch, seq, length);
    }

    @Override
    public void handshake(Direction dir, HandshakeType type, int messageSeq, int length) {
        out.printf("%s %s   %s message_seq=%d length=%d%n", stamp(), dir == Direction.SENT ? ">>>" : "<<<",
                type, messageSeq, length);
    }

    @Override
    public void event(String text) {
        out.printf("%s --- %s%n", stamp(), text);
    }
}
