package io.crosstrust.sinks.clickhouse;

import io.crosstrust.events.common.Money;
import io.crosstrust.events.trade.EntityActivity;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * {@link EntityActivity} as a row of {@code entity_activity}
 * (clickhouse/ddl/02_entity_activity.sql): order_volume becomes two parallel arrays (currency,
 * exact Decimal(38, 18) amount) in the record's order; version becomes the ReplacingMergeTree
 * version (UInt64, so it must not be negative).
 */
public final class EntityActivityRowEncoder implements ClickHouseRowEncoder<EntityActivity> {
    private static final long serialVersionUID = 1L;

    private static final List<String> COLUMNS =
            List.of(
                    "entity_id",
                    "event_id",
                    "region",
                    "version",
                    "events",
                    "orders",
                    "payments",
                    "shipments",
                    "disputes",
                    "on_chain_events",
                    "order_volume_currency",
                    "order_volume_amount",
                    "first_event_time",
                    "first_event_time_ms",
                    "last_event_time",
                    "last_event_time_ms",
                    "last_event_id");

    @Override
    public String table() {
        return ClickHouseSchema.ENTITY_ACTIVITY;
    }

    @Override
    public List<String> columns() {
        return COLUMNS;
    }

    @Override
    public void write(EntityActivity a, OutputStream out) throws IOException {
        RowBinaryOutput row = new RowBinaryOutput(out);
        row.string(a.getEntityId(), "entity_id")
                .string(a.getEventId(), "event_id")
                .nullableString(a.getRegion(), "region")
                .uint64(a.getVersion(), "version")
                .int64(a.getEvents())
                .int64(a.getOrders())
                .int64(a.getPayments())
                .int64(a.getShipments())
                .int64(a.getDisputes())
                .int64(a.getOnChainEvents());
        List<Money> volume = a.getOrderVolume();
        row.arrayLength(volume.size());
        for (Money m : volume) {
            row.string(m.getCurrency(), "order_volume_currency");
        }
        row.arrayLength(volume.size());
        for (Money m : volume) {
            row.decimal128(
                    m.getAmount(),
                    TradeEventRowEncoder.PRECISION,
                    TradeEventRowEncoder.SCALE,
                    "order_volume_amount");
        }
        row.dateTime(a.getFirstEventTime(), "first_event_time")
                .epochMillis(a.getFirstEventTime(), "first_event_time_ms")
                .dateTime(a.getLastEventTime(), "last_event_time")
                .epochMillis(a.getLastEventTime(), "last_event_time_ms")
                .string(a.getLastEventId(), "last_event_id");
    }
}
