package io.crosstrust.sinks.clickhouse;

import io.crosstrust.events.common.ChainLog;
import io.crosstrust.events.common.Money;
import io.crosstrust.events.trade.TradeEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * {@link TradeEvent} as a row of {@code trade_events} (clickhouse/ddl/01_trade_events.sql): each
 * Money splits into amount + currency (both NULL when absent), ChainLog into the chain columns
 * (NULL for platform events, removed = 0), every instant into DateTime + exact epoch millis.
 */
public final class TradeEventRowEncoder implements ClickHouseRowEncoder<TradeEvent> {
    private static final long serialVersionUID = 1L;

    static final int PRECISION = 38;
    static final int SCALE = 18;

    private static final List<String> COLUMNS =
            List.of(
                    "event_id",
                    "event_time",
                    "event_time_ms",
                    "source",
                    "source_name",
                    "type",
                    "order_id",
                    "subject_id",
                    "counterparty_id",
                    "subject_region",
                    "counterparty_region",
                    "subject_address",
                    "amount",
                    "currency",
                    "reference_amount",
                    "reference_currency",
                    "reference_time",
                    "reference_time_ms",
                    "detail",
                    "rating",
                    "on_chain",
                    "chain_id",
                    "contract_address",
                    "block_number",
                    "block_hash",
                    "tx_hash",
                    "log_index",
                    "block_time",
                    "block_time_ms",
                    "removed");

    @Override
    public String table() {
        return ClickHouseSchema.TRADE_EVENTS;
    }

    @Override
    public List<String> columns() {
        return COLUMNS;
    }

    /** Optional Money as (Nullable(Decimal(38, 18)), Nullable(String)), both NULL when absent. */
    private static void money(
            RowBinaryOutput row, Money money, String amountColumn, String currencyColumn)
            throws IOException {
        row.nullableDecimal128(
                        money == null ? null : money.getAmount(), PRECISION, SCALE, amountColumn)
                .nullableString(money == null ? null : money.getCurrency(), currencyColumn);
    }

    @Override
    public void write(TradeEvent e, OutputStream out) throws IOException {
        RowBinaryOutput row = new RowBinaryOutput(out);
        row.string(e.getEventId(), "event_id")
                .dateTime(e.getEventTime(), "event_time")
                .epochMillis(e.getEventTime(), "event_time_ms")
                .string(e.getSource().name(), "source")
                .string(e.getSourceName(), "source_name")
                .string(e.getType().name(), "type")
                .nullableString(e.getOrderId(), "order_id")
                .string(e.getSubjectId(), "subject_id")
                .nullableString(e.getCounterpartyId(), "counterparty_id")
                .nullableString(e.getSubjectRegion(), "subject_region")
                .nullableString(e.getCounterpartyRegion(), "counterparty_region")
                .nullableString(e.getSubjectAddress(), "subject_address");
        money(row, e.getAmount(), "amount", "currency");
        money(row, e.getReferenceAmount(), "reference_amount", "reference_currency");
        row.nullableDateTime(e.getReferenceTime(), "reference_time")
                .nullableEpochMillis(e.getReferenceTime(), "reference_time_ms")
                .nullableString(e.getDetail(), "detail")
                .nullableInt32(e.getRating())
                .bool(e.getOnChain());
        ChainLog chain = e.getChain();
        if (chain == null) {
            row.nullableInt64(null)
                    .nullableString(null, "contract_address")
                    .nullableInt64(null)
                    .nullableString(null, "block_hash")
                    .nullableString(null, "tx_hash")
                    .nullableInt32(null)
                    .nullableDateTime(null, "block_time")
                    .nullableEpochMillis(null, "block_time_ms")
                    .bool(false);
        } else {
            row.nullableInt64(chain.getChainId())
                    .nullableString(chain.getContractAddress(), "contract_address")
                    .nullableInt64(chain.getBlockNumber())
                    .nullableString(chain.getBlockHash(), "block_hash")
                    .nullableString(chain.getTxHash(), "tx_hash")
                    .nullableInt32(chain.getLogIndex())
                    .nullableDateTime(chain.getBlockTime(), "block_time")
                    .nullableEpochMillis(chain.getBlockTime(), "block_time_ms")
                    .bool(chain.getRemoved());
        }
    }
}
