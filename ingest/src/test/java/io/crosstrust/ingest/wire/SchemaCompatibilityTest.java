package io.crosstrust.ingest.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * The schemas are the contract with producers. This test fails when a change to an .avsc breaks
 * backward compatibility (today's readers must read every version ever published) or when a change
 * was not recorded in the history. The rules are in docs/schemas.md.
 */
class SchemaCompatibilityTest {

    @Test
    void currentSchemasReadEveryPublishedVersion() {
        List<String> problems = new ArrayList<>();
        for (Class<? extends SpecificRecord> type : EventTypes.ALL) {
            Schema current = EventTypes.schemaOf(type);
            for (Schema old : SchemaStore.standard().versions(current.getFullName())) {
                problems.addAll(backwardProblems(current, old));
            }
        }
        assertThat(problems).as("backward-incompatible schema changes").isEmpty();
    }

    @Test
    void everyCurrentSchemaIsRecordedInTheHistory() {
        Set<Long> recorded =
                SchemaStore.history().stream()
                        .map(SchemaStore::fingerprint)
                        .collect(Collectors.toSet());
        List<String> unrecorded =
                EventTypes.ALL.stream()
                        .map(EventTypes::schemaOf)
                        .filter(s -> !recorded.contains(SchemaStore.fingerprint(s)))
                        .map(Schema::getFullName)
                        .toList();
        assertThat(unrecorded)
                .as(
                        "changed or new schemas not yet in ingest/src/main/avro/history: once this"
                                + " test's compatibility check passes, record them with"
                                + " SchemaHistoryTool (docs/schemas.md)")
                .isEmpty();
    }

    @Test
    void theCheckCatchesABreakingChange() {
        Schema review = EventTypes.schemaOf(io.crosstrust.events.platform.Review.class);
        // a new required field without a default: old messages lack it, so today's reader breaks
        Schema broken =
                withField(review, new Schema.Field("channel", Schema.create(Schema.Type.STRING)));
        assertThat(backwardProblems(broken, review)).isNotEmpty();
        // the same field with a default is fine
        Schema fine =
                withField(
                        review,
                        new Schema.Field(
                                "channel", Schema.create(Schema.Type.STRING), null, "web"));
        assertThat(backwardProblems(fine, review)).isEmpty();
    }

    @Test
    void everyEventCarriesAnIdAndUtcTimestamps() {
        for (Class<? extends SpecificRecord> type : EventTypes.ALL) {
            Schema schema = EventTypes.schemaOf(type);
            Schema.Field id = schema.getField("event_id");
            assertThat(id).as(schema.getName() + ".event_id").isNotNull();
            assertThat(id.schema().getType()).isEqualTo(Schema.Type.STRING);
            assertThat(hasTimestamp(schema))
                    .as(schema.getName() + " has a timestamp-millis field")
                    .isTrue();
        }
    }

    @Test
    void moneyAndChainValuesAreExactDecimals() {
        Schema money =
                EventTypes.schemaOf(io.crosstrust.events.platform.OrderPlaced.class)
                        .getField("amount")
                        .schema();
        assertThat(money.getField("amount").schema().getLogicalType())
                .isEqualTo(LogicalTypes.decimal(38, 18));
        assertThat(money.getField("currency")).isNotNull();
        Schema uint256 =
                EventTypes.schemaOf(io.crosstrust.events.chain.Erc20Transfer.class)
                        .getField("value")
                        .schema();
        assertThat(uint256.getField("value").schema().getLogicalType())
                .isEqualTo(LogicalTypes.decimal(78, 0));
    }

    private static boolean hasTimestamp(Schema schema) {
        for (Schema.Field f : schema.getFields()) {
            Schema s = f.schema();
            if (s.getType() == Schema.Type.UNION) {
                s = s.getTypes().get(s.getTypes().size() - 1);
            }
            if (s.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
                return true;
            }
        }
        return false;
    }

    static List<String> backwardProblems(Schema reader, Schema writer) {
        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return List.of();
        }
        return result.getResult().getIncompatibilities().stream()
                .map(
                        i ->
                                reader.getFullName()
                                        + ": "
                                        + i.getType()
                                        + " at "
                                        + i.getLocation()
                                        + " ("
                                        + i.getMessage()
                                        + ")")
                .toList();
    }

    static Schema withField(Schema record, Schema.Field extra) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : record.getFields()) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        fields.add(extra);
        return Schema.createRecord(
                record.getName(), record.getDoc(), record.getNamespace(), false, fields);
    }
}
