package io.crosstrust.ingest.normalise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crosstrust.events.common.Money;
import io.crosstrust.events.platform.CustomsDeclaration;
import io.crosstrust.events.platform.CustomsStatus;
import io.crosstrust.events.platform.DisputeOutcome;
import io.crosstrust.events.platform.DisputeResolved;
import io.crosstrust.events.platform.OrderPlaced;
import io.crosstrust.events.platform.Settlement;
import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.events.trade.TradeEventType;
import io.crosstrust.ingest.faults.MalformedRecords;
import io.crosstrust.ingest.wire.EventCodec;
import io.crosstrust.ingest.wire.WireFormatException;
import java.math.BigDecimal;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class PlatformEventNormaliserTest {
    private static final Instant T = Instant.parse("2026-03-01T08:00:00Z");
    private final PlatformEventNormaliser normaliser = new PlatformEventNormaliser();

    static OrderPlaced.Builder order() {
        return OrderPlaced.newBuilder()
                .setEventId("e1")
                .setEventTime(T)
                .setPlatform("shopmart")
                .setOrderId("o1")
                .setBuyerId("buyer-1")
                .setSellerId("seller-1")
                .setOriginRegion("CN-GD")
                .setDestinationRegion("DE")
                .setAmount(new Money(new BigDecimal("1500.25"), "USD"))
                .setItemCount(2)
                .setHsCode("851712")
                .setPaymentDueTime(T.plusSeconds(30 * 86_400))
                .setPromisedDeliveryTime(T.plusSeconds(14 * 86_400))
                .setSettlement(Settlement.ESCROW)
                .setEscrowOrderId("0x01");
    }

    @Test
    void anOrderIsTheBuyersObligationTowardsTheSeller() throws Exception {
        TradeEvent e = normaliser.normalise(order().build());
        assertThat(e.getType()).isEqualTo(TradeEventType.ORDER_PLACED);
        assertThat(e.getEventId()).isEqualTo("e1");
        assertThat(e.getSubjectId()).isEqualTo("buyer-1");
        assertThat(e.getCounterpartyId()).isEqualTo("seller-1");
        assertThat(e.getSubjectRegion()).isEqualTo("DE");
        assertThat(e.getCounterpartyRegion()).isEqualTo("CN-GD");
        assertThat(e.getAmount().getAmount()).isEqualByComparingTo("1500.25");
        assertThat(e.getReferenceTime()).isEqualTo(T.plusSeconds(30 * 86_400));
        assertThat(e.getOnChain()).isTrue();
    }

    @Test
    void customsKeepsDeclaredAndAssessedValues() throws Exception {
        TradeEvent e =
                normaliser.normalise(
                        CustomsDeclaration.newBuilder()
                                .setEventId("c1")
                                .setEventTime(T)
                                .setPlatform("customs-gw")
                                .setOrderId("o1")
                                .setDeclarationId("d1")
                                .setDeclarantId("seller-1")
                                .setImporterId("buyer-1")
                                .setOriginRegion("CN")
                                .setDestinationRegion("DE")
                                .setHsCode("851712")
                                .setDeclaredValue(new Money(new BigDecimal("100"), "USD"))
                                .setStatus(CustomsStatus.HELD)
                                .setAssessedValue(new Money(new BigDecimal("180"), "USD"))
                                .setReason("value mismatch")
                                .build());
        assertThat(e.getType()).isEqualTo(TradeEventType.CUSTOMS_HELD);
        assertThat(e.getSubjectId()).isEqualTo("seller-1");
        assertThat(e.getReferenceAmount().getAmount()).isEqualByComparingTo("180");
        assertThat(e.getDetail()).isEqualTo("value mismatch");
    }

    @Test
    void aDisputeCannotCloseBeforeItOpened() {
        DisputeResolved bad =
                DisputeResolved.newBuilder()
                        .setEventId("d1")
                        .setEventTime(T)
                        .setPlatform("p")
                        .setDisputeId("x")
                        .setOrderId("o1")
                        .setClaimantId("buyer-1")
                        .setRespondentId("seller-1")
                        .setOutcome(DisputeOutcome.SPLIT)
                        .setOpenedTime(T.plusSeconds(1))
                        .build();
        assertThatThrownBy(() -> normaliser.normalise(bad))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("opened_time");
    }

    @Test
    void rulesNameTheFieldAndWhatIsWrong() {
        assertInvalid(order().setBuyerId("").build(), "buyer_id is empty");
        assertInvalid(order().setSellerId("buyer-1").build(), "are the same entity");
        assertInvalid(order().setOriginRegion("China").build(), "origin_region 'China'");
        assertInvalid(
                order().setAmount(new Money(BigDecimal.ZERO, "USD")).build(),
                "amount is 0, must be > 0");
        assertInvalid(
                order().setAmount(new Money(BigDecimal.ONE, "us dollars")).build(),
                "amount.currency");
        assertInvalid(order().setEventTime(Instant.ofEpochSecond(1_700)).build(), "event_time");
        assertInvalid(order().setItemCount(0).build(), "item_count is 0");
    }

    @Test
    void everyMalformedKindIsRejectedByDecodeOrRules() {
        MalformedRecords faults = new MalformedRecords(7);
        EventCodec codec = EventCodec.standard();
        for (int i = 0; i < MalformedRecords.Kind.values().length * 3; i++) {
            byte[] bytes = faults.damage(order().build());
            boolean rejected;
            try {
                normaliser.normalise(codec.decode(bytes));
                rejected = false;
            } catch (WireFormatException | InvalidEventException e) {
                rejected = true;
            }
            assertThat(rejected).as("kind " + MalformedRecords.kindOf(i)).isTrue();
        }
    }

    private void assertInvalid(SpecificRecord record, String message) {
        assertThatThrownBy(() -> normaliser.normalise(record))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining(message);
    }
}
