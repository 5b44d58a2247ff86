package org.dtlsj.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.dtlsj.error.AlertDescription;
import org.dtlsj.error.Reason;
import org.dtlsj.handshake.server.CookieExchange;
import org.dtlsj.testkit.EnginePair;
import org.dtlsj.wire.WireWriter;
import org.junit.jupiter.api.Test;

/**
 * State-machine cases (S) of the security catalog that reordering, repeating or injecting
 * unprotected records can play, with the datagrams passed by hand ({@link HandDriven}).
 */
class StateMachineCatalogTest {
    static final int HEADER = 13;

    static List<byte[]> records(List<byte[]> datagrams) {
        List<byte[]> out = new ArrayList<>();
        for (byte[] d : datagrams) out.addAll(FragmentationCatalogTest.records(d));
        return out;
    }

    static int type(byte[] record) {
        return record[0] & 0xff;
    }

    static int epoch(byte[] record) {
        return FragmentationCatalogTest.epoch(record);
    }

    /** A plaintext epoch-0 handshake record holding one whole message of {@code type}. */
    static byte[] message(int type, int messageSeq, long recordSeq, byte[] body) {
        WireWriter hs = new WireWriter();
        hs.u8(type).u24(body.length).u16(messageSeq).u24(0).u24(body.length).bytes(body);
        return FragmentationCatalogTest.plainRecord(recordSeq, hs.toByteArray());
    }

    /** The client's flight 5 (ClientKeyExchange, ChangeCipherSpec, Finished) as records. */
    static List<byte[]> flight5(HandDriven h) {
        List<byte[]> recs = records(h.untilClientSecondFlight());
        assertThat(recs).extracting(StateMachineCatalogTest::type).containsExactly(22, 20, 22);
        return recs;
    }

    static void stillCarriesData(HandDriven h) {
        HandDriven.feed(h.client, HandDriven.drain(h.server), h.now);
        assertThat(h.client.isConnected()).isTrue();
        assertThat(h.server.isConnected()).isTrue();
        h.client.send("data".getBytes(StandardCharsets.UTF_8), h.now);
        HandDriven.feed(h.server, HandDriven.drain(h.client), h.now);
        assertThat(h.server.pollApplicationData()).isEqualTo("data".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void S05_S06_aFinishedBeforeItsChangeCipherSpecWaitsForIt() {
        HandDriven h = new HandDriven();
        List<byte[]> f5 = flight5(h);
        byte[] cke = f5.get(0);
        byte[] ccs = f5.get(1);
        byte[] fin = f5.get(2);
        h.server.receive(cke, h.now);
        h.server.receive(fin, h.now);
        // Without the ChangeCipherSpec, the Finished cannot complete anything.
        assertThat(h.server.isHandshaking()).isTrue();
        assertThat(HandDriven.drain(h.server)).isEmpty();
        h.server.receive(ccs, h.now);
        assertThat(h.server.isConnected()).isTrue();
        stillCarriesData(h);
    }

    @Test
    void S06_aChangeCipherSpecBeforeTheKeyExchangeIsRecoveredByTheRetransmission() {
        HandDriven h = new HandDriven();
        List<byte[]> f5 = flight5(h);
        h.server.receive(f5.get(1), h.now);          // CCS first
        h.server.receive(f5.get(0), h.now);          // then CKE
        h.server.receive(f5.get(2), h.now);          // then FIN
        if (!h.server.isConnected()) {
            // The client's timer resends its flight in order.
            h.now += EnginePair.configs(FragmentationCatalogTest.CRED)[0].initialRetransmit().toNanos();
            h.client.handleTimeout(h.now);
            HandDriven.feed(h.server, HandDriven.drain(h.client), h.now);
        }
        assertThat(h.server.isConnected()).as(h.server.stateDescription()).isTrue();
        stillCarriesData(h);
    }

    @Test
    void S07_aRepeatedChangeCipherSpecAdvancesTheEpochOnce() {
        HandDriven h = new HandDriven();
        List<byte[]> f5 = flight5(h);
        h.server.receive(f5.get(0), h.now);
        h.server.receive(f5.get(1), h.now);
        h.server.receive(f5.get(1), h.now);
        byte[] ccsAgain = f5.get(1).clone();
        ccsAgain[10] += 5; // a "new" record number for the same ChangeCipherSpec
        h.server.receive(ccsAgain, h.now);
        h.server.receive(f5.get(2), h.now);
        assertThat(h.server.isConnected()).as(h.server.stateDescription()).isTrue();
        // And after the handshake, an epoch-0 ChangeCipherSpec changes nothing.
        h.server.receive(ccsAgain, h.now);
        stillCarriesData(h);
    }

    @Test
    void S10_S18_aFinishedOrServerHelloDoneOutOfTurnIsUnexpectedNeverAnsweredWithAClientHello() {
        // S-18, client: a ServerHelloDone where the ServerHello belongs.
        HandDriven h = new HandDriven();
        HandDriven.drain(h.client);
        byte[] shd = message(14, 0, 1, new byte[0]);
        h.client.receive(shd, h.now);
        assertThat(HandDriven.drain(h.client)).as("not answered by replaying the ClientHello").isEmpty();
        assertThat(h.client.isHandshaking()).isTrue();
        // Unprotected: one copy is set aside; the same again is taken at its word.
        h.client.receive(shd, h.now);
        assertThat(h.client.status()).isEqualTo(DtlsConnection.Status.FAILED);
        assertThat(h.client.failure().reason()).isEqualTo(Reason.UNEXPECTED_MESSAGE);
        assertThat(h.client.failure().alertToSend()).isEqualTo(AlertDescription.UNEXPECTED_MESSAGE);

        // S-10, server: a Finished as the first message after the ClientHello.
        HandDriven s = new HandDriven();
        HandDriven.feed(s.server, HandDriven.drain(s.client), s.now);
        HandDriven.drain(s.server);
        byte[] fin = message(20, 1, 7, new byte[12]);
        s.server.receive(fin, s.now);
        s.server.receive(fin, s.now);
        assertThat(s.server.status()).isEqualTo(DtlsConnection.Status.FAILED);
        assertThat(s.server.failure().alertToSend()).isEqualTo(AlertDescription.UNEXPECTED_MESSAGE);
    }

    @Test
    void S12_aChangeCipherSpecFromANewPeerStartsNothing() {
        byte[] ccs = {20, (byte) 254, (byte) 253, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1};
        assertThat(CookieExchange.inspect(ccs, 0, ccs.length, FragmentationCatalogTest.ADDRESS,
                EnginePair.configs(FragmentationCatalogTest.CRED)[1], 0)).isInstanceOf(CookieExchange.Drop.class);
        // Right after the ClientHello, before any key exchange: ignored, and the handshake goes on.
        HandDriven h = new HandDriven();
        List<byte[]> ch = HandDriven.drain(h.client);
        HandDriven.feed(h.server, ch, h.now);
        h.server.receive(ccs, h.now);
        assertThat(h.server.isHandshaking()).isTrue();
        FragmentationCatalogTest.completes(h, List.of());
    }

    @Test
    void S15_S16_epochZeroHandshakeMessagesAfterTheHandshakeAreIgnored() {
        HandDriven h = new HandDriven();
        FragmentationCatalogTest.completes(h, HandDriven.drain(h.client));
        long sentBefore = h.client.stats().datagramsSent();
        // An unauthenticated HelloRequest (S-15), then a stale ServerHello and ServerHelloDone (S-16).
        h.client.receive(message(0, 0, 50, new byte[0]), h.now);
        h.client.receive(message(2, 1, 51, new byte[38]), h.now);
        h.client.receive(message(14, 4, 52, new byte[0]), h.now);
        assertThat(h.client.stats().datagramsSent()).as("no alert, no renegotiation").isEqualTo(sentBefore);
        assertThat(h.client.isConnected()).isTrue();
        stillCarriesData(h);
    }
}
