package org.dtlsj.interop;

import static org.dtlsj.interop.OpenSslInteropTest.*;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.dtlsj.interop.peers.LossyRelay;
import org.dtlsj.wire.ContentType;
import org.dtlsj.wire.HandshakeType;

/** The openssl s_server and s_client processes and the wire tap that {@link OpenSslInteropTest} drives. */
final class OpenSslProcesses {
    private OpenSslProcesses() {
    }

    /**
     * An {@code openssl} process: standard output and error merged and collected line by line by a
     * reader thread, standard input kept open until {@link #closeStdin()}.
     */
    static final class OpenSslCli implements AutoCloseable {
        final String role;
        final List<String> command;
        final Process process;
        /** s_server's UDP port on 127.0.0.1; 0 for s_client. */
        volatile int port;
        private final OutputStream stdin;
        private final List<String> lines = new ArrayList<>(); // guarded by this
        private boolean ended; // guarded by this

        OpenSslCli(String role, List<String> args) throws IOException {
            this.role = role;
            List<String> cmd = new ArrayList<>();
            // openssl prints through stdio, which fully buffers a pipe: ask for unbuffered output.
            if (stdbuf != null) cmd.addAll(List.of(stdbuf, "-o0", "-e0"));
            cmd.add(openssl);
            cmd.addAll(args);
            this.command = List.copyOf(cmd);
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            this.process = pb.start();
            this.stdin = process.getOutputStream();
            Thread reader = new Thread(this::readOutput, "openssl-" + role + "-stdout");
            reader.setDaemon(true);
            reader.start();
        }

        private void readOutput() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.ISO_8859_1))) {
                for (String l; (l = r.readLine()) != null; ) {
                    synchronized (this) {
                        lines.add(l);
                        notifyAll();
                    }
                }
            } catch (IOException ignored) {
                // the process ended or was destroyed
            } finally {
                synchronized (this) {
                    ended = true;
                    notifyAll();
                }
            }
        }

        /** Waits (at most {@link #WAIT}) until some output line, from the start, matches; returns it. */
        String await(String what, Predicate<String> p) throws InterruptedException {
            return await(what, p, false);
        }

        /** As {@link #await(String, Predicate)}; with {@code nullAtExit}, returns null if the process ends first. */
        synchronized String await(String what, Predicate<String> p, boolean nullAtExit) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            int i = 0;
            while (true) {
                for (; i < lines.size(); i++) {
                    if (p.test(lines.get(i))) return lines.get(i);
                }
                if (ended && nullAtExit) return null;
                if (ended) throw new AssertionError("openssl " + role + " ended (" + exitStatus() + ") without printing " + what + "\n" + transcript());
                long left = deadline - System.nanoTime();
                if (left <= 0) throw new AssertionError("openssl " + role + " did not print " + what + " within " + WAIT + "\n" + transcript());
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }

        InetSocketAddress address() {
            return new InetSocketAddress("127.0.0.1", port);
        }

        private String exitStatus() {
            return process.isAlive() ? "still running" : "exit status " + process.exitValue();
        }

        synchronized List<String> lines() {
            return List.copyOf(lines);
        }

        synchronized String transcript() {
            return "---- " + String.join(" ", command) + " (" + exitStatus() + ")\n" + String.join("\n", lines) + "\n----";
        }

        void write(String text) throws IOException {
            stdin.write(text.getBytes(StandardCharsets.US_ASCII));
            stdin.flush();
        }

        void closeStdin() throws IOException {
            stdin.close();
        }

        int awaitExit() throws InterruptedException {
            if (!process.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("openssl " + role + " did not exit within " + WAIT + "\n" + transcript());
            }
            return process.exitValue();
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A pass-through {@link LossyRelay} policy that keeps every datagram for inspection. */
    static final class WireTap implements LossyRelay.DropPolicy {
        record Datagram(LossyRelay.Direction direction, byte[] bytes) {
        }

        /** One plaintext (epoch 0) handshake fragment header (RFC 6347 §4.2.2). */
        record Fragment(LossyRelay.Direction direction, long recordSeq, int msgType, int length, int messageSeq, int offset,
                        int fragmentLength, byte[] body) {
        }

        final List<Datagram> datagrams = new CopyOnWriteArrayList<>();

        @Override
        public boolean drop(LossyRelay.Direction direction, int index, byte[] datagram) {
            datagrams.add(new Datagram(direction, datagram.clone()));
            return false;
        }

        void assertAllDatagramsAtMost(int mtu) {
            assertThat(datagrams).as("datagrams seen by the relay").isNotEmpty();
            for (Datagram d : datagrams) {
                assertThat(d.bytes.length).as("a %s datagram's size; all sizes: %s", d.direction, sizes()).isLessThanOrEqualTo(mtu);
            }
        }

        /** Every record header, per datagram: type/epoch/sequence, for failure messages. */
        String records() {
            StringBuilder sb = new StringBuilder();
            for (Datagram d : datagrams) {
                sb.append(d.direction == LossyRelay.Direction.CLIENT_TO_SERVER ? "\n  c>s" : "\n  s>c");
                byte[] b = d.bytes;
                for (int p = 0; p + 13 <= b.length; p += 13 + u16(b, p + 11)) {
                    long seq = (long) u16(b, p + 5) << 32 | (long) u16(b, p + 7) << 16 | u16(b, p + 9);
                    sb.append(" [").append(new ContentType(b[p] & 0xff))
                            .append(" epoch ").append(u16(b, p + 3)).append(" seq ").append(seq);
                    if (b[p] == 22 && u16(b, p + 3) == 0 && p + 13 < b.length) sb.append(" ").append(new HandshakeType(b[p + 13] & 0xff));
                    sb.append("]");
                }
            }
            return sb.toString();
        }

        String sizes() {
            StringBuilder sb = new StringBuilder();
            for (Datagram d : datagrams) sb.append(d.direction == LossyRelay.Direction.CLIENT_TO_SERVER ? " c>" : " s>").append(d.bytes.length);
            return sb.toString();
        }

        /** The message of {@code type} went {@code direction} in two or more fragments that cover it. */
        void assertFragmented(LossyRelay.Direction direction, HandshakeType type, int mtu) {
            List<Fragment> frags = new ArrayList<>();
            for (Datagram d : datagrams) {
                if (d.direction != direction) continue;
                for (Fragment f : fragments(d)) if (f.msgType == type.value()) frags.add(f);
            }
            assertThat(frags).as("%s fragments going %s; datagram sizes:%s", type, direction, sizes()).isNotEmpty();
            int length = frags.get(0).length;
            assertThat(length).as("%s length", type).isGreaterThan(mtu);
            boolean[] covered = new boolean[length];
            java.util.Set<Integer> offsets = new java.util.HashSet<>();
            for (Fragment f : frags) {
                assertThat(f.length).isEqualTo(length);
                assertThat(f.offset + f.fragmentLength).isLessThanOrEqualTo(length);
                for (int i = f.offset; i < f.offset + f.fragmentLength; i++) covered[i] = true;
                offsets.add(f.offset);
            }
            assertThat(offsets).as("distinct fragment offsets of the %s message (%s bytes)", type, length).hasSizeGreaterThanOrEqualTo(2);
            for (int i = 0; i < length; i++) {
                if (!covered[i]) fail("byte " + i + " of the " + type + " message was in no fragment: " + frags);
            }
        }

        /** The whole (unfragmented) plaintext handshake messages of {@code type} that went {@code direction}. */
        List<Fragment> messages(LossyRelay.Direction direction, HandshakeType type) {
            List<Fragment> out = new ArrayList<>();
            for (Datagram d : datagrams) {
                if (d.direction != direction) continue;
                for (Fragment f : fragments(d)) {
                    if (f.msgType == type.value() && f.offset == 0 && f.fragmentLength == f.length) out.add(f);
                }
            }
            return out;
        }

        /** ClientHello: client_version (2), random (32), session_id<0..32>, cookie<0..2^8-1>, ... */
        static byte[] clientHelloCookie(byte[] body) {
            int p = 2 + 32;
            p += 1 + (body[p] & 0xff);
            return java.util.Arrays.copyOfRange(body, p + 1, p + 1 + (body[p] & 0xff));
        }

        static List<Fragment> fragments(Datagram d) {
            byte[] b = d.bytes;
            List<Fragment> out = new ArrayList<>();
            int p = 0;
            while (p + 13 <= b.length) {
                int type = b[p] & 0xff;
                int epoch = u16(b, p + 3);
                int len = u16(b, p + 11);
                int body = p + 13;
                if (body + len > b.length) break;
                if (type == ContentType.HANDSHAKE.value() && epoch == 0) {
                    int q = body;
                    while (q + 12 <= body + len) {
                        int fl = u24(b, q + 9);
                        if (q + 12 + fl > body + len) break;
                        long seq = (long) u16(b, p + 5) << 32 | (long) u16(b, p + 7) << 16 | u16(b, p + 9);
                        out.add(new Fragment(d.direction, seq, b[q] & 0xff, u24(b, q + 1), u16(b, q + 4), u24(b, q + 6), fl,
                                java.util.Arrays.copyOfRange(b, q + 12, q + 12 + fl)));
                        q += 12 + fl;
                    }
                }
                p = body + len;
            }
            return out;
        }

        static int u16(byte[] b, int p) {
            return (b[p] & 0xff) << 8 | (b[p + 1] & 0xff);
        }

        static int u24(byte[] b, int p) {
            return (b[p] & 0xff) << 16 | (b[p + 1] & 0xff) << 8 | (b[p + 2] & 0xff);
        }
    }
}
