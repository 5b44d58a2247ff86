package org.dtlsj.engine;

import java.util.ArrayDeque;
import java.util.Queue;
import org.dtlsj.crypto.KeyingMaterialExporter;
import org.dtlsj.handshake.Flight;
import org.dtlsj.handshake.HandshakeContext;

/**
 * The RFC 6083 side of a {@link DtlsConnection} over SCTP: turns the engine's records into
 * {@link SctpOutput}s (one record per user message, stream 0 and ordered for everything but
 * application data, §4.1, §4.4), and adds the SCTP-AUTH key schedule of §4.8 and the sender-dry
 * waits of §4.7 and §4.9 at the points the RFC names.
 *
 * <p>Keys: shared key 0 (empty) protects the first handshake. Once a handshake knows its master
 * secret, 64 bytes exported with {@value #EXPORTER_LABEL} and no context become key
 * {@code id + 1} (65535 wraps to 1) — added at once, so the peer's Finished, which it sends
 * under that key, is accepted; made active just before our own Finished; and the old key is
 * deleted when the handshake completes, the peer's Finished having arrived.
 */
final class SctpLink {
    /** RFC 6083 §5: the exporter label for the endpoint-pair shared secret. */
    static final String EXPORTER_LABEL = "EXPORTER_DTLS_OVER_SCTP";
    /** RFC 6083 §4.8: a 64-byte shared secret. */
    static final int KEY_LENGTH = 64;

    private final int ppid;
    private final ArrayDeque<SctpOutput> items = new ArrayDeque<>();
    /** The key that authenticates what we send now; 0, the empty key, before the first handshake. */
    private int activeKey;
    /** The key this handshake added, or -1. */
    private int newKey = -1;
    /** The key active when this handshake began. */
    private int startKey;

    SctpLink(int ppid) {
        this.ppid = ppid;
    }

    static int nextKeyId(int id) {
        return id == 65535 ? 1 : id + 1;
    }

    /** Records the engine queued so far go out as stream-0 ordered messages, in order. */
    void drain(Queue<byte[]> outbound) {
        for (byte[] r; (r = outbound.poll()) != null; ) {
            items.add(new SctpOutput.Message(r, org.dtlsj.sctp.SctpSndInfo.ordered(0, ppid), org.dtlsj.sctp.SctpPrInfo.RELIABLE));
        }
    }

    /** An application data record with where it goes. */
    void application(Queue<byte[]> outbound, byte[] record, org.dtlsj.sctp.SctpSndInfo info, org.dtlsj.sctp.SctpPrInfo pr) {
        drain(outbound);
        items.add(new SctpOutput.Message(record, info, pr));
    }

    /** Before a flight item is written: a sender-dry wait before ChangeCipherSpec (§4.7), the key switch before Finished (§4.8). */
    void beforeItem(Flight.Item item, Queue<byte[]> outbound) {
        if (item instanceof Flight.ChangeCipherSpec) {
            drain(outbound);
            items.add(new SctpOutput.AwaitSenderDry());
        } else if (item instanceof Flight.Message m && m.type().equals(org.dtlsj.wire.HandshakeType.FINISHED) && newKey > 0
                && activeKey != newKey) {
            drain(outbound);
            items.add(new SctpOutput.ActivateAuthKey(newKey));
            activeKey = newKey;
        }
    }

    /** After a handshake message: once the master secret is known, the next key is added (§4.8). */
    void afterMessage(HandshakeContext cx, Queue<byte[]> outbound) {
        if (cx == null || cx.masterSecret == null || newKey > 0) return;
        byte[] secret = new KeyingMaterialExporter(cx.prf(), cx.masterSecret, cx.clientRandom, cx.serverRandom)
                .export(EXPORTER_LABEL, null, KEY_LENGTH);
        newKey = nextKeyId(activeKey);
        drain(outbound);
        items.add(new SctpOutput.AddAuthKey(newKey, secret));
    }

    /** A new handshake (a renegotiation) begins: its key comes after the current one. */
    void beginHandshake() {
        newKey = -1;
        startKey = activeKey;
    }

    /** The handshake completed: the peer's Finished arrived, the old key goes (§4.8 SHOULD). */
    void completed(Queue<byte[]> outbound) {
        drain(outbound);
        if (startKey != activeKey) items.add(new SctpOutput.DeleteAuthKey(startKey));
        newKey = -1;
        startKey = activeKey;
    }

    /** Before close_notify (§4.9). */
    void awaitDry(Queue<byte[]> outbound) {
        drain(outbound);
        items.add(new SctpOutput.AwaitSenderDry());
    }

    SctpOutput poll(Queue<byte[]> outbound) {
        drain(outbound);
        return items.poll();
    }
}
