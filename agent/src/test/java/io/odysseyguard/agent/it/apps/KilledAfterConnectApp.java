package io.odysseyguard.agent.it.apps;

import io.odysseyguard.client.OdysseyClient;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Has itself killed with {@code kill -9} the moment its last {@code connect()} returned, as fast as a real SIGKILL can
 * come: {@code KilledAfterConnectApp <api url> <connections> <pause millis before the last>}. A helper shell, started
 * before the first connect, waits on a pipe and runs {@code kill -9 <this pid>} as soon as a byte arrives, so the kill
 * costs no process start after the connect. The pause lets the first connections settle (the guard's keeper thread
 * has long told the watchdog about them) before the last one, whose kill then tests the later connects' path.
 */
public final class KilledAfterConnectApp {
    private static final List<OdysseyClient> CLIENTS = new ArrayList<>();

    private KilledAfterConnectApp() {
    }

    public static void main(String[] args) throws Exception {
        String apiUrl = args[0];
        int connections = Integer.parseInt(args[1]);
        long pauseMillis = Long.parseLong(args[2]);
        Process killer = new ProcessBuilder("sh", "-c", "read go; kill -9 " + ProcessHandle.current().pid())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        OutputStream trigger = killer.getOutputStream();
        for (int i = 0; i < connections; i++) {
            if (i == connections - 1 && pauseMillis > 0) {
                Thread.sleep(pauseMillis);
            }
            OdysseyClient client = OdysseyClient.builder().apiKey(System.getenv("ODYSSEY_API_KEY")).apiUrl(apiUrl).build();
            client.connect();
            CLIENTS.add(client);
        }
        trigger.write('\n');
        trigger.flush();
        Thread.sleep(60_000); // killed long before
        System.out.println("not killed");
    }
}
