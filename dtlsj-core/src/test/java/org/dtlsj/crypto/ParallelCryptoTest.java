package org.dtlsj.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link ParallelCrypto}: work beside the caller when a helper is idle, on the caller otherwise, the same result either way. */
class ParallelCryptoTest {
    private static final boolean HAS_HELPERS = Runtime.getRuntime().availableProcessors() > 1;

    @Test
    void switchedOffTheCallerDoesTheWorkWhenItJoins() throws Exception {
        Thread caller = Thread.currentThread();
        ParallelCrypto.Pending<Thread> p = ParallelCrypto.begin(false, Thread::currentThread);
        assertThat(p.join()).isSameAs(caller);
    }

    /**
     * Begins {@code task} on a helper: a helper that has just finished is idle only once it waits
     * for work again, so a begin in that instant runs inline; ask again, a bounded number of times.
     */
    private static <T> ParallelCrypto.Pending<T> onAHelper(java.util.concurrent.Callable<T> task) {
        for (int attempt = 0; attempt < 100_000; attempt++) {
            ParallelCrypto.Pending<T> p = ParallelCrypto.begin(true, task);
            if (p.onHelper()) return p;
            Thread.onSpinWait();
        }
        throw new AssertionError("no helper became idle");
    }

    @Test
    void switchedOnAnIdleHelperDoesIt() throws Exception {
        if (HAS_HELPERS) {
            assertThat(onAHelper(() -> Thread.currentThread().getName()).join()).startsWith("dtlsj-crypto-");
        } else { // one core: no helpers at all
            ParallelCrypto.Pending<String> p = ParallelCrypto.begin(true, () -> Thread.currentThread().getName());
            assertThat(p.onHelper()).isFalse();
            assertThat(p.join()).isEqualTo(Thread.currentThread().getName());
        }
    }

    @Test
    void theTasksExceptionReachesTheCallerAsItself() {
        for (boolean parallel : new boolean[] {false, true}) {
            ParallelCrypto.Pending<byte[]> p = ParallelCrypto.begin(parallel, () -> {
                throw new GeneralSecurityException("point not on the curve");
            });
            assertThatThrownBy(p::join).isInstanceOf(GeneralSecurityException.class).hasMessage("point not on the curve");
        }
    }

    @Test
    void withEveryHelperBusyTheCallerDoesItItself() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<ParallelCrypto.Pending<String>> busy = new ArrayList<>();
        try {
            // Occupy the helpers one by one, each seen running before the next, so none is idle after.
            for (int i = 1; i < Runtime.getRuntime().availableProcessors(); i++) {
                CountDownLatch running = new CountDownLatch(1);
                busy.add(onAHelper(() -> {
                    running.countDown();
                    release.await();
                    return Thread.currentThread().getName();
                }));
                assertThat(running.await(10, TimeUnit.SECONDS)).as("helper %d started", i).isTrue();
            }
            ParallelCrypto.Pending<String> mine = ParallelCrypto.begin(true, () -> Thread.currentThread().getName());
            assertThat(mine.onHelper()).isFalse();
            assertThat(mine.join()).isEqualTo(Thread.currentThread().getName());
        } finally {
            release.countDown();
        }
        for (var b : busy) assertThat(b.join()).startsWith("dtlsj-crypto-");
    }

    @Test
    void anInterruptWhileJoiningIsKeptAndTheResultStillComes() throws Exception {
        CountDownLatch finish = new CountDownLatch(1);
        java.util.concurrent.Callable<Integer> task = () -> {
            if (finish.getCount() > 0) finish.await(); // inline (one core), it runs interrupted but released
            return 42;
        };
        ParallelCrypto.Pending<Integer> p = HAS_HELPERS ? onAHelper(task) : ParallelCrypto.begin(true, task);
        if (!HAS_HELPERS) finish.countDown();
        Thread.currentThread().interrupt();
        // Released from another thread, before or while this one waits in join: the same answer either way.
        Thread releaser = Thread.ofPlatform().start(finish::countDown);
        try {
            assertThat(p.join()).isEqualTo(42);
            assertThat(Thread.interrupted()).as("interrupt kept for the caller").isTrue();
        } finally {
            releaser.join();
        }
    }
}
