package org.dtlsj.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dtlsj.engine.HandDriven.drain;
import static org.dtlsj.engine.HandDriven.feed;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link DtlsConnection#sendInto}: application data sealed straight into the caller's buffer, the
 * datagram to send, or refused (-1, nothing done) when it must queue behind what waits.
 */
class SendIntoTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static HandDriven connected() {
        HandDriven h = new HandDriven();
        feed(h.server, h.untilClientSecondFlight(), h.now);
        feed(h.client, drain(h.server), h.now);
        assertThat(h.client.isConnected()).isTrue();
        assertThat(h.server.isConnected()).isTrue();
        assertThat(drain(h.client)).isEmpty();
        return h;
    }

    @Test
    void theDatagramIsARecordThePeerOpensAsIfSentThroughTheQueue() {
        HandDriven h = connected();
        byte[] out = new byte[100];
        byte[] data = bytes("hello, sealed in place");
        long sent = h.server.stats().datagramsSent();
        int n = h.server.sendInto(data, 0, data.length, out, 7, h.now);
        assertThat(n).isEqualTo(data.length + h.server.recordOverhead());
        assertThat(h.server.pollDatagram()).as("nothing queued besides").isNull();
        assertThat(h.server.stats().datagramsSent()).isEqualTo(sent + 1);

        h.client.receive(java.util.Arrays.copyOfRange(out, 7, 7 + n), h.now);
        assertThat(h.client.pollApplicationData()).isEqualTo(data);
        // and the queue's way still follows on with the next sequence number
        h.server.send(bytes("next"), h.now);
        feed(h.client, drain(h.server), h.now);
        assertThat(h.client.pollApplicationData()).isEqualTo(bytes("next"));
    }

    @Test
    void datagramsWaitingInTheQueueGoFirst() {
        HandDriven h = connected();
        h.client.send(bytes("first"), h.now);
        byte[] out = new byte[100];
        assertThat(h.client.sendInto(bytes("second"), 0, 6, out, 0, h.now)).isEqualTo(-1);
        List<byte[]> queued = drain(h.client);
        assertThat(queued).hasSize(1);
        int n = h.client.sendInto(bytes("second"), 0, 6, out, 0, h.now);
        assertThat(n).isPositive();
        feed(h.server, queued, h.now);
        h.server.receive(java.util.Arrays.copyOf(out, n), h.now);
        assertThat(h.server.pollApplicationData()).isEqualTo(bytes("first"));
        assertThat(h.server.pollApplicationData()).isEqualTo(bytes("second"));
    }

    @Test
    void tooLittleRoomIsRefusedWithoutSpendingASequenceNumber() {
        HandDriven h = connected();
        byte[] data = bytes("does not fit");
        assertThatThrownBy(() -> h.client.sendInto(data, 0, data.length, new byte[data.length + h.client.recordOverhead() - 1], 0, h.now))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] out = new byte[64];
        int n = h.client.sendInto(data, 0, data.length, out, 0, h.now);
        h.server.receive(java.util.Arrays.copyOf(out, n), h.now);
        assertThat(h.server.pollApplicationData()).isEqualTo(data);
        assertThat(h.server.stats().droppedReplay()).isZero();
    }

    @Test
    void beforeTheHandshakeEndsItFailsAsSendDoes() {
        HandDriven h = new HandDriven();
        assertThatThrownBy(() -> h.client.sendInto(new byte[1], 0, 1, new byte[64], 0, h.now))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aRenegotiationInProgressSendsDataThroughTheQueue() {
        HandDriven h = connected();
        h.client.renegotiate(h.now);
        List<byte[]> hello = drain(h.client);
        assertThat(hello).isNotEmpty();
        assertThat(h.client.sendInto(bytes("during"), 0, 6, new byte[64], 0, h.now)).isEqualTo(-1);
    }
}
