package io.crosstrust.jobs.tradeflow;

import io.crosstrust.events.common.Money;
import io.crosstrust.events.trade.EntityActivity;
import io.crosstrust.events.trade.TradeEventType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The running aggregate of one entity, kept mutable in keyed state and turned into an {@link
 * EntityActivity} record only when emitted: updating an Avro record per event (its builder
 * deep-copies every field) cost more than everything else in the flow. A Flink POJO; order volume
 * per currency in two parallel arrays sorted by currency (an entity trades in very few).
 */
public class EntityActivityState {
    public String entityId;
    public String region;
    public long version;
    public long orders;
    public long payments;
    public long shipments;
    public long disputes;
    public long onChainEvents;
    public long firstEventMillis;
    public long lastEventMillis;
    public String lastEventId;
    public String[] currencies = new String[0];
    public BigDecimal[] volumes = new BigDecimal[0];

    public EntityActivityState() {}

    /** Counts one more event the entity took part in. */
    public void add(EntityTouch touch) {
        if (version == 0) {
            entityId = touch.entityId;
            firstEventMillis = touch.eventTimeMillis;
            lastEventMillis = touch.eventTimeMillis;
        }
        version++;
        lastEventId = touch.eventId;
        if (touch.region != null) {
            region = touch.region;
        }
        firstEventMillis = Math.min(firstEventMillis, touch.eventTimeMillis);
        lastEventMillis = Math.max(lastEventMillis, touch.eventTimeMillis);
        if (touch.onChain) {
            onChainEvents++;
        }
        TradeEventType type = touch.type;
        if (type == TradeEventType.ORDER_PLACED) {
            orders++;
            if (touch.amount != null) {
                addVolume(touch.currency, touch.amount);
            }
        } else if (type == TradeEventType.PAYMENT_MADE) {
            payments++;
        } else if (type == TradeEventType.SHIPMENT_DELIVERED) {
            shipments++;
        } else if (type == TradeEventType.DISPUTE_OPENED) {
            disputes++;
        }
    }

    private void addVolume(String currency, BigDecimal amount) {
        int i = Arrays.binarySearch(currencies, currency);
        if (i >= 0) {
            volumes[i] = volumes[i].add(amount);
            return;
        }
        int at = -i - 1;
        String[] c = new String[currencies.length + 1];
        BigDecimal[] v = new BigDecimal[volumes.length + 1];
        System.arraycopy(currencies, 0, c, 0, at);
        System.arraycopy(volumes, 0, v, 0, at);
        c[at] = currency;
        v[at] = amount;
        System.arraycopy(currencies, at, c, at + 1, currencies.length - at);
        System.arraycopy(volumes, at, v, at + 1, volumes.length - at);
        currencies = c;
        volumes = v;
    }

    /** The record emitted downstream; {@code version} = events counted so far. */
    public EntityActivity toRecord() {
        List<Money> volume = new ArrayList<>(currencies.length);
        for (int i = 0; i < currencies.length; i++) {
            volume.add(new Money(volumes[i], currencies[i]));
        }
        return EntityActivity.newBuilder()
                .setEventId(entityId + ":" + version)
                .setEntityId(entityId)
                .setRegion(region)
                .setVersion(version)
                .setEvents(version)
                .setOrders(orders)
                .setPayments(payments)
                .setShipments(shipments)
                .setDisputes(disputes)
                .setOnChainEvents(onChainEvents)
                .setOrderVolume(volume)
                .setFirstEventTime(Instant.ofEpochMilli(firstEventMillis))
                .setLastEventTime(Instant.ofEpochMilli(lastEventMillis))
                .setLastEventId(lastEventId)
                .build();
    }
}
