package org.dtlsj.sctp.usrsctp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dtlsj.sctp.SctpAssociation;
import org.dtlsj.sctp.SctpInbound;
import org.dtlsj.sctp.SctpMessage;
import org.dtlsj.sctp.SctpPrInfo;
import org.dtlsj.sctp.SctpSndInfo;

/**
 * An association that records what DTLS asks of the real one under it, in order: each message
 * sent (with the active AUTH key and whether the association was dry at that moment), each key
 * operation, each message received. The RFC 6083 tests read the log.
 */
final class RecordingAssociation implements SctpAssociation {
    /** One entry of the log. */
    sealed interface Entry {
    }

    record Sent(byte[] record, SctpSndInfo info, SctpPrInfo pr, int activeKey, boolean dryBefore) implements Entry {
        int contentType() {
            return record[0];
        }
    }

    record Received(SctpMessage message) implements Entry {
    }

    record KeyOp(String op, int keyId, byte[] key) implements Entry {
    }

    final SctpAssociation inner;
    final List<Entry> log = new CopyOnWriteArrayList<>();

    RecordingAssociation(SctpAssociation inner) {
        this.inner = inner;
    }

    List<Sent> sent() {
        return log.stream().filter(e -> e instanceof Sent).map(e -> (Sent) e).toList();
    }

    List<SctpMessage> received() {
        return log.stream().filter(e -> e instanceof Received).map(e -> ((Received) e).message()).toList();
    }

    @Override
    public boolean send(ByteBuffer data, SctpSndInfo info, SctpPrInfo pr) throws IOException {
        ByteBuffer copy = data.duplicate();
        byte[] b = new byte[copy.remaining()];
        copy.get(b);
        boolean dry = inner.isSenderDry();
        int key = inner.activeAuthKey();
        boolean taken = inner.send(data, info, pr);
        if (taken) log.add(new Sent(b, info, pr, key, dry));
        return taken;
    }

    @Override
    public SctpInbound poll() {
        return record(inner.poll());
    }

    @Override
    public SctpInbound poll(Duration timeout) throws InterruptedException {
        return record(inner.poll(timeout));
    }

    private SctpInbound record(SctpInbound in) {
        if (in instanceof SctpMessage m) log.add(new Received(m));
        return in;
    }

    @Override
    public void setReadyListener(Runnable listener) {
        inner.setReadyListener(listener);
    }

    @Override
    public boolean isSenderDry() {
        return inner.isSenderDry();
    }

    @Override
    public void addAuthKey(int keyId, byte[] key) throws IOException {
        log.add(new KeyOp("add", keyId, key.clone()));
        inner.addAuthKey(keyId, key);
    }

    @Override
    public void activateAuthKey(int keyId) throws IOException {
        log.add(new KeyOp("activate", keyId, null));
        inner.activateAuthKey(keyId);
    }

    @Override
    public void deactivateAuthKey(int keyId) throws IOException {
        log.add(new KeyOp("deactivate", keyId, null));
        inner.deactivateAuthKey(keyId);
    }

    @Override
    public void deleteAuthKey(int keyId) throws IOException {
        log.add(new KeyOp("delete", keyId, null));
        inner.deleteAuthKey(keyId);
    }

    @Override
    public int activeAuthKey() throws IOException {
        return inner.activeAuthKey();
    }

    @Override
    public boolean isOpen() {
        return inner.isOpen();
    }

    @Override
    public void shutdown() throws IOException {
        inner.shutdown();
    }

    @Override
    public void abort() {
        inner.abort();
    }

    @Override
    public void close() {
        inner.close();
    }
}
