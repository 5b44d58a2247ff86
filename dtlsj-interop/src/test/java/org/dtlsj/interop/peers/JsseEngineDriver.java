package org.dtlsj.interop.peers;

import static org.dtlsj.interop.peers.JsseDtlsPeer.*;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.function.BooleanSupplier;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/** One SunJSSE SSLEngine driven over a datagram channel for {@link JsseDtlsPeer}: handshake loop, wrap and unwrap, close. */
final class JsseEngineDriver {
    private JsseEngineDriver() {
    }

    // ==================================================================== engine driver

    /** Drives one SSLEngine over one channel to one peer. Confined to a single thread. */
    static final class Connection {
        private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();

        private final SSLEngine engine;
        private final UdpChannel channel;
        private final SocketAddress peer;
        private final BooleanSupplier stop;
        private final ByteBuffer net = ByteBuffer.allocate(BUFFER_SIZE);
        private final ByteBuffer app = ByteBuffer.allocate(BUFFER_SIZE);
        private final ArrayDeque<byte[]> applicationData = new ArrayDeque<>();
        private ByteBuffer pendingInput;
        private boolean closeNotifyReceived;

        Connection(SSLEngine engine, UdpChannel channel, SocketAddress peer, BooleanSupplier stop) {
            this.engine = engine;
            this.channel = channel;
            this.peer = peer;
            this.stop = stop;
        }

        boolean closeNotifyReceived() {
            return closeNotifyReceived;
        }

        byte[] pollApplicationData() {
            return applicationData.poll();
        }

        /** Runs the handshake to completion; {@code first} is an already received datagram, or null. */
        void handshake(long deadlineNanos, ByteBuffer first) throws IOException {
            try {
                doHandshake(deadlineNanos, first);
            } catch (SSLException e) {
                flushAlert();
                throw e;
            }
        }

        private void doHandshake(long deadlineNanos, ByteBuffer first) throws IOException {
            pendingInput = first;
            long rto = INITIAL_RTO_MS;
            engine.beginHandshake();
            while (true) {
                HandshakeStatus hs = engine.getHandshakeStatus();
                switch (hs) {
                    case NOT_HANDSHAKING, FINISHED -> {
                        return;
                    }
                    case NEED_TASK -> runDelegatedTasks();
                    case NEED_WRAP -> {
                        if (wrapHandshake()) {
                            return;
                        }
                    }
                    case NEED_UNWRAP_AGAIN -> {
                        ByteBuffer in = takePendingInput();
                        if (unwrapHandshake(in == null ? EMPTY.duplicate() : in)) {
                            return;
                        }
                    }
                    case NEED_UNWRAP -> {
                        ByteBuffer in = takePendingInput();
                        if (in == null) {
                            long remaining = deadlineNanos - System.nanoTime();
                            if (remaining <= 0) {
                                throw new SocketTimeoutException("DTLS handshake did not complete in time ("
                                    + (engine.getUseClientMode() ? "client" : "server") + ", status " + hs + ")");
                            }
                            in = channel.receive(Math.min(rto, ceilMillis(remaining)));
                            if (stop.getAsBoolean()) {
                                throw new InterruptedIOException("closed during the handshake");
                            }
                            if (in == null) {
                                // Receive timeout: wrap() makes SunJSSE retransmit the last flight.
                                rto = Math.min(rto * 2, MAX_RTO_MS);
                                if (wrapHandshake()) {
                                    return;
                                }
                                continue;
                            }
                            rto = INITIAL_RTO_MS;
                        }
                        if (unwrapHandshake(in)) {
                            return;
                        }
                    }
                }
            }
        }

        private ByteBuffer takePendingInput() {
            ByteBuffer in = pendingInput;
            pendingInput = null;
            return in;
        }

        /** Wraps and sends handshake packets while the engine wants to; true once the handshake FINISHED. */
        private boolean wrapHandshake() throws IOException {
            while (true) {
                net.clear();
                SSLEngineResult r = engine.wrap(EMPTY.duplicate(), net);
                net.flip();
                if (net.hasRemaining()) {
                    channel.send(net, peer);
                }
                if (r.getStatus() != SSLEngineResult.Status.OK) {
                    throw new SSLException("unexpected wrap result during the handshake: " + r);
                }
                HandshakeStatus hs = r.getHandshakeStatus();
                if (hs == HandshakeStatus.FINISHED) {
                    return true;
                }
                if (hs == HandshakeStatus.NEED_TASK) {
                    runDelegatedTasks();
                    hs = engine.getHandshakeStatus();
                }
                if (hs != HandshakeStatus.NEED_WRAP) {
                    return false;
                }
            }
        }

        /** Unwraps one datagram during the handshake; true once the handshake FINISHED. */
        private boolean unwrapHandshake(ByteBuffer in) throws IOException {
            SSLEngineResult r;
            HandshakeStatus hs;
            do {
                app.clear();
                r = engine.unwrap(in, app);
                collectApplicationData();
                switch (r.getStatus()) {
                    case OK -> {
                    }
                    case BUFFER_UNDERFLOW -> {
                        return false; // truncated or not a record: drop the datagram
                    }
                    case CLOSED -> throw new SSLException("peer closed the connection during the handshake");
                    default -> throw new SSLException("unexpected unwrap result during the handshake: " + r);
                }
                hs = r.getHandshakeStatus();
                if (hs == HandshakeStatus.FINISHED) {
                    if (in.hasRemaining()) {
                        unwrapApplicationData(in);
                    }
                    return true;
                }
                if (hs == HandshakeStatus.NEED_TASK) {
                    runDelegatedTasks();
                    hs = engine.getHandshakeStatus();
                }
            } while (in.hasRemaining() && r.bytesConsumed() > 0
                && (hs == HandshakeStatus.NEED_UNWRAP || hs == HandshakeStatus.NEED_UNWRAP_AGAIN));
            if (in.hasRemaining() && r.bytesConsumed() > 0) {
                pendingInput = in;
            }
            return hs == HandshakeStatus.NOT_HANDSHAKING;
        }

        /** Unwraps one datagram after the handshake, queueing application data and answering close_notify. */
        void unwrapApplicationData(ByteBuffer in) throws IOException {
            for (int guard = 0; guard < 256; guard++) {
                app.clear();
                SSLEngineResult r = engine.unwrap(in, app);
                collectApplicationData();
                switch (r.getStatus()) {
                    case OK -> {
                    }
                    case CLOSED -> {
                        closeNotifyReceived = true;
                        sendCloseNotify();
                        return;
                    }
                    case BUFFER_UNDERFLOW -> {
                        return; // not a complete record: drop
                    }
                    default -> throw new SSLException("unexpected unwrap result: " + r);
                }
                // Post-handshake housekeeping, e.g. the peer retransmitted its last flight.
                HandshakeStatus hs = r.getHandshakeStatus();
                if (hs == HandshakeStatus.NEED_TASK) {
                    runDelegatedTasks();
                    hs = engine.getHandshakeStatus();
                }
                if (hs == HandshakeStatus.NEED_WRAP) {
                    wrapHandshake();
                    hs = engine.getHandshakeStatus();
                }
                if (hs == HandshakeStatus.NEED_UNWRAP_AGAIN) {
                    if (!in.hasRemaining()) {
                        in = EMPTY.duplicate();
                    }
                    continue;
                }
                if (!in.hasRemaining() || r.bytesConsumed() == 0) {
                    return;
                }
            }
        }

        private void collectApplicationData() {
            app.flip();
            if (app.hasRemaining()) {
                byte[] data = new byte[app.remaining()];
                app.get(data);
                applicationData.add(data);
            }
        }

        void sendApplicationData(byte[] data) throws IOException {
            ByteBuffer src = ByteBuffer.wrap(data);
            do {
                net.clear();
                SSLEngineResult r = engine.wrap(src, net);
                net.flip();
                if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                    throw new SSLException("connection closed");
                }
                if (r.getStatus() != SSLEngineResult.Status.OK) {
                    throw new SSLException("unexpected wrap result: " + r);
                }
                if (net.hasRemaining()) {
                    channel.send(net, peer);
                }
                if (r.bytesConsumed() == 0 && src.hasRemaining()) {
                    throw new SSLException("wrap consumed nothing: " + r);
                }
            } while (src.hasRemaining());
        }

        void sendCloseNotify() throws IOException {
            engine.closeOutbound();
            for (int i = 0; i < 4 && !engine.isOutboundDone(); i++) {
                net.clear();
                SSLEngineResult r = engine.wrap(EMPTY.duplicate(), net);
                net.flip();
                if (net.hasRemaining()) {
                    channel.send(net, peer);
                }
                if (r.bytesProduced() == 0) {
                    break;
                }
            }
        }

        /** After an SSLException SunJSSE has queued a fatal alert; wrap once more to deliver it. */
        private void flushAlert() {
            try {
                engine.closeOutbound();
                for (int i = 0; i < 4 && !engine.isOutboundDone(); i++) {
                    net.clear();
                    SSLEngineResult r = engine.wrap(EMPTY.duplicate(), net);
                    net.flip();
                    if (net.hasRemaining()) {
                        channel.send(net, peer);
                    }
                    if (r.bytesProduced() == 0) {
                        break;
                    }
                }
            } catch (IOException | RuntimeException ignored) {
                // best effort
            }
        }

        private void runDelegatedTasks() {
            for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
                task.run();
            }
        }
    }
}
