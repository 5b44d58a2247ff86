package org.dtlsj.engine;

import java.util.Arrays;
import org.dtlsj.error.AlertDescription;
import org.dtlsj.error.DtlsException;
import org.dtlsj.error.Reason;
import org.dtlsj.handshake.Reassembler;
import org.dtlsj.record.RecordProtection;
import org.dtlsj.wire.Alert;
import org.dtlsj.wire.ContentType;
import org.dtlsj.wire.DecodeException;
import org.dtlsj.wire.WireReader;

/**
 * The records of one {@link DtlsConnection} that authenticated, by content type: handshake
 * (to {@link HandshakeInput}), ChangeCipherSpec (the read epoch switches at its due point, RFC
 * 6347 §4.1), alerts (close_notify answered, fatal alerts end the connection, RFC 5246 §7.2),
 * heartbeats (RFC 6520 §3) and application data.
 */
final class RecordInput implements RecordLayer.Sink {
    private final DtlsConnection c;

    RecordInput(DtlsConnection c) {
        this.c = c;
    }

    @Override
    public void onRecord(ContentType type, byte[] plain, int n, int epoch, long seq, long now) {
        switch (type.value()) {
            case 22 -> c.input.onHandshakeRecord(plain, n, epoch, seq, now);
            case 20 -> onChangeCipherSpec(plain, n, now);
            case 21 -> onAlert(plain, n, now);
            case 23 -> onApplicationData(plain, n, epoch, now);
            case 24 -> onHeartbeat(plain, n, epoch, now);
            default -> c.stats.droppedUnexpected++;
        }
    }

    @Override
    public boolean handshaking() {
        return c.handshakeRunning();
    }

    @Override
    public RecordProtection nextReadProtection() {
        if (c.cx == null || c.cx.pendingKeys() == null) return null;
        return readProtection();
    }

    @Override
    public boolean stopped() {
        return c.status == DtlsConnection.Status.FAILED || c.status == DtlsConnection.Status.CLOSED;
    }

    private void onChangeCipherSpec(byte[] plain, int n, long now) {
        if (n != 1 || plain[0] != 1) {
            c.stats.droppedMalformed++;
            return;
        }
        if (!c.handshakeRunning() || c.state == null) return;
        if (c.state.expectsChangeCipherSpec()) {
            switchReadEpoch(now);
        } else {
            // In the current (pre-switch) epoch but before the messages it follows (reordering):
            // apply it when they are in. Early or not, it only ever takes effect at its due point.
            c.earlyChangeCipherSpec = true;
        }
    }

    void switchReadEpoch(long now) {
        try {
            c.state = c.state.onChangeCipherSpec(c.cx);
        } catch (DtlsException e) {
            c.fail(e, now);
            return;
        }
        c.records.switchRead(this::readProtection);
        // Anything buffered from the old epoch cannot be the Finished, which must be protected.
        c.reassembler = new Reassembler(c.config.limits(), c.reassembler.nextSeq());
    }

    /** The peer's protection under the keys this handshake derived. */
    private RecordProtection readProtection() {
        var keys = c.cx.pendingKeys();
        boolean client = c.client;
        return RecordProtection.of(c.cx.suite.cipher, client ? keys.serverKey() : keys.clientKey(),
                client ? keys.serverIv() : keys.clientIv(), client ? keys.serverMacKey() : keys.clientMacKey(), c.cx.encryptThenMac,
                c.config.random());
    }

    private void onAlert(byte[] plain, int n, long now) {
        Alert a;
        try {
            a = Alert.decode(new WireReader(plain, 0, n));
        } catch (DecodeException e) {
            c.stats.droppedMalformed++;
            return;
        }
        if (a.description().equals(AlertDescription.CLOSE_NOTIFY)) {
            // RFC 5246 §7.2.1: answer with our own close_notify and close; data already read stays.
            if (c.status == DtlsConnection.Status.CONNECTED && !c.closeNotifySent) {
                if (c.sctp != null) c.sctp.awaitDry(c.outbound); // RFC 6083 §4.9
                c.sendAlert(Alert.warning(AlertDescription.CLOSE_NOTIFY));
                c.closeNotifySent = true;
            }
            if (c.status == DtlsConnection.Status.HANDSHAKING) {
                c.fail(new DtlsException(Reason.PEER_ALERT, "peer closed the connection during the handshake"), now, false);
                return;
            }
            c.status = DtlsConnection.Status.CLOSED;
            c.releaseHandshake(now);
            c.events().add(new DtlsEvent.Closed(true));
        } else if (a.isFatal()) {
            if (c.tracer != null) c.tracer.event("alert received: " + a);
            c.fail(DtlsException.peerAlert(a.description()), now, false);
        } else {
            c.events().add(new DtlsEvent.WarningReceived(a));
            if (a.description().equals(AlertDescription.NO_RENEGOTIATION)) c.renegotiation.onNoRenegotiation();
        }
    }

    /** RFC 6520 §3: only on an established connection, in its current epoch; anything else is dropped. */
    private void onHeartbeat(byte[] plain, int n, int epoch, long now) {
        SessionInfo session = c.session();
        if (c.status != DtlsConnection.Status.CONNECTED || epoch != c.records.readEpoch()
                || session.heartbeat() == SessionInfo.HeartbeatRights.NONE) {
            c.stats.droppedUnexpected++;
            return;
        }
        c.heartbeats().onMessage(plain, n, session.heartbeat().mustAnswer(), now);
    }

    private void onApplicationData(byte[] plain, int n, int epoch, long now) {
        if (c.status != DtlsConnection.Status.CONNECTED || epoch == 0) {
            c.stats.droppedUnexpected++;
            return;
        }
        // An array of exactly n bytes was opened for this record alone (RecordLayer); scratch is longer.
        if (!c.deliver(plain.length == n ? plain : Arrays.copyOf(plain, n), c.records.context())) {
            c.stats.droppedUnexpected++;
            return;
        }
        c.stats.applicationRecordsReceived++;
        if (c.flights.last() != null && c.flights.last().finalFlight() && c.records.handshakeStartEpoch() == 0) {
            // The peer sends data only once our Finished reached it: the final flight is no longer
            // needed. Not so in a renegotiation, where data flows throughout: there the final
            // flight is kept until it expires.
            c.releaseHandshake(now);
        }
    }
}
