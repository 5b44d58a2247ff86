package org.dtlsj.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Record-layer cases of the security catalog about epochs and record duplicates at the edge of
 * the handshake, with the datagrams passed by hand.
 */
class EpochCatalogTest {
    static final byte[] EARLY = "sent by the server as soon as it finished".getBytes(StandardCharsets.UTF_8);

    @Test
    void R16_duplicateRecordsAreProcessedOnceDuringTheHandshakeAndDroppedAfter() {
        HandDriven h = new HandDriven();
        List<byte[]> flight5 = h.untilClientSecondFlight();
        // The client's whole flight twice, same records and sequence numbers: processed once.
        HandDriven.feed(h.server, flight5, h.now);
        HandDriven.feed(h.server, flight5, h.now);
        assertThat(h.server.isConnected()).isTrue();
        HandDriven.feed(h.client, HandDriven.drain(h.server), h.now);
        assertThat(h.client.isConnected()).isTrue();
        // After the handshake, a record that arrives twice is delivered once; the copy is a replay.
        h.client.send("once".getBytes(StandardCharsets.UTF_8), h.now);
        List<byte[]> data = HandDriven.drain(h.client);
        long replays = h.server.stats().droppedReplay();
        HandDriven.feed(h.server, data, h.now);
        HandDriven.feed(h.server, data, h.now);
        assertThat(new String(h.server.pollApplicationData(), StandardCharsets.UTF_8)).isEqualTo("once");
        assertThat(h.server.pollApplicationData()).isNull();
        assertThat(h.server.stats().droppedReplay()).isEqualTo(replays + data.size());
    }

    @Test
    void R22_applicationDataBeforeThePeersFinishedIsHeldUntilItIsVerified() {
        HandDriven h = new HandDriven();
        HandDriven.feed(h.server, h.untilClientSecondFlight(), h.now);
        assertThat(h.server.isConnected()).isTrue();
        List<byte[]> flight6 = HandDriven.drain(h.server);
        // The server finished first and writes at once; its data overtakes its Finished.
        h.server.send(EARLY, h.now);
        List<byte[]> early = HandDriven.drain(h.server);
        HandDriven.feed(h.client, early, h.now);
        assertThat(h.client.isHandshaking()).isTrue();
        assertThat(h.client.pollApplicationData()).as("nothing before the server's Finished is verified").isNull();
        HandDriven.feed(h.client, flight6, h.now);
        assertThat(h.client.isConnected()).isTrue();
        assertThat(h.client.pollApplicationData()).as("held, not lost").isEqualTo(EARLY);
    }
}
