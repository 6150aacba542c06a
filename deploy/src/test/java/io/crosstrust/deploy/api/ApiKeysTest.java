package io.crosstrust.deploy.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crosstrust.sinks.sharing.SharingTier;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiKeysTest {
    @Test
    void aKeyMapsToItsTierAndEntityAndOnlyItsHashIsStored() {
        String key = ApiKeys.newKey();
        String line = ApiKeys.line("bank-1", SharingTier.COUNTERPARTY, "B000001", key);
        assertThat(line).doesNotContain(key).startsWith("bank-1 counterparty B000001 ");
        ApiKeys keys = ApiKeys.parse(List.of("# comment", "", line));
        ApiKeys.Principal p = keys.authenticate(key).orElseThrow();
        assertThat(p.tier()).isEqualTo(SharingTier.COUNTERPARTY);
        assertThat(p.entity()).isEqualTo("B000001");
        assertThat(keys.authenticate(key + "x")).isEmpty();
        assertThat(keys.authenticate("")).isEmpty();
        assertThat(keys.authenticate(null)).isEmpty();
    }

    @Test
    void theSameKeyHashesDifferentlyEachTime() {
        String key = ApiKeys.newKey();
        assertThat(ApiKeys.line("a", SharingTier.PUBLIC, null, key))
                .isNotEqualTo(ApiKeys.line("a", SharingTier.PUBLIC, null, key));
    }

    @Test
    void tiersThatScopeRowsNeedAnEntityAndOthersTakeNone() {
        String key = ApiKeys.newKey();
        String noEntity =
                ApiKeys.line("e", SharingTier.PUBLIC, null, key).replace(" public ", " entity ");
        assertThatThrownBy(() -> ApiKeys.parse(List.of(noEntity))).hasMessageContaining("needs");
        assertThatThrownBy(() -> ApiKeys.parse(List.of("a b c"))).hasMessageContaining("line 1");
        assertThatThrownBy(
                        () ->
                                ApiKeys.parse(
                                        List.of(
                                                ApiKeys.line("x", SharingTier.PUBLIC, null, key)
                                                        .replace(" public ", " admin "))))
                .hasMessageContaining("unknown sharing tier");
    }

    @Test
    void theRateLimiterRefusesOverTheBurstAndRefills() throws Exception {
        RateLimiter limiter = new RateLimiter(20, 2);
        assertThat(limiter.tryAcquire("k")).isTrue();
        assertThat(limiter.tryAcquire("k")).isTrue();
        assertThat(limiter.tryAcquire("k")).isFalse();
        assertThat(limiter.tryAcquire("other")).isTrue();
        Thread.sleep(120);
        assertThat(limiter.tryAcquire("k")).isTrue();
    }
}
