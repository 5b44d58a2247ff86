package org.dtlsj.testkit;

import java.util.ArrayList;
import java.util.List;
import org.dtlsj.engine.DtlsConnection;
import org.dtlsj.engine.DtlsEvent;

/**
 * Puts a {@link DtlsConnection} on a {@link SimNetwork}: datagrams and timers go to the engine,
 * and what the engine delivers (application data, events) is collected for the test to check.
 */
public final class EngineEndpoint implements SimEndpoint {
    private final DtlsConnection connection;
    private final List<byte[]> received = new ArrayList<>();
    private final List<DtlsEvent> events = new ArrayList<>();
    private boolean echo;

    public EngineEndpoint(DtlsConnection connection) {
        this.connection = connection;
    }

    public DtlsConnection connection() {
        return connection;
    }

    /** Sends every application datagram back, as an echo server does. */
    public EngineEndpoint echo(boolean on) {
        this.echo = on;
        return this;
    }

    public List<byte[]> received() {
        return received;
    }

    public List<DtlsEvent> events() {
        return events;
    }

    @Override
    public void receive(byte[] datagram, long nowNanos) {
        connection.receive(datagram, nowNanos);
        drain(nowNanos);
    }

    @Override
    public byte[] pollDatagram() {
        return connection.pollDatagram();
    }

    @Override
    public long nextDeadlineNanos() {
        return connection.nextTimeoutNanos();
    }

    @Override
    public void onTimer(long nowNanos) {
        connection.handleTimeout(nowNanos);
        drain(nowNanos);
    }

    private void drain(long now) {
        for (DtlsEvent e; (e = connection.pollEvent()) != null; ) events.add(e);
        for (byte[] d; (d = connection.pollApplicationData()) != null; ) {
            received.add(d);
            if (echo && connection.isConnected()) connection.send(d, now);
        }
    }
}
