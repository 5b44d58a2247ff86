package org.dtlsj.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 6347 §4.1.2.6: "A replay window of size N covers the N most recent sequence numbers up to
 * and including the highest one received. Records with a sequence number left of the window are
 * rejected; a record within the window is rejected if it was already received; a record right of
 * the window is new, and once authenticated it slides the window so that it is the right edge."
 * (After RFC 4303 §3.4.3.) The window must be at least 32; the RFC says 64 is preferred.
 */
class ReplayWindowTest {

    /** Receives {@code seq} the way the record layer does: check, then mark after authentication. */
    private static boolean receive(ReplayWindow w, long seq) {
        if (w.isReplay(seq)) return false;
        w.markReceived(seq);
        return true;
    }

    @ParameterizedTest(name = "size {0}")
    @ValueSource(ints = {32, 64, 128, 256})
    void freshNumbersAreAccepted(int size) {
        ReplayWindow w = new ReplayWindow(size);
        assertThat(w.size()).isEqualTo(size);
        for (long s = 0; s < 3L * size; s++) {
            assertThat(receive(w, s)).as("seq %d", s).isTrue();
        }
        // A fresh window accepts any first number, including 0 and the largest 48-bit one.
        assertThat(new ReplayWindow(size).isReplay(0)).isFalse();
        ReplayWindow top = new ReplayWindow(size);
        assertThat(receive(top, (1L << 48) - 1)).isTrue();
        assertThat(top.isReplay((1L << 48) - 1)).isTrue();
        assertThat(top.isReplay((1L << 48) - size)).isFalse();
        assertThat(top.isReplay((1L << 48) - 1 - size)).isTrue();
    }

    @ParameterizedTest(name = "size {0}")
    @ValueSource(ints = {32, 64, 128, 256})
    void duplicatesAreRejected(int size) {
        ReplayWindow w = new ReplayWindow(size);
        for (long s = 0; s < 2L * size; s += 3) {
            assertThat(receive(w, s)).isTrue();
            assertThat(w.isReplay(s)).as("seq %d again", s).isTrue();
        }
        // Every number still inside the window remembers whether it was seen.
        long highest = 2L * size - 1 - (2L * size - 1) % 3;           // the last multiple of 3 marked
        for (long s = highest - size + 1; s <= highest; s++) {
            assertThat(w.isReplay(s)).as("seq %d", s).isEqualTo(s % 3 == 0);
        }
    }

    @ParameterizedTest(name = "size {0}")
    @ValueSource(ints = {32, 64, 128, 256})
    void numbersLeftOfTheWindowAreRejected(int size) {
        ReplayWindow w = new ReplayWindow(size);
        long highest = 10_000;
        w.markReceived(highest);
        // The window is [highest - size + 1, highest]; never-seen numbers inside it are fresh ...
        assertThat(w.isReplay(highest - size + 1)).isFalse();
        assertThat(w.isReplay(highest - 1)).isFalse();
        // ... and everything left of it is refused, seen or not.
        assertThat(w.isReplay(highest - size)).isTrue();
        assertThat(w.isReplay(highest - size - 1)).isTrue();
        assertThat(w.isReplay(0)).isTrue();
        // Marking a number left of the window (an engine would not) changes nothing.
        w.markReceived(highest - size - 5);
        assertThat(w.isReplay(highest - size + 1)).isFalse();
        assertThat(w.isReplay(highest + 1)).isFalse();
    }

    @ParameterizedTest(name = "size {0}")
    @ValueSource(ints = {32, 64, 128, 256})
    void slidingByLessThanTheWindowKeepsWhatWasSeen(int size) {
        ReplayWindow w = new ReplayWindow(size);
        for (long s = 100; s < 100 + size; s++) w.markReceived(s);       // a full window
        long oldHighest = 100 + size - 1;
        for (int shift : new int[] {1, 5, 31, size / 2, size - 1}) {
            ReplayWindow copy = new ReplayWindow(size);
            for (long s = 100; s < 100 + size; s++) copy.markReceived(s);
            long newHighest = oldHighest + shift;
            copy.markReceived(newHighest);
            for (long s = newHighest - size + 1; s <= newHighest; s++) {
                boolean seen = s <= oldHighest || s == newHighest;
                assertThat(copy.isReplay(s)).as("shift %d, seq %d", shift, s).isEqualTo(seen);
            }
            assertThat(copy.isReplay(newHighest - size)).isTrue();
        }
    }

    @ParameterizedTest(name = "size {0}")
    @ValueSource(ints = {32, 64, 128, 256})
    void aLargeJumpClearsTheWindow(int size) {
        for (long jump : new long[] {size, size + 1, 2L * size, 1_000_000, 1L << 40}) {
            ReplayWindow w = new ReplayWindow(size);
            for (long s = 0; s < size; s++) w.markReceived(s);           // window full of ones
            long top = size - 1 + jump;
            assertThat(receive(w, top)).isTrue();
            for (long s = top - size + 1; s < top; s++) {
                assertThat(w.isReplay(s)).as("jump %d, seq %d", jump, s).isFalse();
            }
            assertThat(w.isReplay(top)).isTrue();
            assertThat(w.isReplay(size - 1)).as("old highest is now left of the window").isTrue();
        }
    }

    @ParameterizedTest(name = "size {0}")
    @ValueSource(ints = {32, 64, 128, 256})
    void outOfOrderInsideTheWindow(int size) {
        ReplayWindow w = new ReplayWindow(size);
        long base = 5_000;
        assertThat(receive(w, base + size - 1)).isTrue();               // the right edge first
        // Then the rest of the window in a scrambled order: each accepted once, then refused.
        long step = size == 32 ? 7 : 37;                                 // coprime with the size
        for (long i = 0; i < size - 1; i++) {
            long s = base + (i * step) % (size - 1);
            assertThat(receive(w, s)).as("seq %d first time", s).isTrue();
            assertThat(receive(w, s)).as("seq %d second time", s).isFalse();
        }
        for (long s = base; s < base + size; s++) assertThat(w.isReplay(s)).isTrue();
        assertThat(w.isReplay(base + size)).isFalse();
        assertThat(w.isReplay(base - 1)).isTrue();
    }

    @ParameterizedTest(name = "size {0}")
    @ValueSource(ints = {32, 64, 128, 256})
    void wordBoundariesOfTheBitmap(int size) {
        // Bits 31/32, 63/64, 127/128 sit on the edges of the long[] words (and of a 32-bit window).
        for (int d : new int[] {31, 32, 63, 64, 65, 127, 128, 129, 255}) {
            ReplayWindow w = new ReplayWindow(size);
            long top = 1_000;
            w.markReceived(top);
            w.markReceived(top - d);
            if (d < size) {
                assertThat(w.isReplay(top - d)).as("distance %d", d).isTrue();
                assertThat(w.isReplay(top - d + 1)).isEqualTo(d == 1);
                if (d + 1 < size) assertThat(w.isReplay(top - d - 1)).isFalse();
                // Slide by one: the mark must move with the window.
                w.markReceived(top + 1);
                assertThat(w.isReplay(top - d)).as("distance %d after slide", d + 1).isTrue();
            } else {
                assertThat(w.isReplay(top - d)).isTrue();                // left of the window
            }
        }
    }

    @Test
    void sizesThatAreNotThirtyTwoOrAMultipleOfSixtyFourAreRefused() {
        for (int bad : new int[] {0, 1, 16, 31, 33, 48, 96, 100, -64}) {
            assertThatThrownBy(() -> new ReplayWindow(bad)).as("size %d", bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(new ReplayWindow(192).size()).isEqualTo(192);
        assertThat(new ReplayWindow(1024).size()).isEqualTo(1024);
    }

    // ------------------------------------------------------------------ reference model

    /** The RFC's semantics spelled out as simply as possible: every number seen, and the highest. */
    private static final class Model {
        final int size;
        final Set<Long> seen = new HashSet<>();
        long highest = -1;

        Model(int size) {
            this.size = size;
        }

        boolean isReplay(long s) {
            if (s > highest) return false;                 // right of the window: new
            if (highest - s >= size) return true;          // left of the window
            return seen.contains(s);                       // inside: seen before?
        }

        void markReceived(long s) {
            seen.add(s);
            highest = Math.max(highest, s);
        }
    }

    @ParameterizedTest(name = "size {0}")
    @ValueSource(ints = {32, 64, 128, 256, 192, 512})
    void agreesWithAReferenceModelOverRandomOperations(int size) {
        SplittableRandom rnd = new SplittableRandom(0x5EED_0000L + size);
        ReplayWindow w = new ReplayWindow(size);
        Model m = new Model(size);
        long max = (1L << 48) - 1;
        for (int op = 0; op < 100_000; op++) {
            long base = Math.max(m.highest, 0);
            long seq = switch (rnd.nextInt(20)) {
                case 0 -> base + 1 + rnd.nextLong(4L * size);                    // jump, often past the window
                case 1 -> base + 1 + rnd.nextLong(1L << 20);                     // large jump
                case 2 -> rnd.nextLong(base + 1);                                // anywhere at or below
                case 3 -> base - size + rnd.nextInt(-2, 3);                      // around the left edge
                default -> base + rnd.nextInt(-size - 8, 4);                     // mostly inside, a few ahead
            };
            seq = Math.min(Math.max(seq, 0), max);
            boolean expected = m.isReplay(seq);
            assertThat(w.isReplay(seq)).as("op %d: isReplay(%d), highest %d", op, seq, m.highest).isEqualTo(expected);
            // Mostly the record layer's way (mark only what passed), sometimes a blind mark, which
            // must be harmless too.
            if (!expected || rnd.nextInt(10) == 0) {
                w.markReceived(seq);
                m.markReceived(seq);
            }
        }
        // Final sweep over the whole window and a margin on each side.
        for (long s = Math.max(0, m.highest - size - 10); s <= m.highest + 10; s++) {
            assertThat(w.isReplay(s)).as("final isReplay(%d)", s).isEqualTo(m.isReplay(s));
        }
    }
}
