package io.crosstrust.jobs.network.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import org.junit.jupiter.api.Test;

class EdgeListCsvTest {
    private static EdgeListCsv.Result read(String text, EdgeListCsv.Columns columns)
            throws Exception {
        return EdgeListCsv.read(new StringReader(text), columns, ',', "edges.csv");
    }

    @Test
    void readsQuotedFieldsCrlfAndABom() throws Exception {
        String text =
                "\uFEFFfrom,\"to\",amount,note\r\n"
                        + "\"Acme, Ltd\",b,10,\"said \"\"hi\"\"\"\r\n"
                        + "b,\"Acme, Ltd\",2.5,\"two\r\nlines\"\r\n"
                        + "\r\n"
                        + "b,c,1e1,\n"
                        + "c,c,4,self-loop\n"
                        + "b,c,5,repeat";
        EdgeListCsv.Result r = read(text, EdgeListCsv.Columns.of("from", "to", "amount"));
        TradeGraph g = r.graph();
        assertThat(r.rows()).isEqualTo(5);
        assertThat(r.header()).containsExactly("from", "to", "amount", "note");
        assertThat(g.nodes()).isEqualTo(3);
        assertThat(g.edges()).isEqualTo(3);
        assertThat(g.selfLoops()).isEqualTo(1);
        int acme = g.nodeNumber("Acme, Ltd");
        int b = g.nodeNumber("b");
        int c = g.nodeNumber("c");
        assertThat(acme).isNotNegative();
        assertThat(g.edgeVolume(g.edge(acme, b))).isEqualTo(10);
        assertThat(g.edgeVolume(g.edge(b, acme))).isEqualTo(2.5);
        assertThat(g.edgeVolume(g.edge(b, c))).isEqualTo(15);
        assertThat(g.edgeTrades(g.edge(b, c))).isEqualTo(2);
        assertThat(g.totalVolume()).isEqualTo(27.5);
    }

    @Test
    void withoutAWeightColumnEveryRowWeighsOne() throws Exception {
        TradeGraph g = read("s,t\na,b\na,b\nb,a\n", EdgeListCsv.Columns.of("s", "t", null)).graph();
        assertThat(g.totalVolume()).isEqualTo(3);
        assertThat(g.trades()).isEqualTo(3);
    }

    @Test
    void readsRegionsWhenAsked() throws Exception {
        EdgeListCsv.Columns columns = new EdgeListCsv.Columns("s", "t", null, "sr", "tr");
        TradeGraph g = read("s,t,sr,tr\na,b,CN,DE\nb,c,DE,\n", columns).graph();
        assertThat(g.nodeRegion(g.nodeNumber("a"))).isEqualTo("CN");
        assertThat(g.nodeRegion(g.nodeNumber("b"))).isEqualTo("DE");
        assertThat(g.nodeRegion(g.nodeNumber("c"))).isNull();
    }

    @Test
    void aMissingColumnListsTheHeader() {
        assertThatThrownBy(
                        () ->
                                read(
                                        "exporter_iso3,importer_iso3,year\nA,B,1985\n",
                                        EdgeListCsv.Columns.of("exporter", "importer_iso3", null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no column 'exporter' (--source)")
                .hasMessageContaining("the header has: exporter_iso3, importer_iso3, year");
        assertThatThrownBy(() -> read("s,t\na,b\n", EdgeListCsv.Columns.of("s", "t", "value")))
                .hasMessageContaining("no column 'value' (--weight)");
    }

    @Test
    void badRowsNameTheirLine() {
        EdgeListCsv.Columns columns = EdgeListCsv.Columns.of("s", "t", "w");
        assertThatThrownBy(() -> read("s,t,w\na,b,1\na,b\n", columns))
                .hasMessageContaining("line 3: 2 fields, expected at least 3");
        assertThatThrownBy(() -> read("s,t,w\na,b,x1\n", columns))
                .hasMessageContaining("line 2: w 'x1' is not a number");
        assertThatThrownBy(() -> read("s,t,w\na,b,-1\n", columns))
                .hasMessageContaining("line 2: w -1 must be a finite number >= 0");
        assertThatThrownBy(() -> read("s,t,w\na,b,NaN\n", columns))
                .hasMessageContaining("must be a finite number");
        assertThatThrownBy(() -> read("s,t,w\n\"a,b,1\n", columns))
                .hasMessageContaining("line 2: unterminated quoted field");
        assertThatThrownBy(() -> read("s,t,w\n \t,b,1\n", columns))
                .hasMessageContaining("line 2: empty s id");
        assertThatThrownBy(() -> read("", columns)).hasMessageContaining("empty file");
    }
}
