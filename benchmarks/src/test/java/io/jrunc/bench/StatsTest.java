package io.jrunc.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {
    @Test
    void percentilesInterpolateBetweenClosestRanks() {
        Stats s = Stats.of(List.of(5.0, 1.0, 4.0, 2.0, 3.0));
        assertThat(s.n()).isEqualTo(5);
        assertThat(s.median()).isEqualTo(3.0);
        assertThat(s.p10()).isCloseTo(1.4, within(1e-9));
        assertThat(s.p90()).isCloseTo(4.6, within(1e-9));
    }

    @Test
    void evenCountMedianIsTheMeanOfTheMiddleTwo() {
        assertThat(Stats.of(List.of(10.0, 1.0, 3.0, 2.0)).median()).isEqualTo(2.5);
    }

    @Test
    void oneSampleHasNoSpreadAndNoSamplesAreNaN() {
        assertThat(Stats.of(List.of(7.0))).isEqualTo(new Stats(1, 7, 7, 7));
        assertThat(Stats.single(7)).isEqualTo(new Stats(1, 7, 7, 7));
        assertThat(Stats.of(List.of())).isEqualTo(Stats.NONE);
        assertThat(Stats.NONE.median()).isNaN();
    }

    @Test
    void theSamplesAreLeftAlone() {
        List<Double> in = new java.util.ArrayList<>(List.of(3.0, 1.0, 2.0));
        Stats.of(in);
        assertThat(in).containsExactly(3.0, 1.0, 2.0);
    }

    @Test
    void scaledChangesTheUnit() {
        assertThat(new Stats(3, 2, 1, 4).scaled(1000)).isEqualTo(new Stats(3, 2000, 1000, 4000));
    }

    @Test
    void roundsShareTheRunsExactly() {
        int sum = 0;
        for (int r = 0; r < 7; r++) {
            int k = RunAll.share(30, 7, r);
            assertThat(k).isBetween(4, 5);
            sum += k;
        }
        assertThat(sum).isEqualTo(30);
    }
}
