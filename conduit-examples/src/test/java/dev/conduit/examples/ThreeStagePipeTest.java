package dev.conduit.examples;

import dev.conduit.pipeline.PipelineStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ThreeStagePipeTest {

    @Test
    void everyItemPassesEveryStageOnceInOrderAndThePipeEndsByItself() throws Exception {
        ThreeStagePipe.Result r = ThreeStagePipe.run(new Printed().out);

        assertThat(r.channelResults()).hasSize(ThreeStagePipe.ITEMS)
                .startsWith("final(processed(preprocessed(item-0)))")
                .containsExactlyElementsOf(ThreeStagePipe.Result.expected());
        assertThat(r.pipelineResults()).containsExactlyElementsOf(ThreeStagePipe.Result.expected());
        assertThat(r.pipelineStatus()).isEqualTo(PipelineStatus.COMPLETED);
        assertThat(r.ok()).isTrue();
    }
}
