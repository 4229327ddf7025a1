package dev.chainrule.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvTableTest {

    static CsvTable parse(String text) throws IOException {
        return CsvTable.read(new StringReader(text), "test.csv", true);
    }

    @Test
    void readsQuotedFieldsWithCommasEscapedQuotesAndLineBreaks() throws IOException {
        CsvTable t = parse("name,note\n\"Smith, J\",\"said \"\"hi\"\"\"\n\"two\nlines\",plain\n\"\",x\n");
        assertEquals(List.of("name", "note"), t.header());
        assertEquals(3, t.size());
        assertEquals("Smith, J", t.field(0, 0));
        assertEquals("said \"hi\"", t.field(0, 1));
        assertEquals("two\nlines", t.field(1, 0));
        assertEquals("", t.field(2, 0));
        assertEquals(2, t.line(0));
        assertEquals(3, t.line(1));
        assertEquals(5, t.line(2), "a line break inside quotes counts as a line");
    }

    @Test
    void acceptsCrlfBomBlankLinesAndNoFinalNewline() throws IOException {
        CsvTable t = parse("\uFEFFa,b\r\n1,2\r\n\r\n3,4");
        assertEquals(List.of("a", "b"), t.header(), "the byte-order mark is not part of the first name");
        assertEquals(2, t.size());
        assertEquals("4", t.field(1, 1));
        assertEquals(4, t.line(1));
    }

    @Test
    void readsAUtf8FileWithBom(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("bom.csv");
        Files.write(f, ("\uFEFFcolour,n\r\n\"bleu, clair\",1\r\nvert,2\r\n").getBytes(StandardCharsets.UTF_8));
        CsvTable t = CsvTable.read(f);
        assertEquals("colour", t.header().get(0));
        assertEquals("bleu, clair", t.field(0, 0));
    }

    @Test
    void tooFewOrTooManyFieldsNameTheLine() {
        DataFormatException few = assertThrows(DataFormatException.class, () -> parse("a,b,c\n1,2,3\n4,5\n"));
        assertTrue(few.getMessage().contains("line 3"), few.getMessage());
        assertTrue(few.getMessage().contains("too few fields: 2, expected 3"), few.getMessage());
        DataFormatException many = assertThrows(DataFormatException.class, () -> parse("a,b\n1,2\n\n4,5,6\n"));
        assertTrue(many.getMessage().contains("test.csv, line 4: too many fields: 3, expected 2"), many.getMessage());
        assertEquals(4, many.line());
    }

    @Test
    void emptyFileAndHeaderOnlyAreRefused() {
        DataFormatException empty = assertThrows(DataFormatException.class, () -> parse(""));
        assertTrue(empty.getMessage().contains("the file is empty"), empty.getMessage());
        assertThrows(DataFormatException.class, () -> parse("\uFEFF\r\n\n"));
        DataFormatException header = assertThrows(DataFormatException.class, () -> parse("a,b\n"));
        assertTrue(header.getMessage().contains("no data rows"), header.getMessage());
    }

    @Test
    void badQuotingIsRefusedWithItsLine() {
        DataFormatException open = assertThrows(DataFormatException.class, () -> parse("a\n\"never closed\n"));
        assertTrue(open.getMessage().contains("line 2") && open.getMessage().contains("not closed"), open.getMessage());
        DataFormatException stray = assertThrows(DataFormatException.class, () -> parse("a,b\n1,x\"y\n"));
        assertTrue(stray.getMessage().contains("line 2") && stray.getMessage().contains("field 2"), stray.getMessage());
        assertThrows(DataFormatException.class, () -> parse("a,b\n\"1\"x,2\n"));
    }

    @Test
    void duplicateOrEmptyColumnNamesAreRefused() {
        assertThrows(DataFormatException.class, () -> parse("a,a\n1,2\n"));
        assertThrows(DataFormatException.class, () -> parse("a,\n1,2\n"));
    }

    @Test
    void missingFileNamesIt(@TempDir Path dir) {
        DataFormatException e = assertThrows(DataFormatException.class, () -> CsvTable.read(dir.resolve("nope.csv")));
        assertTrue(e.getMessage().contains("nope.csv") && e.getMessage().contains("no such file"), e.getMessage());
    }

    @Test
    void headerlessTablesNumberTheirColumns() throws IOException {
        CsvTable t = CsvTable.read(new StringReader("0,16,3\n1,2,3\n"), "pixels.csv", false);
        assertEquals(List.of("1", "2", "3"), t.header());
        assertEquals(2, t.size());
        assertEquals(1, t.line(0));
    }
}
