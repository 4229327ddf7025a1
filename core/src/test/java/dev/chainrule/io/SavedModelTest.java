package dev.chainrule.io;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SavedModelTest {

    @Test
    void theBuilderNeedsOnlyTheNetwork() {
        SavedModel saved = SavedModel.builder(ModelFileTest.tiny()).build();
        assertEquals(List.of(), saved.classNames());
        assertNull(saved.preprocessing());
        assertNull(saved.dataset());
        assertNull(saved.training());
    }

    @Test
    void theBuilderTakesEachPartByName() throws Exception {
        // a preprocessing that gives the network's 3 inputs (a reader refuses one that does not)
        var columns = ModelFileTest.tinySaved().preprocessing();
        SavedModel saved = SavedModel.builder(ModelFileTest.tiny())
                .classNames(List.of("a", "b", "c"))
                .preprocessing(columns)
                .dataset(DatasetRecord.of("digits", 0.2, 1))
                .training(ModelFileTest.tinySaved().training())
                .build();
        assertEquals(List.of("a", "b", "c"), saved.classNames());
        assertEquals(columns, saved.preprocessing());
        assertEquals("digits", saved.dataset().data());
        assertEquals(30, saved.training().settings().epochs());
        SavedModel changed = saved.toBuilder().training(null).build();
        assertNull(changed.training());
        assertEquals(saved.preprocessing(), changed.preprocessing());
        SavedModel back = ModelFile.fromBytes(ModelFile.toBytes(saved), "saved");
        assertEquals(saved.classNames(), back.classNames());
        assertEquals(saved.preprocessing(), back.preprocessing());
        assertEquals(saved.training(), back.training());
    }

    @Test
    void aMissingNetworkIsAMessageNotANullPointer() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SavedModel.builder(null).build());
        assertTrue(e.getMessage().contains("needs its network"), e.getMessage());
    }
}
