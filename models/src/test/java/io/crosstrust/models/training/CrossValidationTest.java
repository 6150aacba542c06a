package io.crosstrust.models.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CrossValidationTest {
    @Test
    void foldsAreStratifiedBalancedAndSeeded() {
        int[] y = new int[1003];
        for (int i = 0; i < y.length; i++) {
            y[i] = i % 10 < 3 ? 1 : 0;
        }
        int[] a = CrossValidation.stratifiedFolds(y, 5, 42);
        int[] b = CrossValidation.stratifiedFolds(y, 5, 42);
        int[] c = CrossValidation.stratifiedFolds(y, 5, 43);
        assertThat(a).containsExactly(b);
        assertThat(a).isNotEqualTo(c);
        int[] size = new int[5];
        int[] pos = new int[5];
        for (int i = 0; i < y.length; i++) {
            size[a[i]]++;
            pos[a[i]] += y[i];
        }
        int totalPos = 0;
        for (int v : y) {
            totalPos += v;
        }
        for (int f = 0; f < 5; f++) {
            assertThat(size[f]).isBetween(y.length / 5 - 1, y.length / 5 + 2);
            assertThat(pos[f]).isBetween(totalPos / 5, totalPos / 5 + 1);
        }
    }

    @Test
    void tooFewRowsOfAClassSayWhatToDo() {
        assertThatThrownBy(
                        () -> CrossValidation.stratifiedFolds(new int[] {1, 0, 0, 0, 0, 0}, 5, 1))
                .hasMessageContaining("use a smaller --cv");
        assertThatThrownBy(() -> CrossValidation.stratifiedFolds(new int[] {1, 0}, 1, 1))
                .hasMessageContaining("k >= 2");
    }
}
