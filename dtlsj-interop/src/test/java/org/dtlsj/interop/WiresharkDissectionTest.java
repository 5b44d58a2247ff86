package org.dtlsj.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.testkit.Direction;
import org.dtlsj.testkit.EnginePair;
import org.dtlsj.testkit.Fate;
import org.dtlsj.testkit.LinkConditions;
import org.dtlsj.testkit.SimNetwork;
import org.dtlsj.testkit.TestPki;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What dtlsj puts on the wire, read by Wireshark's DTLS dissector ({@code tshark}): every message
 * recognised, nothing malformed, and the application data decrypted with dtlsj's NSS key log.
 */
class WiresharkDissectionTest {
    static final int CLIENT_PORT = 50_000;
    static final int SERVER_PORT = 4433;

    record Packet(long nanos, boolean toServer, byte[] payload) {
    }

    /** pcap with LINKTYPE_RAW (IPv4 packets), addresses 127.0.0.1 and 127.0.0.2. */
    static byte[] pcap(List<Packet> packets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer gh = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        gh.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(101);
        out.writeBytes(gh.array());
        for (Packet p : packets) {
            int len = 20 + 8 + p.payload.length;
            ByteBuffer ip = ByteBuffer.allocate(len);
            ip.put((byte) 0x45).put((byte) 0).putShort((short) len).putShort((short) 0).putShort((short) 0x4000)
                    .put((byte) 64).put((byte) 17).putShort((short) 0);
            byte[] a = {127, 0, 0, 1};
            byte[] b = {127, 0, 0, 2};
            ip.put(p.toServer ? a : b).put(p.toServer ? b : a);
            int sum = 0;
            for (int i = 0; i < 20; i += 2) sum += ((ip.get(i) & 0xff) << 8) | (ip.get(i + 1) & 0xff);
            while ((sum >> 16) != 0) sum = (sum & 0xffff) + (sum >> 16);
            ip.putShort(10, (short) ~sum);
            ip.putShort((short) (p.toServer ? CLIENT_PORT : SERVER_PORT)).putShort((short) (p.toServer ? SERVER_PORT : CLIENT_PORT))
                    .putShort((short) (8 + p.payload.length)).putShort((short) 0).put(p.payload);
            ByteBuffer rh = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            rh.putInt((int) (p.nanos / 1_000_000_000L)).putInt((int) (p.nanos % 1_000_000_000L / 1000)).putInt(len).putInt(len);
            out.writeBytes(rh.array());
            out.writeBytes(ip.array());
        }
        return out.toByteArray();
    }

    String dissect(DtlsConfig client, DtlsConfig server, LinkConditions link, Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/tshark")), "tshark is not installed (CI installs it)");
        List<String> keys = new ArrayList<>();
        EnginePair p = new EnginePair(client.toBuilder().keyLog(keys::add).build(), server, link, link, 11);
        List<Packet> packets = new ArrayList<>();
        p.net.setListener(new SimNetwork.Listener() {
            @Override
            public void onDeliver(Direction dir, long now, byte[] datagram) {
                packets.add(new Packet(now, dir == Direction.A_TO_B, datagram.clone()));
            }
        });
        assertThat(p.handshake(EnginePair.DEFAULT_BUDGET_NANOS)).as(p.describe()).isTrue();
        p.client.connection().send("wireshark can read this".getBytes(StandardCharsets.UTF_8), p.net.now());
        p.net.runUntil(() -> !p.client.received().isEmpty(), 5_000_000_000L);
        p.client.connection().close(p.net.now());
        p.net.runUntil(() -> false, 1_000_000_000L);
        Path cap = dir.resolve("dtlsj.pcap");
        Path keylog = dir.resolve("keys.log");
        Files.write(cap, pcap(packets));
        Files.write(keylog, keys);
        Process t = new ProcessBuilder("tshark", "-r", cap.toString(), "-o", "tls.keylog_file:" + keylog,
                "-d", "udp.port==" + SERVER_PORT + ",dtls", "-V", "-x").redirectErrorStream(true).start();
        String out = new String(t.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(t.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(t.exitValue()).as(out).isZero();
        Files.writeString(Path.of(System.getProperty("java.io.tmpdir"), "dtlsj-tshark-last.txt"), out);
        return out;
    }

    static void assertReadable(String out) {
        assertThat(out).doesNotContain("Malformed").doesNotContain("[Expert Info (Error");
        for (String m : List.of("Client Hello", "Hello Verify Request", "Server Hello", "Certificate", "Server Key Exchange",
                "Server Hello Done", "Client Key Exchange", "Change Cipher Spec", "Finished", "Application Data",
                "extended_master_secret", "Alert")) {
            assertThat(out).as("tshark shows " + m).contains(m);
        }
        // Decrypted with our key log: the plaintext appears in the decrypted-data dump.
        assertThat(out).contains("Decrypted DTLS").contains("wireshark can ");
    }

    @Test
    void ecdsaHandshakeAndDataAreReadableAndDecrypted(@TempDir Path dir) throws Exception {
        TestPki.Credential c = TestPki.ecdsaP256();
        DtlsConfig[] cfg = EnginePair.configs(c);
        assertReadable(dissect(cfg[0], cfg[1], LinkConditions.perfect(), dir));
    }

    @Test
    void fragmentedRsaFlightsAreReassembled(@TempDir Path dir) throws Exception {
        TestPki.Credential rsa = TestPki.rsaChain2048();
        DtlsConfig server = DtlsConfig.builder().credentials(rsa.key(), rsa.chain()).mtu(300).build();
        DtlsConfig client = DtlsConfig.builder().trustAnchors(List.of(rsa.root())).mtu(300)
                .cipherSuites(List.of(org.dtlsj.config.CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384)).build();
        String out = dissect(client, server, LinkConditions.perfect(), dir);
        assertReadable(out);
        assertThat(out).contains("Reassembled DTLS");
    }
}
