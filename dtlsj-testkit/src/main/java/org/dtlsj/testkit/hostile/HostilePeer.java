package org.dtlsj.testkit.hostile;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dtlsj.config.CipherSuite;
import org.dtlsj.crypto.KeySchedule;
import org.dtlsj.handshake.HandshakeMessage;
import org.dtlsj.handshake.Transcript;
import org.dtlsj.record.AeadProtection;
import org.dtlsj.record.RecordProtection;
import org.dtlsj.wire.Alert;
import org.dtlsj.wire.ContentType;
import org.dtlsj.wire.DecodeException;
import org.dtlsj.wire.HandshakeType;
import org.dtlsj.wire.ProtocolVersion;
import org.dtlsj.wire.RecordHeader;
import org.dtlsj.wire.WireReader;
import org.dtlsj.wire.WireWriter;
import org.dtlsj.wire.handshake.HandshakeBody;
import org.dtlsj.wire.handshake.HandshakeHeader;

/**
 * A scripted DTLS 1.2 peer for the security catalog's state-machine cases: it holds real keys,
 * yet sends whatever records and handshake messages a test asks for, in any order and epoch
 * and with any field values, and reports everything it receives. It is built on dtlsj's own
 * codecs and key schedule but none of its state machine: nothing here checks that a sequence
 * makes sense, which is the point.
 *
 * <p>Each method that builds a message returns one record; {@link #datagram} packs records into
 * a datagram. Messages built with {@link #handshake(HandshakeBody)} get the next message_seq and
 * join the transcript; {@link #rawHandshake} does neither unless asked.
 */
public abstract class HostilePeer {
    /** The suite every script uses unless it changes it: ECDHE-ECDSA with AES-128-GCM. */
    public static final CipherSuite DEFAULT_SUITE = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;

    protected final SecureRandom random = new SecureRandom();
    public final Transcript transcript = new Transcript();
    protected CipherSuite suite = DEFAULT_SUITE;
    protected ProtocolVersion version = ProtocolVersion.DTLS_1_2;
    protected byte[] clientRandom;
    protected byte[] serverRandom;
    protected byte[] masterSecret;
    protected boolean extendedMasterSecret;
    private KeySchedule.TrafficKeys keys;

    private int writeEpoch;
    private final long[] writeSeq = new long[8];
    private int nextMessageSeq;
    private int nextReceiveSeq;
    private final Map<Integer, Partial> partial = new HashMap<>();

    /** What one call to {@link #receive} found, in arrival order per kind. */
    public static final class Received {
        public final List<HandshakeMessage> messages = new ArrayList<>();
        /** Messages with a message_seq already delivered: the peer's retransmissions. */
        public final List<HandshakeMessage> repeats = new ArrayList<>();
        public final List<Alert> alerts = new ArrayList<>();
        public final List<byte[]> applicationData = new ArrayList<>();
        public int changeCipherSpecs;
        /** Records of an epoch whose keys this peer does not hold, or that failed to open. */
        public int unreadable;

        public boolean has(HandshakeType type) {
            return messages.stream().anyMatch(m -> m.type().equals(type));
        }

        public HandshakeMessage first(HandshakeType type) {
            return messages.stream().filter(m -> m.type().equals(type)).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + type + " in " + messages));
        }

        public boolean hasAlert(int description) {
            return alerts.stream().anyMatch(a -> a.description().value() == description);
        }

        @Override
        public String toString() {
            return "messages=" + messages + " repeats=" + repeats + " alerts=" + alerts + " ccs=" + changeCipherSpecs
                    + " data=" + applicationData.size() + " unreadable=" + unreadable;
        }
    }

    private static final class Partial {
        final byte[] body;
        final boolean[] have;
        final HandshakeType type;

        Partial(HandshakeType type, int length) {
            this.type = type;
            body = new byte[length];
            have = new boolean[length];
        }

        boolean complete() {
            for (boolean b : have) if (!b) return false;
            return true;
        }
    }

    protected abstract boolean isClient();

    // ------------------------------------------------------------------ sending

    /** A handshake message with the next message_seq, added to the transcript, in the current epoch. */
    public byte[] handshake(HandshakeBody body) {
        return rawHandshake(body.type(), nextMessageSeq++, WireWriter.encode(body), true);
    }

    /** A handshake message with the given message_seq; in the transcript only if asked. */
    public byte[] rawHandshake(HandshakeType type, int messageSeq, byte[] body, boolean addToTranscript) {
        HandshakeMessage m = new HandshakeMessage(type, messageSeq, body);
        if (addToTranscript) transcript.add(m);
        sent.put(messageSeq, new Sent(m, writeEpoch));
        return record(ContentType.HANDSHAKE, m.transcriptBytes());
    }

    private record Sent(HandshakeMessage message, int epoch) {
    }

    private final Map<Integer, Sent> sent = new HashMap<>();

    /**
     * The message last sent with {@code messageSeq}, again, as a retransmission does it: same
     * bytes, same epoch, a new record sequence number (RFC 6347 §4.2.4).
     */
    public byte[] resend(int messageSeq) {
        Sent s = sent.get(messageSeq);
        if (s == null) throw new IllegalArgumentException("no message sent with message_seq " + messageSeq);
        return record(ContentType.HANDSHAKE, s.epoch, writeSeq[s.epoch]++, s.message.transcriptBytes(), s.epoch > 0);
    }

    /** A ChangeCipherSpec again in {@code epoch} (the one it was first sent in), with a new record number. */
    public byte[] resendChangeCipherSpec(int epoch) {
        return record(ContentType.CHANGE_CIPHER_SPEC, epoch, writeSeq[epoch]++, new byte[] {1}, epoch > 0);
    }

    /** Skips or reuses message_seq values: the next {@link #handshake} gets {@code seq}. */
    public void nextMessageSeq(int seq) {
        nextMessageSeq = seq;
    }

    public int nextMessageSeq() {
        return nextMessageSeq;
    }

    /** A record in the current write epoch, protected with its keys. */
    public byte[] record(ContentType type, byte[] fragment) {
        return record(type, writeEpoch, writeSeq[writeEpoch]++, fragment, writeEpoch > 0);
    }

    /** A record with any header; {@code protect} seals it with the epoch-1 keys of this side. */
    public byte[] record(ContentType type, int epoch, long seq, byte[] fragment, boolean protect) {
        byte[] payload = fragment;
        if (protect) {
            RecordProtection p = writeProtection();
            payload = new byte[fragment.length + p.expansion()];
            int n = p.seal(type, version, epoch, seq, fragment, 0, fragment.length, payload, 0);
            if (n != payload.length) payload = java.util.Arrays.copyOf(payload, n);
        }
        WireWriter w = new WireWriter(RecordHeader.LENGTH + payload.length);
        new RecordHeader(type, version, epoch, seq, payload.length).encode(w);
        w.bytes(payload);
        return w.toByteArray();
    }

    /** ChangeCipherSpec in the current epoch; every later record goes out in the next epoch. */
    public byte[] changeCipherSpec() {
        byte[] r = record(ContentType.CHANGE_CIPHER_SPEC, new byte[] {1});
        writeEpoch++;
        return r;
    }

    /** Sends the following records in {@code epoch}, without a ChangeCipherSpec. */
    public void writeEpoch(int epoch) {
        writeEpoch = epoch;
    }

    public int writeEpoch() {
        return writeEpoch;
    }

    /** This side's Finished over the transcript so far, added to the transcript. */
    public byte[] finished() {
        return handshake(new org.dtlsj.wire.handshake.Finished(ourVerifyData()));
    }

    /** A Finished with the given verify_data (not added to the transcript). */
    public byte[] finished(byte[] verifyData) {
        return rawHandshake(HandshakeType.FINISHED, nextMessageSeq++, verifyData, false);
    }

    public byte[] ourVerifyData() {
        return verifyData(isClient() ? KeySchedule.CLIENT_FINISHED : KeySchedule.SERVER_FINISHED);
    }

    public byte[] peerVerifyData() {
        return verifyData(isClient() ? KeySchedule.SERVER_FINISHED : KeySchedule.CLIENT_FINISHED);
    }

    private byte[] verifyData(String label) {
        return KeySchedule.verifyData(suite.prfHash, masterSecret, label, transcript.hash(suite.prfHash));
    }

    /** Null until the peer's Finished arrived; then whether it verified against the transcript. */
    public Boolean peerFinishedVerified;

    /** Checks the peer's Finished against the transcript, then adds it. */
    protected void acceptPeerFinished(HandshakeMessage fin) {
        peerFinishedVerified = hasKeys() && MessageDigest.isEqual(peerVerifyData(), fin.body());
        transcript.add(fin);
    }

    public byte[] alert(Alert alert) {
        return record(ContentType.ALERT, WireWriter.encode(alert));
    }

    public byte[] applicationData(byte[] data) {
        return record(ContentType.APPLICATION_DATA, data);
    }

    /** Records packed into one datagram, in order. */
    public static byte[] datagram(byte[]... records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] r : records) out.writeBytes(r);
        return out.toByteArray();
    }

    // ------------------------------------------------------------------ keys

    /** The master secret from the premaster, with the session hash of RFC 7627 §4 if negotiated. */
    protected void masterSecret(byte[] premaster) {
        masterSecret = extendedMasterSecret
                ? KeySchedule.extendedMasterSecret(suite.prfHash, premaster, transcript.hash(suite.prfHash))
                : KeySchedule.masterSecret(suite.prfHash, premaster, clientRandom, serverRandom);
        keys = KeySchedule.keyBlock(suite.prfHash, suite.cipher, masterSecret, clientRandom, serverRandom);
    }

    public boolean hasKeys() {
        return keys != null;
    }

    private RecordProtection writeProtection() {
        if (keys == null) throw new IllegalStateException("no keys yet: the key exchange has not happened");
        return isClient() ? new AeadProtection(suite.cipher, keys.clientKey(), keys.clientIv())
                : new AeadProtection(suite.cipher, keys.serverKey(), keys.serverIv());
    }

    private RecordProtection readProtection() {
        return isClient() ? new AeadProtection(suite.cipher, keys.serverKey(), keys.serverIv())
                : new AeadProtection(suite.cipher, keys.clientKey(), keys.clientIv());
    }

    // ------------------------------------------------------------------ receiving

    /** Parses datagrams from the peer: records of epoch 1 are opened once this side has keys. */
    public Received receive(List<byte[]> datagrams) {
        Received out = new Received();
        for (byte[] d : datagrams) {
            WireReader r = new WireReader(d);
            try {
                while (!r.isEmpty()) {
                    RecordHeader h = RecordHeader.decode(r);
                    byte[] payload = r.bytes(h.length());
                    byte[] plain = payload;
                    if (h.epoch() > 0) {
                        plain = open(h, payload);
                        if (plain == null) {
                            out.unreadable++;
                            continue;
                        }
                    }
                    onRecord(h.type(), plain, out);
                }
            } catch (DecodeException e) {
                throw new AssertionError("the peer sent a malformed datagram: " + e.getMessage(), e);
            }
        }
        return out;
    }

    private byte[] open(RecordHeader h, byte[] payload) {
        if (keys == null || h.epoch() != 1) return null;
        byte[] plain = new byte[payload.length];
        int n = readProtection().open(h.type(), h.version(), h.epoch(), h.sequenceNumber(), payload, 0, payload.length, plain, 0);
        return n < 0 ? null : java.util.Arrays.copyOf(plain, n);
    }

    private void onRecord(ContentType type, byte[] plain, Received out) throws DecodeException {
        switch (type.value()) {
            case 20 -> out.changeCipherSpecs++;
            case 21 -> out.alerts.add(Alert.decode(new WireReader(plain)));
            case 23 -> out.applicationData.add(plain);
            case 22 -> {
                WireReader r = new WireReader(plain);
                while (!r.isEmpty()) {
                    HandshakeHeader hh = HandshakeHeader.decode(r);
                    onFragment(hh, r.bytes(hh.fragmentLength()), out);
                }
            }
            default -> out.unreadable++;
        }
    }

    private void onFragment(HandshakeHeader h, byte[] fragment, Received out) {
        if (h.messageSeq() < nextReceiveSeq) {
            if (h.isWhole()) out.repeats.add(new HandshakeMessage(h.type(), h.messageSeq(), fragment));
            return;
        }
        Partial p = partial.computeIfAbsent(h.messageSeq(), s -> new Partial(h.type(), h.length()));
        System.arraycopy(fragment, 0, p.body, h.fragmentOffset(), fragment.length);
        for (int i = h.fragmentOffset(); i < h.fragmentEnd(); i++) p.have[i] = true;
        for (Partial next; (next = partial.get(nextReceiveSeq)) != null && next.complete(); ) {
            partial.remove(nextReceiveSeq);
            HandshakeMessage m = new HandshakeMessage(next.type, nextReceiveSeq++, next.body);
            out.messages.add(m);
            onMessage(m);
        }
    }

    /**
     * Called for each whole message of the peer, in message_seq order, as soon as it is complete:
     * a subclass updates the transcript and keys here, so that records later in the same datagram
     * open with keys the earlier ones established.
     */
    protected abstract void onMessage(HandshakeMessage m);

    /** Expects the peer's next message to carry {@code seq} (after a HelloVerifyRequest, for example). */
    public void nextReceiveSeq(int seq) {
        nextReceiveSeq = seq;
        partial.clear();
    }

    protected byte[] freshRandom() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return b;
    }
}
