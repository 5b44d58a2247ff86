package org.dtlsj.engine;

import java.util.ArrayList;
import java.util.List;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.testkit.EnginePair;

/**
 * A client and a server engine (no cookie exchange) whose datagrams a test passes by hand, so it
 * can hold back, repeat, reorder or rewrite them.
 */
final class HandDriven {
    final DtlsConnection client = DtlsConnection.client(EnginePair.configs(FragmentationCatalogTest.CRED)[0], "localhost");
    final DtlsConnection server;
    long now;

    HandDriven() {
        DtlsConfig s = EnginePair.configs(FragmentationCatalogTest.CRED)[1].toBuilder().cookieExchange(false).build();
        server = DtlsConnection.server(s, FragmentationCatalogTest.ADDRESS);
        client.start(now);
    }

    static List<byte[]> drain(DtlsConnection c) {
        List<byte[]> out = new ArrayList<>();
        for (byte[] d; (d = c.pollDatagram()) != null; ) out.add(d);
        return out;
    }

    static void feed(DtlsConnection to, List<byte[]> datagrams, long now) {
        for (byte[] d : datagrams) to.receive(d, now);
    }

    /** Plays the handshake up to the client's second flight (ClientKeyExchange, ChangeCipherSpec, Finished) and returns it undelivered. */
    List<byte[]> untilClientSecondFlight() {
        feed(server, drain(client), now);
        feed(client, drain(server), now);
        return drain(client);
    }
}
