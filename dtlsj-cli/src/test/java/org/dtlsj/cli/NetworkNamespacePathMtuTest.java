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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Path-MTU discovery over a real path: two network namespaces made for this test, joined by a
 * veth link whose MTU (1280) is smaller than what the client tries; the server runs in one, the
 * client in the other. Needs root and iproute2 (CI has both); elsewhere it is skipped, saying why.
 */
class NetworkNamespacePathMtuTest {
    static final int LINK_MTU = 1280;
    /** IPv4 (20) and UDP (8) headers come off the link MTU. */
    static final int UDP_PAYLOAD = LINK_MTU - 28;

    private final String a = "dtlsj-a-" + ProcessHandle.current().pid();
    private final String b = "dtlsj-b-" + ProcessHandle.current().pid();
    private final List<Process> processes = new ArrayList<>();
    private boolean made;

    static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException(String.join(" ", cmd) + ": " + out);
        return out;
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Process p : processes) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        if (made) {
            new ProcessBuilder("ip", "netns", "del", a).start().waitFor(10, TimeUnit.SECONDS);
            new ProcessBuilder("ip", "netns", "del", b).start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    Process dtlsj(String ns, BlockingQueue<String> lines, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        processes.add(p);
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        Thread.ofVirtual().start(() -> {
            try {
                for (String l; (l = r.readLine()) != null; ) lines.add(l);
            } catch (IOException ignored) {
                // ended
            }
        });
        return p;
    }

    static String await(BlockingQueue<String> q, String prefix) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < until) {
            String l = q.poll(200, TimeUnit.MILLISECONDS);
            if (l == null) continue;
            seen.add(l);
            if (l.startsWith(prefix)) return l;
        }
        throw new AssertionError("no line starting with " + prefix + " in " + seen);
    }

    @Test
    void probesFindTheVethMtu() throws Exception {
        try {
            run("ip", "netns", "add", a);
            made = true;
            run("ip", "netns", "add", b);
        } catch (Exception e) {
            Assumptions.abort("cannot make network namespaces here (needs root and iproute2): " + e.getMessage());
        }
        run("ip", "link", "add", "dtlsjva", "netns", a, "type", "veth", "peer", "name", "dtlsjvb", "netns", b);
        run("ip", "-n", a, "addr", "add", "10.213.7.1/30", "dev", "dtlsjva");
        run("ip", "-n", b, "addr", "add", "10.213.7.2/30", "dev", "dtlsjvb");
        run("ip", "-n", a, "link", "set", "dtlsjva", "mtu", String.valueOf(LINK_MTU), "up");
        run("ip", "-n", b, "link", "set", "dtlsjvb", "mtu", String.valueOf(LINK_MTU), "up");
        BlockingQueue<String> serverOut = new LinkedBlockingQueue<>();
        dtlsj(b, serverOut, "server", "--bind", "10.213.7.2", "--port", "0", "--echo", "--mtu", "1200");
        String ready = await(serverOut, "ready ");
        BlockingQueue<String> clientOut = new LinkedBlockingQueue<>();
        Process client = dtlsj(a, clientOut, "client", ready.substring(6), "--insecure", "--pmtu", "--pmtu-max", "1472",
                "--mtu", "1200");
        String found = await(clientOut, "pmtu=");
        int mtu = Integer.parseInt(found.substring(5));
        assertThat(mtu).as("the largest UDP payload through a %d-byte link is %d", LINK_MTU, UDP_PAYLOAD)
                .isBetween(UDP_PAYLOAD - 8, UDP_PAYLOAD);
        client.getOutputStream().close();
        assertThat(client.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
}
