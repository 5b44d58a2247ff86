package org.dtlsj.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VirtualClockTest {

    @Test
    void startsAtOriginAndAdvances() {
        VirtualClock clock = new VirtualClock(-5);
        assertThat(clock.now()).isEqualTo(-5);
        assertThat(clock.origin()).isEqualTo(-5);
        clock.advanceTo(7);
        clock.advanceTo(7); // same time is fine
        clock.advanceBy(3);
        assertThat(clock.now()).isEqualTo(10);
        assertThat(clock.elapsed()).isEqualTo(15);
        assertThat(new VirtualClock().now()).isZero();
    }

    @Test
    void neverGoesBackwards() {
        VirtualClock clock = new VirtualClock(100);
        assertThatThrownBy(() -> clock.advanceTo(99)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> clock.advanceBy(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(clock.now()).isEqualTo(100);
    }

    @Test
    void advanceBySaturates() {
        VirtualClock clock = new VirtualClock(Long.MAX_VALUE - 1);
        clock.advanceBy(10);
        assertThat(clock.now()).isEqualTo(Long.MAX_VALUE);
    }
}
