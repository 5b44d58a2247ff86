package org.dtlsj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code dtlsj client --bulk} and {@code --groups} on both sides, as separate processes over loopback UDP. */
class BulkAndGroupsTest {
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() {
        for (Process p : processes) p.destroyForcibly();
    }

    /** A dtlsj process whose output lines are queued as they come. */
    final class Cli {
        final Process process;
        final BlockingQueue<String> out = new LinkedBlockingQueue<>();
        final BlockingQueue<String> err = new LinkedBlockingQueue<>();

        Cli(String... args) throws IOException {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName()));
            cmd.addAll(List.of(args));
            process = new ProcessBuilder(cmd).start();
            processes.add(process);
            pump(process.getInputStream(), out);
            pump(process.getErrorStream(), err);
        }

        private void pump(java.io.InputStream s, BlockingQueue<String> q) {
            BufferedReader r = new BufferedReader(new InputStreamReader(s, StandardCharsets.UTF_8));
            Thread.ofVirtual().start(() -> {
                try {
                    for (String l; (l = r.readLine()) != null; ) q.add(l);
                } catch (IOException ignored) {
                    // process ended
                }
            });
        }

        String expect(BlockingQueue<String> q, String prefix) throws InterruptedException {
            List<String> seen = new ArrayList<>();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            for (long left; (left = until - System.nanoTime()) > 0; ) {
                String l = q.poll(left, TimeUnit.NANOSECONDS);
                if (l == null) break;
                seen.add(l);
                if (l.startsWith(prefix)) return l;
            }
            throw new AssertionError("no line starting with '" + prefix + "'; saw " + seen + "; stderr " + err);
        }

        int exit() throws InterruptedException {
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("process ended").isTrue();
            return process.exitValue();
        }
    }

    int port(Cli server) throws InterruptedException {
        String ready = server.expect(server.out, "ready ");
        return Integer.parseInt(ready.substring(ready.lastIndexOf(':') + 1));
    }

    @Test
    void bulkEchoWithTheGroupsBothSidesChose() throws Exception {
        Cli server = new Cli("server", "--port", "0", "--echo", "--groups", "secp256r1");
        int port = port(server);
        Cli client = new Cli("client", "127.0.0.1:" + port, "--insecure", "--groups", "secp256r1",
                "--bulk", "1", "--size", "1400", "--window", "8");
        String line = client.expect(client.out, "bulk ");
        assertThat(line).matches("bulk mb_per_s=\\d+\\.\\d{3} dgrams_per_s=\\d+\\.\\d lost=\\d+");
        double dgrams = Double.parseDouble(line.replaceAll(".*dgrams_per_s=(\\S+).*", "$1"));
        assertThat(dgrams).as("datagrams echoed per second").isPositive();
        assertThat(client.exit()).isZero();
        assertThat(client.expect(client.err, "connected ")).endsWith(" secp256r1");
        assertThat(server.expect(server.err, "connected ")).contains(" secp256r1");
    }

    @Test
    void groupsWithNothingInCommonFailTheHandshake() throws Exception {
        Cli server = new Cli("server", "--port", "0", "--echo", "--groups", "x25519");
        int port = port(server);
        Cli client = new Cli("client", "127.0.0.1:" + port, "--insecure", "--groups", "secp384r1",
                "--bulk", "1", "--timeout", "5");
        assertThat(client.exit()).isEqualTo(1);
        assertThat(client.expect(client.err, "dtlsj client: handshake failed")).isNotEmpty();
    }

    @Test
    void unknownGroupIsAUsageError() throws Exception {
        Cli client = new Cli("client", "127.0.0.1:9", "--insecure", "--groups", "p-999", "--bulk", "1");
        assertThat(client.exit()).isEqualTo(2);
        assertThat(client.expect(client.err, "dtlsj client: unknown group")).contains("p-999");
    }
}
