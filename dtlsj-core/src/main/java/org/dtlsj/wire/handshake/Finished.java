package org.dtlsj.wire.handshake;

import org.dtlsj.wire.DecodeException;
import org.dtlsj.wire.HandshakeType;
import org.dtlsj.wire.WireReader;
import org.dtlsj.wire.WireWriter;

/**
 * {@code struct { opaque verify_data[verify_data_length]; } Finished;} (RFC 5246 §7.4.9).
 * verify_data_length is 12 for every suite dtlsj implements; a different length is a decode_error.
 */
public record Finished(byte[] verifyData) implements HandshakeBody {
    public static final int VERIFY_DATA_LENGTH = 12;

    public Finished {
        verifyData = verifyData.clone();
    }

    @Override
    public byte[] verifyData() {
        return verifyData.clone();
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.FINISHED;
    }

    @Override
    public void encode(WireWriter w) {
        w.bytes(verifyData);
    }

    public static Finished decode(WireReader r) throws DecodeException {
        if (r.remaining() != VERIFY_DATA_LENGTH) {
            throw new DecodeException("Finished of " + r.remaining() + " bytes, expected " + VERIFY_DATA_LENGTH);
        }
        return new Finished(r.rest());
    }
}
