package io.odysseyguard.client;

import java.util.List;
import java.util.Map;

/**
 * A Simulate API job as the server last described it.
 *
 * @param jobId     the job's id
 * @param status    its state ({@link SimulationStatus#UNKNOWN} for a state this client does not know)
 * @param createdAt when it was created, as the server wrote it; may be null
 * @param streams   the streams the job produced so far (each as the server's JSON object)
 * @param fields    every field of the server's JSON object, for what this record does not model
 */
public record SimulationJob(String jobId, SimulationStatus status, String createdAt,
                            List<Map<String, Object>> streams, Map<String, Object> fields) {

    public SimulationJob {
        streams = streams == null ? List.of() : List.copyOf(streams);
        fields = fields == null ? Map.of() : fields;
    }
}
