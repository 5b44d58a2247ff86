package org.dtlsj.bench.loopback;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.dtlsj.bench.loopback.Stack.Connection;
import org.dtlsj.bench.loopback.Stack.EchoServer;
import org.dtlsj.bench.loopback.Stack.Setup;
import org.dtlsj.testkit.TestPki;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bench harness with tiny counts, over real loopback sockets: every side completes a
 * handshake with its own server and echoes intact, also through the connection it holds idle,
 * and a whole smoke run produces every figure for every implementation, a table and a chart.
 */
class LoopbackBenchSmokeTest {
    static final TestPki.Credential CREDENTIAL = TestPki.ecdsaP256();

    static Stream<Arguments> sides() {
        return Stream.of(
                side(new DtlsjStack("dtlsj"), "secp256r1"),
                side(new DtlsjStack("dtlsj"), "x25519"),
                side(new DtlsjStack(Results.DTLSJ_BC, new org.bouncycastle.jce.provider.BouncyCastleProvider(), 1), "secp256r1"),
                side(new DtlsjStack(Results.DTLSJ_2_LOOPS, null, 2), "secp256r1"),
                side(new JsseStack(), "secp256r1"),
                side(new BcStack(), "secp256r1"),
                side(new ScandiumStack(), "secp256r1"),
                side(new PlainUdpStack(), "secp256r1"));
    }

    static Arguments side(Stack stack, String group) {
        return Arguments.of(Named.of(stack.name(), stack), group);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("sides")
    void handshakeAndEchoWithItself(Stack stack, String group) throws Exception {
        Setup setup = new Setup(CREDENTIAL, group, Setup.DEFAULT_MTU);
        byte[] buf = new byte[65_536];
        try (EchoServer server = stack.startServer(setup)) {
            for (int size : LoopbackBench.SIZES) {
                try (Connection c = stack.connect(server.address(), setup)) {
                    byte[] payload = new byte[size];
                    new SplittableRandom(size).nextBytes(payload);
                    c.send(payload, size);
                    int n = c.receive(buf, 10_000);
                    assertThat(n).as(stack.name() + " echo of " + size + " bytes").isEqualTo(size);
                    assertThat(Arrays.copyOf(buf, n)).isEqualTo(payload);
                }
            }
            Connection held = stack.connectToHold(server.address(), setup, Measure.heldAddress(0));
            byte[] probe = {7, 8, 9};
            held.send(probe, probe.length);
            int n = held.receive(buf, 10_000);
            assertThat(Arrays.copyOf(buf, Math.max(n, 0))).as(stack.name() + " echo through a held connection").isEqualTo(probe);
            held.abandon();
        }
    }

    @Test
    void smokeRunFillsEveryFigureAndDrawsTheChart(@TempDir Path dir) throws Exception {
        List<Stack> stacks = LoopbackBench.select(List.of("jsse", "bc", "scandium"));
        Results res = new LoopbackBench(LoopbackBench.SMOKE, stacks).run();
        assertThat(res.problems).isEmpty();
        for (String key : List.of("hs-seq", "hs-conc", "echo-mb-100", "echo-dg-1000", "echo-mb-1400", "idle")) {
            Results.Row row = res.rows.get(key);
            assertThat(row).as(key).isNotNull();
            for (Stack s : stacks) {
                assertThat(row.get(s.name())).as(key + " of " + s.name()).isNotNull().isPositive();
            }
        }
        for (String variant : List.of(Results.DTLSJ_X25519, Results.DTLSJ_BC, Results.DTLSJ_2_LOOPS)) {
            assertThat(res.rows.get("hs-seq").get(variant)).as(variant).isPositive();
            assertThat(res.rows.get("hs-conc").get(variant)).as(variant).isPositive();
        }
        assertThat(res.rows.get("echo-mb-1000").ceiling).as("plain UDP ceiling").isPositive();
        assertThat(res.rows.get("hs-seq").ceiling).as("JCA floor").isPositive();
        Path svg = dir.resolve("chart.svg");
        Report.writeSvg(res, svg, "smoke");
        String text = Files.readString(svg);
        assertThat(text).startsWith("<svg").contains("SunJSSE", "BouncyCastle", "Scandium", "dtlsj x25519", "plain UDP");
        java.io.ByteArrayOutputStream table = new java.io.ByteArrayOutputStream();
        Report.printTable(res, new java.io.PrintStream(table, true, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(table.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("sequential handshakes/s", "dtlsj/best", "JCA floor");
        assertThat(res.notes).anyMatch(n -> n.startsWith("dtlsj with the BC JCA provider"))
                .anyMatch(n -> n.startsWith("server capacity with SO_REUSEPORT"))
                .anyMatch(n -> n.startsWith("1 KB echo bound"));
    }

    @Test
    void aPartRunsInAJvmOfItsOwnAndItsFiguresComeBack() {
        Results res = new Results();
        Parts.runForked(LoopbackBench.UDP, LoopbackBench.SMOKE, res);
        assertThat(res.problems).isEmpty();
        for (int size : LoopbackBench.SIZES) {
            assertThat(res.udp.get("echo-mb-" + size)).as("plain UDP at " + size).isPositive();
            assertThat(res.udp.get("echo-dg-" + size)).as("plain UDP at " + size).isPositive();
        }
    }

    @Test
    void figuresCrossBetweenJvmsIntact() {
        Results out = new Results();
        out.put("hs-seq", "sequential handshakes/s", false, "dtlsj x25519", 611.25);
        out.put("idle", "heap bytes per idle connection", true, "dtlsj", 1934.5);
        out.udp.put("echo-mb-1000", 355.5);
        out.notes.add("a note, with commas");
        out.problems.add("a problem");
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        Parts.write(out, new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
        Results in = new Results();
        for (String line : bytes.toString(java.nio.charset.StandardCharsets.UTF_8).split("\n")) assertThat(Parts.read(line, in)).isTrue();
        assertThat(Parts.read("progress line", in)).isFalse();
        assertThat(in.rows.get("hs-seq").get("dtlsj x25519")).isEqualTo(611.25);
        assertThat(in.rows.get("idle").lowerIsBetter).isTrue();
        assertThat(in.rows.get("idle").label).isEqualTo("heap bytes per idle connection");
        assertThat(in.udp).containsEntry("echo-mb-1000", 355.5);
        assertThat(in.notes).containsExactly("a note, with commas");
        assertThat(in.problems).containsExactly("a problem");
    }

    @Test
    void millionModeHoldsEveryConnection() throws Exception {
        MillionIdle.Outcome o = MillionIdle.measure(200, 0);
        assertThat(o.held()).isEqualTo(200);
        assertThat(o.failed()).isZero();
        assertThat(o.bytesPerConnection()).isPositive();
    }
}
