package org.dtlsj.api;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dtlsj.sctp.SctpAssociation;
import org.dtlsj.sctp.SctpInbound;
import org.dtlsj.sctp.SctpMessage;
import org.dtlsj.sctp.SctpNotification;
import org.dtlsj.sctp.SctpPrInfo;
import org.dtlsj.sctp.SctpRcvInfo;
import org.dtlsj.sctp.SctpSndInfo;

/**
 * Two ends of an in-memory SCTP association for the API tests: reliable and in order, each
 * message carrying the sender's active SCTP-AUTH key id; a message under a key the receiver does
 * not hold waits (as SCTP would retransmit it) until the key is added. Sender dry is "the peer
 * has taken everything"; it is also reported as a notification. Thread-safe (one lock).
 */
public final class MemorySctpPair {
    private final Object lock = new Object();
    public final End a = new End("a");
    public final End b = new End("b");

    public MemorySctpPair() {
        a.peer = b;
        b.peer = a;
    }

    private record InFlight(byte[] data, SctpSndInfo info, int keyId) {
    }

    public final class End implements SctpAssociation {
        final String name;
        End peer;
        final ArrayDeque<InFlight> toPeer = new ArrayDeque<>();
        final ArrayDeque<SctpNotification> notes = new ArrayDeque<>();
        final Map<Integer, byte[]> keys = new HashMap<>(Map.of(0, new byte[0]));
        /** Every key id a message this end sent was authenticated with, in order. */
        final List<Integer> keyLog = new ArrayList<>();
        int active;
        boolean open = true;
        int tsn;
        Runnable listener = () -> { };

        End(String name) {
            this.name = name;
        }

        @Override
        public boolean send(ByteBuffer data, SctpSndInfo info, SctpPrInfo pr) throws IOException {
            Runnable wake;
            synchronized (lock) {
                if (!open) throw new IOException("association closed");
                byte[] b = new byte[data.remaining()];
                data.get(b);
                toPeer.add(new InFlight(b, info, active));
                keyLog.add(active);
                wake = peer.listener;
            }
            wake.run();
            return true;
        }

        @Override
        public SctpInbound poll() {
            Runnable wakeSender = null;
            SctpInbound result = null;
            synchronized (lock) {
                if (!notes.isEmpty()) return notes.poll();
                InFlight f = peer.toPeer.peek();
                if (f != null && keys.containsKey(f.keyId())) {
                    peer.toPeer.poll();
                    result = new SctpMessage(f.data(), new SctpRcvInfo(f.info().sid(), 0, f.info().flags() & SctpSndInfo.SCTP_UNORDERED,
                            f.info().ppid(), tsn++, tsn, 0));
                    if (peer.toPeer.isEmpty()) peer.notes.add(new SctpNotification.SenderDry());
                    wakeSender = peer.listener;
                }
            }
            if (wakeSender != null) wakeSender.run();
            return result;
        }

        @Override
        public SctpInbound poll(Duration timeout) {
            return poll();
        }

        @Override
        public void setReadyListener(Runnable l) {
            synchronized (lock) {
                listener = l != null ? l : () -> { };
            }
        }

        @Override
        public boolean isSenderDry() {
            synchronized (lock) {
                return toPeer.isEmpty();
            }
        }

        @Override
        public void addAuthKey(int keyId, byte[] key) {
            Runnable wake;
            synchronized (lock) {
                keys.put(keyId, key.clone());
                wake = listener;
            }
            wake.run(); // messages waiting for this key may now be read
        }

        @Override
        public void activateAuthKey(int keyId) throws IOException {
            synchronized (lock) {
                if (!keys.containsKey(keyId)) throw new IOException("no key " + keyId);
                active = keyId;
            }
        }

        @Override
        public void deactivateAuthKey(int keyId) {
        }

        @Override
        public void deleteAuthKey(int keyId) throws IOException {
            synchronized (lock) {
                if (keyId == active) throw new IOException("key " + keyId + " is active");
                keys.remove(keyId);
            }
        }

        @Override
        public int activeAuthKey() {
            synchronized (lock) {
                return active;
            }
        }

        @Override
        public boolean isOpen() {
            synchronized (lock) {
                return open;
            }
        }

        @Override
        public void shutdown() {
            abort();
        }

        @Override
        public void abort() {
            Runnable w1;
            Runnable w2;
            synchronized (lock) {
                open = false;
                peer.open = false;
                notes.add(new SctpNotification.AssocChange(SctpNotification.AssocState.COMM_LOST, 0, 0, 0));
                peer.notes.add(new SctpNotification.AssocChange(SctpNotification.AssocState.COMM_LOST, 0, 0, 0));
                w1 = listener;
                w2 = peer.listener;
            }
            w1.run();
            w2.run();
        }

        @Override
        public void close() {
            abort();
        }
    }
}
