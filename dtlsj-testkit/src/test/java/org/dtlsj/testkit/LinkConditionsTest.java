package org.dtlsj.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LinkConditionsTest {

    @Test
    void perfectDefaults() {
        LinkConditions p = LinkConditions.perfect();
        assertThat(p.lossRate()).isZero();
        assertThat(p.duplicateRate()).isZero();
        assertThat(p.reorderRate()).isZero();
        assertThat(p.corruptRate()).isZero();
        assertThat(p.mtuLimited()).isFalse();
        assertThat(p.baseDelayNanos()).isEqualTo(10_000_000L);
        assertThat(p.jitterNanos()).isZero();
        assertThat(p).isEqualTo(LinkConditions.builder().build());
        assertThat(LinkConditions.blackhole().lossRate()).isEqualTo(1.0);
    }

    @Test
    void builderRoundTrip() {
        LinkConditions c = LinkConditions.builder().lossRate(0.1).duplicateRate(0.2).reorderRate(0.3)
                .corruptRate(0.4).mtu(1200).baseDelayNanos(5).jitterNanos(6).maxReorderDelayNanos(7).build();
        assertThat(c).isEqualTo(new LinkConditions(0.1, 0.2, 0.3, 0.4, 1200, 5, 6, 7));
        assertThat(c.toBuilder().build()).isEqualTo(c);
        assertThat(c.toBuilder().lossRate(0).build().lossRate()).isZero();
    }

    @Test
    void mtuZeroAndMaxMeanUnlimited() {
        assertThat(LinkConditions.builder().mtu(0).build().exceedsMtu(1 << 20)).isFalse();
        assertThat(LinkConditions.builder().mtu(Integer.MAX_VALUE).build().exceedsMtu(1 << 20)).isFalse();
        LinkConditions c = LinkConditions.builder().mtu(1500).build();
        assertThat(c.exceedsMtu(1500)).isFalse();
        assertThat(c.exceedsMtu(1501)).isTrue();
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> LinkConditions.builder().lossRate(1.5).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lossRate");
        assertThatThrownBy(() -> LinkConditions.builder().corruptRate(Double.NaN).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LinkConditions.builder().duplicateRate(-0.1).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LinkConditions.builder().mtu(-1).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LinkConditions.builder().jitterNanos(-1).build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
