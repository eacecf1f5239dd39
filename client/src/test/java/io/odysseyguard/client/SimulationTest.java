package io.odysseyguard.client;

import static io.odysseyguard.client.TestSupport.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.odysseyguard.localserver.LocalOdysseyServer;
import io.odysseyguard.localserver.junit.LocalOdysseyServerTest;
import java.util.List;
import org.junit.jupiter.api.Test;

@LocalOdysseyServerTest
class SimulationTest {

    @Test
    void submitPollListAndCancel(LocalOdysseyServer server) {
        OdysseyClient client = TestSupport.clientFor(server).build();
        SimulationRequest script = SimulationRequest.of(List.of(
                SimulationScriptEntry.start(0, "a cat on a windowsill"),
                SimulationScriptEntry.interact(200, "the cat jumps"),
                SimulationScriptEntry.end(400)));

        SimulationJob submitted = client.simulate(script);
        assertThat(submitted.jobId()).isNotBlank();
        assertThat(submitted.status()).isIn(SimulationStatus.PENDING, SimulationStatus.DISPATCHED);

        // No session is needed for the Simulate API.
        assertThat(client.isConnected()).isFalse();
        assertThat(server.usage().sessions()).isEmpty();

        SimulationJob done = eventually().until(() -> client.simulationStatus(submitted.jobId()),
                job -> job.status() == SimulationStatus.COMPLETED);
        assertThat(done.streams()).hasSize(1);
        assertThat(done.streams().get(0)).containsKey("stream_id");
        assertThat(done.status().isTerminal()).isTrue();

        // The next job waits behind a running one; the one after that stays pending and can be cancelled.
        SimulationJob second = client.simulate(script);
        SimulationJob third = client.simulate(script);
        SimulationJob cancelled = client.cancelSimulation(third.jobId());
        assertThat(cancelled.jobId()).isEqualTo(third.jobId());
        assertThat(cancelled.status()).isEqualTo(SimulationStatus.CANCELLED);
        assertThat(client.simulationStatus(third.jobId()).status()).isEqualTo(SimulationStatus.CANCELLED);

        List<SimulationJob> jobs = client.listSimulations();
        assertThat(jobs).extracting(SimulationJob::jobId)
                .contains(submitted.jobId(), second.jobId(), third.jobId());
    }

    @Test
    void anUnknownJobIsA404(LocalOdysseyServer server) {
        OdysseyClient client = TestSupport.clientFor(server).build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.simulationStatus("no-such-job"))
                .isInstanceOfSatisfying(OdysseyApiException.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    }
}
