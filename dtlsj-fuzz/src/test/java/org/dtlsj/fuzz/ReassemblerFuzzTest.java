package org.dtlsj.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import org.dtlsj.config.Limits;
import org.dtlsj.handshake.HandshakeMessage;
import org.dtlsj.handshake.Reassembler;
import org.dtlsj.wire.DecodeException;
import org.dtlsj.wire.HandshakeType;
import org.dtlsj.wire.WireReader;
import org.dtlsj.wire.handshake.HandshakeHeader;

/**
 * The handshake reassembler (RFC 6347 §4.2.3) against arbitrary fragments: the home of
 * CVE-2014-0195 (fragment overflow) and CVE-2016-2179 (buffered-message exhaustion). Input: a
 * sequence of handshake headers, each followed by its fragment's bytes.
 *
 * <p>The oracle is a plain model of what the reassembler promises: a fragment it accepts writes
 * its bytes at its offset in its message; the first fragment of a message_seq fixes the type and
 * length; messages come out in message_seq order, each exactly as its accepted fragments wrote
 * it; and the bytes it holds never pass {@link Limits#maxReassemblyBytes()}.
 */
class ReassemblerFuzzTest {
    static final Limits LIMITS = Limits.DEFAULT;

    private record Model(HandshakeType type, byte[] body, BitSet have) {
    }

    @FuzzTest(maxDuration = "30s")
    void reassemblesExactlyWhatWasAcceptedWithinItsBounds(byte[] data) {
        Reassembler r = new Reassembler(LIMITS, 0);
        Map<Integer, Model> model = new HashMap<>();
        int next = 0;
        WireReader in = new WireReader(data);
        while (!in.isEmpty()) {
            HandshakeHeader h;
            int at;
            try {
                h = HandshakeHeader.decode(in);
                at = in.position();
                in.skip(h.fragmentLength());
            } catch (DecodeException e) {
                break;
            }
            Reassembler.Offer offer = r.offer(h, data, at);
            assertThat(r.bufferedBytes()).isBetween(0, LIMITS.maxReassemblyBytes());
            if (h.messageSeq() < next) {
                assertThat(offer).isEqualTo(Reassembler.Offer.OLD);
                continue;
            }
            if (offer == Reassembler.Offer.ACCEPTED) {
                Model m = model.computeIfAbsent(h.messageSeq(), s -> new Model(h.type(), new byte[h.length()], new BitSet()));
                assertThat(m.type()).isEqualTo(h.type());
                assertThat(m.body().length).isEqualTo(h.length());
                if (m.have().cardinality() < m.body().length) {
                    System.arraycopy(data, at, m.body(), h.fragmentOffset(), h.fragmentLength());
                    m.have().set(h.fragmentOffset(), h.fragmentEnd());
                }
            }
            for (HandshakeMessage out; (out = r.poll()) != null; ) {
                Model m = model.remove(next);
                assertThat(m).as("a message nobody offered").isNotNull();
                assertThat(out.messageSeq()).isEqualTo(next);
                assertThat(m.have().cardinality()).as("complete").isEqualTo(m.body().length);
                assertThat(out.type()).isEqualTo(m.type());
                assertThat(out.body()).isEqualTo(m.body());
                next++;
            }
            assertThat(r.nextSeq()).isEqualTo(next);
        }
    }
}
