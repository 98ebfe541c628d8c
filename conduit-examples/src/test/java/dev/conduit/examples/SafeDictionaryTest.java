package dev.conduit.examples;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SafeDictionaryTest {

    @Test
    void noWriteIsLostAndCompoundUpdatesAreAtomic() throws Exception {
        SafeDictionary.Result r = SafeDictionary.run(new Printed().out);

        assertThat(r.size()).isEqualTo(500);
        assertThat(r.wordCountsAllFive()).isTrue();
        assertThat(r.valuesCreated()).isEqualTo(100);
        assertThat(r.ok()).isTrue();
    }
}
