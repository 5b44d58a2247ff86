/**
 * The sans-I/O DTLS engine: {@link org.dtlsj.engine.DtlsConnection}, one per peer, fed datagrams
 * and the current time, answering with datagrams, application data, events and its next deadline.
 *
 * <pre>{@code
 * DtlsConnection c = DtlsConnection.client(config, "example.com");
 * c.start(now);
 * for (byte[] d; (d = c.pollDatagram()) != null; ) socket.send(d);
 * ... c.receive(datagram, now); c.handleTimeout(now) at c.nextTimeoutNanos() ...
 * if (c.isConnected()) c.send(data, now);
 * for (byte[] app; (app = c.pollApplicationData()) != null; ) use(app);
 * }</pre>
 *
 * Inside: {@code RecordLayer} (epochs, replay window, record parsing), {@code Flights} (the
 * retransmission timer of RFC 6347 §4.2.4), {@code HandshakeRecovery} (surviving corrupted
 * unauthenticated handshake messages) and {@code FlightWriter} (fragmenting flights into datagrams).
 */
package org.dtlsj.engine;
