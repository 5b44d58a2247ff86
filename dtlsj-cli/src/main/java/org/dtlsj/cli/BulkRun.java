package org.dtlsj.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.SplittableRandom;
import org.dtlsj.api.DtlsClient;
import org.dtlsj.api.DtlsSession;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.error.DtlsException;

/**
 * {@code dtlsj client HOST:PORT --bulk SECONDS --size BYTES --window N}: echo throughput against
 * any echoing DTLS server (dtlsj, OpenSSL, another stack). Datagrams of {@code size} bytes go out
 * as long as fewer than {@code window} are un-echoed; an echo of the same size brings one back
 * into the window. When nothing comes back for {@link #LOSS_WAIT}, the outstanding datagrams are
 * counted as lost and the window opens again. Prints one line:
 * {@code bulk mb_per_s=X dgrams_per_s=Y lost=Z} (payload bytes echoed, in 10^6 bytes per second).
 */
final class BulkRun {
    /** Silence after which the datagrams still out are given up as lost. */
    static final Duration LOSS_WAIT = Duration.ofMillis(200);

    private BulkRun() {
    }

    /** Connects, runs for {@code seconds}, prints the result line; the exit code. */
    static int run(InetSocketAddress server, DtlsConfig config, String serverName, double seconds, int size, int window,
                   PrintStream out, PrintStream err) throws InterruptedException {
        if (size < 1 || window < 1 || seconds <= 0) {
            err.println("dtlsj client: --bulk wants SECONDS > 0, --size >= 1 and --window >= 1");
            return 2;
        }
        try (DtlsSession session = DtlsClient.connect(server, config, serverName)) {
            if (size > session.maxRecordSize()) {
                err.println("dtlsj client: --size " + size + " exceeds the largest record the server takes (" + session.maxRecordSize() + ")");
                return 2;
            }
            ClientCommand.printConnected(session, err);
            byte[] payload = new byte[size];
            new SplittableRandom(size).nextBytes(payload);
            int outstanding = 0;
            long echoed = 0;
            long lost = 0;
            long t0 = System.nanoTime();
            long end = t0 + (long) (seconds * 1e9);
            while (System.nanoTime() < end) {
                while (outstanding < window) {
                    session.send(payload);
                    outstanding++;
                }
                byte[] d = session.receive(LOSS_WAIT);
                if (d == null) {
                    lost += outstanding;
                    outstanding = 0;
                } else if (d.length == size) {
                    if (outstanding > 0) outstanding--;
                    echoed++;
                }
            }
            double elapsed = (System.nanoTime() - t0) / 1e9;
            out.printf(Locale.ROOT, "bulk mb_per_s=%.3f dgrams_per_s=%.1f lost=%d%n", echoed * (double) size / elapsed / 1e6,
                    echoed / elapsed, lost);
            out.flush();
            if (echoed == 0) {
                err.println("dtlsj client: nothing came back; is the server echoing (dtlsj server --echo)?");
                return 1;
            }
            return 0;
        } catch (DtlsException e) {
            err.println("dtlsj client: handshake failed: " + ClientCommand.describe(e));
            return 1;
        } catch (IOException e) {
            err.println("dtlsj client: " + e.getMessage());
            return 1;
        }
    }
}
