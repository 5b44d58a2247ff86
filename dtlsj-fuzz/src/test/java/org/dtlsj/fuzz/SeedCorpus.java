package org.dtlsj.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dtlsj.config.ClientAuth;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.engine.DtlsConnection;
import org.dtlsj.testkit.TestPki;
import org.dtlsj.wire.Alert;
import org.dtlsj.wire.DecodeException;
import org.dtlsj.wire.RecordHeader;
import org.dtlsj.wire.WireReader;
import org.dtlsj.wire.WireWriter;
import org.dtlsj.wire.handshake.ClientHello;
import org.dtlsj.wire.handshake.HandshakeHeader;
import org.dtlsj.wire.handshake.ServerHello;
import org.dtlsj.wire.heartbeat.HeartbeatMessage;
import org.dtlsj.wire.heartbeat.HeartbeatMode;

/**
 * Seeds for the per-decoder fuzz targets, cut from a real handshake between two dtlsj engines
 * (mutual authentication, heartbeats on, so that every message and extension appears): each
 * handshake message body for its decoder, record and handshake headers, the hello extension
 * blocks, an alert, a heartbeat, and the Certificate message as fragments for the reassembler.
 * {@code main} writes them where Jazzer and {@link CorpusReplayTest} find them.
 */
final class SeedCorpus {
    private SeedCorpus() {
    }

    /** Target method name to seeds. */
    static Map<String, List<byte[]>> fromRealHandshake() throws DecodeException {
        TestPki.Credential server = TestPki.ecdsaP256();
        TestPki.Credential client = TestPki.ecdsaP256();
        DtlsConfig sc = DtlsConfig.builder().credentials(server.key(), server.chain()).trustAnchors(List.of(client.root()))
                .clientAuth(ClientAuth.NEED).cookieExchange(false).heartbeat(HeartbeatMode.PEER_ALLOWED_TO_SEND).build();
        DtlsConfig cc = DtlsConfig.builder().credentials(client.key(), client.chain()).trustAnchors(List.of(server.root()))
                .heartbeat(HeartbeatMode.PEER_ALLOWED_TO_SEND).build();
        DtlsConnection c = DtlsConnection.client(cc, "localhost");
        DtlsConnection s = DtlsConnection.server(sc, new byte[] {127, 0, 0, 1, 1, 1});
        List<byte[]> wire = new ArrayList<>();
        c.start(0);
        for (int round = 0; round < 10 && !(c.isConnected() && s.isConnected()); round++) {
            for (byte[] d; (d = c.pollDatagram()) != null; ) {
                wire.add(d);
                s.receive(d, 0);
            }
            for (byte[] d; (d = s.pollDatagram()) != null; ) {
                wire.add(d);
                c.receive(d, 0);
            }
        }
        if (!c.isConnected() || !s.isConnected()) throw new IllegalStateException("seed handshake did not complete");

        Map<String, List<byte[]>> seeds = new LinkedHashMap<>();
        for (byte[] d : wire) {
            WireReader r = new WireReader(d);
            while (!r.isEmpty()) {
                int start = r.position();
                RecordHeader h = RecordHeader.decode(r);
                add(seeds, "recordHeader", java.util.Arrays.copyOfRange(d, start, start + RecordHeader.LENGTH));
                WireReader body = r.sub(h.length());
                if (h.epoch() != 0 || h.type().value() != 22) continue;
                while (!body.isEmpty()) {
                    int hs = body.position();
                    HandshakeHeader hh = HandshakeHeader.decode(body);
                    byte[] message = body.bytes(hh.fragmentLength());
                    add(seeds, "handshakeHeader", java.util.Arrays.copyOfRange(d, hs, hs + HandshakeHeader.LENGTH));
                    String target = switch (hh.type().value()) {
                        case 1 -> "clientHello";
                        case 2 -> "serverHello";
                        case 3 -> "helloVerifyRequest";
                        case 11 -> "certificate";
                        case 12 -> "serverKeyExchange";
                        case 13 -> "certificateRequest";
                        case 15 -> "certificateVerify";
                        case 16 -> "clientKeyExchange";
                        default -> null;
                    };
                    if (target != null && hh.isWhole()) add(seeds, target, message);
                    if (hh.type().value() == 1) {
                        add(seeds, "extensions", WireWriter.encode(ClientHello.decode(new WireReader(message)).extensions()));
                    }
                    if (hh.type().value() == 2) {
                        add(seeds, "extensions", WireWriter.encode(ServerHello.decode(new WireReader(message)).extensions()));
                    }
                    if (hh.type().value() == 11) add(seeds, "reassemblesExactlyWhatWasAcceptedWithinItsBounds", fragments(hh, message));
                }
            }
        }
        add(seeds, "finished", new byte[12]);
        add(seeds, "alert", WireWriter.encode(Alert.warning(org.dtlsj.error.AlertDescription.CLOSE_NOTIFY)));
        add(seeds, "alert", WireWriter.encode(Alert.fatal(org.dtlsj.error.AlertDescription.DECRYPT_ERROR)));
        add(seeds, "heartbeat", WireWriter.encode(new HeartbeatMessage(HeartbeatMessage.REQUEST, new byte[] {1, 2, 3}, new byte[16])));
        add(seeds, "helloVerifyRequest", new byte[] {(byte) 254, (byte) 253, 4, 1, 2, 3, 4});
        return seeds;
    }

    /** The message cut into three overlapping fragments, out of order. */
    static byte[] fragments(HandshakeHeader whole, byte[] body) {
        int n = body.length;
        int a = n / 3;
        int b = 2 * n / 3;
        WireWriter w = new WireWriter();
        int[][] cuts = {{b, n}, {0, b}, {a, b + 1 > n ? n : b + 1}};
        for (int[] cut : cuts) {
            new HandshakeHeader(whole.type(), n, 0, cut[0], cut[1] - cut[0]).encode(w);
            w.bytes(body, cut[0], cut[1] - cut[0]);
        }
        return w.toByteArray();
    }

    private static void add(Map<String, List<byte[]>> seeds, String target, byte[] seed) {
        seeds.computeIfAbsent(target, k -> new ArrayList<>()).add(seed);
    }

    /** Writes the seeds under {@code args[0]} (the fuzz module's test resources). */
    public static void main(String[] args) throws Exception {
        Path base = Path.of(args[0]);
        for (var e : fromRealHandshake().entrySet()) {
            String cls = e.getKey().startsWith("reassembles") ? "ReassemblerFuzzTestInputs" : "WireCodecFuzzTestInputs";
            Path dir = base.resolve(cls).resolve(e.getKey());
            Files.createDirectories(dir);
            int i = 0;
            for (byte[] seed : e.getValue()) write(dir.resolve("real-" + i++), seed);
        }
    }

    private static void write(Path p, byte[] b) throws IOException {
        Files.write(p, b);
    }
}
