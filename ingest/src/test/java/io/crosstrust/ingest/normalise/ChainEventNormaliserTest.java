package io.crosstrust.ingest.normalise;

import static io.crosstrust.ingest.testing.ChainTestEvents.BUYER;
import static io.crosstrust.ingest.testing.ChainTestEvents.SELLER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crosstrust.events.chain.EscrowDisputed;
import io.crosstrust.events.chain.EscrowResolved;
import io.crosstrust.events.common.SourceKind;
import io.crosstrust.events.common.Uint256;
import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.events.trade.TradeEventType;
import io.crosstrust.ingest.normalise.ChainEventNormaliser.Dispute;
import io.crosstrust.ingest.normalise.ChainEventNormaliser.EscrowOrder;
import io.crosstrust.ingest.testing.ChainTestEvents;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ChainEventNormaliserTest {
    private final ChainEventNormaliser normaliser = new ChainEventNormaliser("USD", 6);
    private final ChainTestEvents chain = new ChainTestEvents("n1");
    private final EscrowOrder order =
            new EscrowOrder("O00000042", "B000001", "S000002", "DE", "CN");

    @Test
    void withItsPlatformOrderAnEscrowEventNamesTheEntitiesAndThePlatformOrderId() throws Exception {
        TradeEvent created = normaliser.normalise(chain.created(1, 12_500_000), order, null);
        assertThat(created.getType()).isEqualTo(TradeEventType.ESCROW_CREATED);
        assertThat(created.getEventId()).isEqualTo(chain.created(1, 12_500_000).getEventId());
        assertThat(created.getSource()).isEqualTo(SourceKind.CHAIN);
        assertThat(created.getSourceName()).isEqualTo("chain:31337");
        assertThat(created.getOnChain()).isTrue();
        assertThat(created.getOrderId()).isEqualTo("O00000042");
        assertThat(created.getSubjectId()).isEqualTo("B000001");
        assertThat(created.getCounterpartyId()).isEqualTo("S000002");
        assertThat(created.getSubjectRegion()).isEqualTo("DE");
        assertThat(created.getCounterpartyRegion()).isEqualTo("CN");
        assertThat(created.getSubjectAddress()).isEqualTo(BUYER);
        assertThat(created.getAmount().getAmount()).isEqualByComparingTo("12.5");
        assertThat(created.getAmount().getCurrency()).isEqualTo("USD");
        assertThat(created.getDetail()).isEqualTo("CN>DE");
        assertThat(created.getReferenceTime()).isEqualTo(chain.created(1, 1).getShipBy());
        assertThat(created.getChain().getBlockNumber()).isEqualTo(1);
        assertThat(created.getChain().getRemoved()).isFalse();

        TradeEvent shipped = normaliser.normalise(chain.shipped(2), order, null);
        assertThat(shipped.getSubjectId()).isEqualTo("S000002");
        assertThat(shipped.getCounterpartyId()).isEqualTo("B000001");
        assertThat(shipped.getSubjectAddress()).isEqualTo(SELLER);
        assertThat(shipped.getSubjectRegion()).isEqualTo("CN");
        assertThat(shipped.getDetail()).isEqualTo("SH-n1");

        assertThat(normaliser.normalise(chain.funded(1, 5), order, null).getSubjectId())
                .isEqualTo("B000001");
        assertThat(normaliser.normalise(chain.confirmed(3), order, null).getSubjectId())
                .isEqualTo("S000002");
        assertThat(normaliser.normalise(chain.released(3, 5), order, null).getSubjectId())
                .isEqualTo("B000001");
        TradeEvent refunded = normaliser.normalise(chain.refunded(9, 5), order, null);
        assertThat(refunded.getType()).isEqualTo(TradeEventType.ESCROW_REFUNDED);
        assertThat(refunded.getSubjectId()).as("the seller did not ship").isEqualTo("S000002");
    }

    @Test
    void onlyEscrowStepsOfAnAttributedOrderRepeatWhatThePlatformReports() throws Exception {
        assertThat(
                        ChainEventNormaliser.platformReportsToo(
                                normaliser.normalise(chain.shipped(2), order, null)))
                .isTrue();
        assertThat(
                        ChainEventNormaliser.platformReportsToo(
                                normaliser.normalise(chain.refunded(9, 5), order, null)))
                .isTrue();
        assertThat(
                        ChainEventNormaliser.platformReportsToo(
                                normaliser.normalise(chain.funded(1, 5), order, null)))
                .as("the funding is the chain's own")
                .isFalse();
        assertThat(
                        ChainEventNormaliser.platformReportsToo(
                                normaliser.normalise(chain.shipped(2), null, null)))
                .as("no platform order known")
                .isFalse();
    }

    @Test
    void withoutItAddressesStandInForTheEntitiesAndTheEscrowIdForTheOrder() throws Exception {
        TradeEvent funded = normaliser.normalise(chain.funded(1, 1_000_000), null, null);
        assertThat(funded.getOrderId()).isEqualTo(chain.escrowId());
        assertThat(funded.getSubjectId()).isEqualTo(BUYER);
        assertThat(funded.getCounterpartyId()).isEqualTo(SELLER);
        assertThat(funded.getSubjectRegion()).isNull();
        assertThat(funded.getAmount().getAmount()).isEqualByComparingTo(BigDecimal.ONE);
    }

    @Test
    void aDisputesRespondentIsThePartyThatDidNotOpenIt() throws Exception {
        TradeEvent byBuyer = normaliser.normalise(chain.disputed(4, true), order, null);
        assertThat(byBuyer.getType()).isEqualTo(TradeEventType.ESCROW_DISPUTED);
        assertThat(byBuyer.getSubjectId()).isEqualTo("S000002");
        assertThat(byBuyer.getCounterpartyId()).isEqualTo("B000001");
        assertThat(byBuyer.getDetail()).isEqualTo("DAMAGED");
        TradeEvent bySeller = normaliser.normalise(chain.disputed(4, false), order, null);
        assertThat(bySeller.getSubjectId()).isEqualTo("B000001");
    }

    @Test
    void aResolutionsOutcomeFollowsTheSplitAndItsDispute() throws Exception {
        EscrowDisputed disputed = chain.disputed(4, true);
        Dispute dispute = ChainEventNormaliser.disputeOf(disputed);
        assertThat(dispute.openedByBuyer()).isTrue();
        assertThat(dispute.openedAt()).isEqualTo(disputed.getEventTime());

        TradeEvent won = normaliser.normalise(chain.resolved(6, 10_000_000, 0), order, dispute);
        assertThat(won.getType()).isEqualTo(TradeEventType.ESCROW_RESOLVED);
        assertThat(won.getSubjectId()).isEqualTo("S000002");
        assertThat(won.getDetail()).isEqualTo("CLAIMANT_WON");
        assertThat(won.getAmount().getAmount()).isEqualByComparingTo("10");
        assertThat(won.getReferenceAmount().getAmount()).isEqualByComparingTo("10");
        assertThat(won.getReferenceTime()).isEqualTo(disputed.getEventTime());

        TradeEvent split =
                normaliser.normalise(chain.resolved(6, 4_000_000, 6_000_000), order, dispute);
        assertThat(split.getDetail()).isEqualTo("SPLIT");
        assertThat(split.getReferenceAmount().getAmount()).isEqualByComparingTo("4");
        assertThat(
                        normaliser
                                .normalise(chain.resolved(6, 0, 10_000_000), order, dispute)
                                .getDetail())
                .isEqualTo("RESPONDENT_WON");

        // opened by the seller: the buyer answers it, and the seller's share is the claim
        Dispute bySeller = ChainEventNormaliser.disputeOf(chain.disputed(4, false));
        TradeEvent sellerWon =
                normaliser.normalise(chain.resolved(6, 0, 10_000_000), order, bySeller);
        assertThat(sellerWon.getSubjectId()).isEqualTo("B000001");
        assertThat(sellerWon.getDetail()).isEqualTo("CLAIMANT_WON");

        // no dispute known: the seller answers, no opening time
        TradeEvent unknown = normaliser.normalise(chain.resolved(6, 1, 0), order, null);
        assertThat(unknown.getSubjectId()).isEqualTo("S000002");
        assertThat(unknown.getReferenceTime()).isNull();
    }

    @Test
    void aRetractionStaysARetraction() throws Exception {
        TradeEvent t =
                normaliser.normalise(ChainTestEvents.retracted(chain.shipped(2)), order, null);
        assertThat(t.getChain().getRemoved()).isTrue();
        assertThat(t.getEventId()).isEqualTo(chain.shipped(2).getEventId());
        assertThat(t.getSubjectId()).isEqualTo("S000002");
    }

    @Test
    void badEventsAreRefusedWithTheField() {
        EscrowDisputed stranger = chain.disputed(4, true);
        stranger.setOpenedBy("0x" + "99".repeat(20));
        assertThatThrownBy(() -> normaliser.normalise(stranger, order, null))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("opened_by")
                .hasMessageContaining("not a party");
        var badId = chain.shipped(2);
        badId.setOrderId("order-1");
        assertThatThrownBy(() -> normaliser.normalise(badId, order, null))
                .hasMessageContaining("order_id 'order-1' is not a 0x-prefixed bytes32");
        EscrowResolved huge = chain.resolved(6, 0, 0);
        huge.setBuyerAmount(new Uint256(BigDecimal.TEN.pow(40)));
        assertThatThrownBy(() -> normaliser.normalise(huge, order, null))
                .hasMessageContaining("does not fit decimal(38,18)");
        assertThatThrownBy(
                        () -> normaliser.normalise(chain.placed("p", "b", "s", "1"), order, null))
                .hasMessageContaining("is not a TradeEscrow event");
    }

    @Test
    void escrowEventsAreToldApart() {
        assertThat(ChainEventNormaliser.isEscrowEvent(chain.created(1, 1))).isTrue();
        assertThat(ChainEventNormaliser.isChainEvent(chain.created(1, 1))).isTrue();
        assertThat(ChainEventNormaliser.isChainEvent(chain.placed("p", "b", "s", "1"))).isFalse();
        assertThat(ChainEventNormaliser.escrowOrderId(chain.refunded(1, 1)))
                .isEqualTo(chain.escrowId());
        assertThat(ChainEventNormaliser.isFinal(chain.refunded(1, 1))).isTrue();
        assertThat(ChainEventNormaliser.isFinal(chain.shipped(1))).isFalse();
    }
}
