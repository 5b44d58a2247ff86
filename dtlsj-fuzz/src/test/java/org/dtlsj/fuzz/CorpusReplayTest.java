package org.dtlsj.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every fuzz target, without the Jazzer agent, over its stored inputs (seeds and any finding
 * saved by {@code run-fuzz}) and over a fixed set of mutations of them: the part of fuzzing that
 * belongs in every build. The same oracles as under Jazzer apply.
 */
class CorpusReplayTest {
    /** Mutations per stored input; fixed seeds, so a failure here reproduces. */
    static final int MUTATIONS = 40;

    record Target(String name, String inputs, Consumer<byte[]> run) {
    }

    static final List<Target> TARGETS = List.of(
            new Target("established", "EngineFuzzTestInputs/establishedConnectionsSurviveAnyDatagram",
                    b -> new EngineFuzzTest().establishedConnectionsSurviveAnyDatagram(b)),
            new Target("server mid-handshake", "EngineFuzzTestInputs/aServerMidHandshakeNeverCompletesOnForgedInput",
                    b -> new EngineFuzzTest().aServerMidHandshakeNeverCompletesOnForgedInput(b)),
            new Target("client awaiting server", "EngineFuzzTestInputs/aClientAwaitingTheServerNeverCompletesOnForgedInput",
                    b -> new EngineFuzzTest().aClientAwaitingTheServerNeverCompletesOnForgedInput(b)),
            new Target("cookie check", "EngineFuzzTestInputs/theCookieCheckIsNeverPassedByForgedInput",
                    b -> new EngineFuzzTest().theCookieCheckIsNeverPassedByForgedInput(b)),
            new Target("wire codecs", "WireCodecFuzzTestInputs/decodeThenEncodeIsTheIdentity",
                    b -> new WireCodecFuzzTest().decodeThenEncodeIsTheIdentity(b)),
            codec("recordHeader", b -> new WireCodecFuzzTest().recordHeader(b)),
            codec("handshakeHeader", b -> new WireCodecFuzzTest().handshakeHeader(b)),
            codec("clientHello", b -> new WireCodecFuzzTest().clientHello(b)),
            codec("helloVerifyRequest", b -> new WireCodecFuzzTest().helloVerifyRequest(b)),
            codec("serverHello", b -> new WireCodecFuzzTest().serverHello(b)),
            codec("certificate", b -> new WireCodecFuzzTest().certificate(b)),
            codec("serverKeyExchange", b -> new WireCodecFuzzTest().serverKeyExchange(b)),
            codec("certificateRequest", b -> new WireCodecFuzzTest().certificateRequest(b)),
            codec("clientKeyExchange", b -> new WireCodecFuzzTest().clientKeyExchange(b)),
            codec("certificateVerify", b -> new WireCodecFuzzTest().certificateVerify(b)),
            codec("finished", b -> new WireCodecFuzzTest().finished(b)),
            codec("alert", b -> new WireCodecFuzzTest().alert(b)),
            codec("heartbeat", b -> new WireCodecFuzzTest().heartbeat(b)),
            codec("extensions", b -> new WireCodecFuzzTest().extensions(b)),
            new Target("reassembler", "ReassemblerFuzzTestInputs/reassemblesExactlyWhatWasAcceptedWithinItsBounds",
                    b -> new ReassemblerFuzzTest().reassemblesExactlyWhatWasAcceptedWithinItsBounds(b)));

    private static Target codec(String method, Consumer<byte[]> run) {
        return new Target(method, "WireCodecFuzzTestInputs/" + method, run);
    }

    static Stream<Arguments> inputs() throws IOException, URISyntaxException {
        List<Arguments> out = new ArrayList<>();
        Path base = Path.of(CorpusReplayTest.class.getResource("").toURI());
        for (Target t : TARGETS) {
            Path dir = base.resolve(t.inputs());
            if (!Files.isDirectory(dir)) throw new IllegalStateException("no stored inputs for " + t.name() + " in " + dir);
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.sorted().toList()) {
                    byte[] seed = Files.readAllBytes(f);
                    out.add(Arguments.of(t.name(), f.getFileName().toString(), seed));
                    Random r = new Random(f.getFileName().toString().hashCode());
                    for (int i = 0; i < MUTATIONS; i++) {
                        out.add(Arguments.of(t.name(), f.getFileName() + " mutation " + i, mutate(seed, r)));
                    }
                }
            }
        }
        return out.stream();
    }

    /** A few bit flips, byte overwrites, a truncation or a duplicated slice, like a fuzzer's first steps. */
    static byte[] mutate(byte[] seed, Random r) {
        byte[] b = seed.clone();
        if (b.length == 0) return new byte[] {(byte) r.nextInt(256)};
        switch (r.nextInt(4)) {
            case 0 -> {
                for (int k = 0; k < 1 + r.nextInt(4); k++) b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
            }
            case 1 -> {
                for (int k = 0; k < 1 + r.nextInt(4); k++) b[r.nextInt(b.length)] = (byte) r.nextInt(256);
            }
            case 2 -> b = java.util.Arrays.copyOf(b, r.nextInt(b.length));
            default -> {
                int from = r.nextInt(b.length);
                int len = Math.min(b.length - from, 1 + r.nextInt(64));
                byte[] longer = java.util.Arrays.copyOf(b, b.length + len);
                System.arraycopy(b, from, longer, b.length, len);
                b = longer;
            }
        }
        return b;
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("inputs")
    void replays(String target, String input, byte[] data) {
        for (Target t : TARGETS) {
            if (t.name().equals(target)) t.run().accept(data);
        }
    }
}
