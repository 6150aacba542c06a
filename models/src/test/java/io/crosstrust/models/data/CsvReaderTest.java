package io.crosstrust.models.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderTest {
    private static List<String[]> read(String s) throws Exception {
        return CsvReader.comma().readAll(new StringReader(s));
    }

    @Test
    void quotedFieldsKeepCommasQuotesAndLineBreaks() throws Exception {
        List<String[]> r = read("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n");
        assertThat(r).hasSize(2);
        assertThat(r.get(1)).containsExactly("x, y", "say \"hi\"", "two\nlines");
    }

    @Test
    void crlfAndLoneCrEndLinesAndCrlfInsideQuotesIsKept() throws Exception {
        List<String[]> r = read("a,b\r\n1,2\r3,\"4\r\n5\"\r\n");
        assertThat(r).hasSize(3);
        assertThat(r.get(1)).containsExactly("1", "2");
        assertThat(r.get(2)).containsExactly("3", "4\r\n5");
    }

    @Test
    void emptyFieldsBlankLinesAndMissingFinalNewline() throws Exception {
        List<String[]> r = read("a,b,c\n\n1,,\n,,3");
        assertThat(r).hasSize(3);
        assertThat(r.get(1)).containsExactly("1", "", "");
        assertThat(r.get(2)).containsExactly("", "", "3");
    }

    @Test
    void byteOrderMarkIsSkippedAndPaddingAfterClosingQuoteIgnored() throws Exception {
        List<String[]> r = read("\uFEFFa,b\n\"x\" ,y\n");
        assertThat(r.get(0)).containsExactly("a", "b");
        assertThat(r.get(1)).containsExactly("x", "y");
    }

    @Test
    void unclosedQuoteIsAnErrorNamingTheLine() {
        assertThatThrownBy(() -> read("a,b\n1,2\n3,\"open\n"))
                .isInstanceOf(CsvReader.CsvFormatException.class)
                .hasMessageContaining("line 3")
                .hasMessageContaining("not closed");
    }

    @Test
    void textAfterAClosingQuoteIsAnError() {
        assertThatThrownBy(() -> read("a\n\"x\"y\n"))
                .isInstanceOf(CsvReader.CsvFormatException.class)
                .hasMessageContaining("line 2");
    }

    @Test
    void tableRejectsRaggedRowsAndDuplicateHeaders() {
        assertThatThrownBy(() -> DataTable.parse("t.csv", bytes("a,b\n1,2\n3\n")))
                .hasMessageContaining("record 3 has 1 values but the header has 2");
        assertThatThrownBy(() -> DataTable.parse("t.csv", bytes("a,a\n1,2\n")))
                .hasMessageContaining("appears twice");
    }

    @Test
    void tableFingerprintIsTheSha256OfTheBytes() throws Exception {
        DataTable t = DataTable.parse("t.csv", bytes("a\n1\n"));
        assertThat(t.sha256()).hasSize(64).isEqualTo(DataTable.sha256(bytes("a\n1\n")));
        assertThat(DataTable.sha256(bytes("abc")))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void trainingTableInfersTypesAndTreatsMissingMarkers() throws Exception {
        DataTable t =
                DataTable.parse(
                        "t.csv",
                        bytes(
                                "num,cat,mixed,y\n1.5,a,1,bad\nNA,b,x,good\n,\"a\",2,bad\n3,,3,good\n"));
        TabularData d = TabularData.fromTable(t, "y", "bad", List.of(), List.of());
        assertThat(d.labels()).containsExactly(1, 0, 1, 0);
        TabularData.NumericColumn num = (TabularData.NumericColumn) d.column("num");
        assertThat(num.get(0)).isEqualTo(1.5);
        assertThat(num.get(1)).isNaN();
        assertThat(num.get(2)).isNaN();
        assertThat(d.column("cat")).isInstanceOf(TabularData.CategoricalColumn.class);
        assertThat(((TabularData.CategoricalColumn) d.column("cat")).get(3)).isNull();
        assertThat(d.column("mixed")).isInstanceOf(TabularData.CategoricalColumn.class);
        TabularData forced = TabularData.fromTable(t, "y", "bad", List.of("num"), List.of("mixed"));
        assertThat(forced.column("num")).isInstanceOf(TabularData.CategoricalColumn.class);
        assertThat(forced.columns())
                .extracting(TabularData.Column::name)
                .containsExactly("num", "cat");
    }

    @Test
    void trainingTableErrorsSayWhatToFix() throws Exception {
        DataTable t = DataTable.parse("t.csv", bytes("x,y\n1,a\n2,b\n"));
        assertThatThrownBy(() -> TabularData.fromTable(t, "label", "1", List.of(), List.of()))
                .hasMessageContaining("no column 'label'")
                .hasMessageContaining("[x, y]");
        assertThatThrownBy(() -> TabularData.fromTable(t, "y", "c", List.of(), List.of()))
                .hasMessageContaining("no row has label 'c'")
                .hasMessageContaining("[a, b]");
        DataTable gap = DataTable.parse("g.csv", bytes("x,y\n1,a\n2,\n"));
        assertThatThrownBy(() -> TabularData.fromTable(gap, "y", "a", List.of(), List.of()))
                .hasMessageContaining("data row 2 has no value in label column 'y'");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
