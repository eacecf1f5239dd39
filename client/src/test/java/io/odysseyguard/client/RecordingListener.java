package io.odysseyguard.client;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Remembers every listener event as text, for assertions. */
final class RecordingListener implements OdysseyListener {

    final List<String> connected = new CopyOnWriteArrayList<>();
    final List<String> streamsStarted = new CopyOnWriteArrayList<>();
    final List<String> acknowledged = new CopyOnWriteArrayList<>();
    final List<String> streamsEnded = new CopyOnWriteArrayList<>();
    final List<String> streamErrors = new CopyOnWriteArrayList<>();
    final List<String> disconnected = new CopyOnWriteArrayList<>();

    @Override
    public void onConnected(String sessionId) {
        connected.add(sessionId);
    }

    @Override
    public void onStreamStarted(String streamId) {
        streamsStarted.add(streamId);
    }

    @Override
    public void onInteractAcknowledged(String prompt) {
        acknowledged.add(prompt);
    }

    @Override
    public void onStreamEnded() {
        streamsEnded.add("ended");
    }

    @Override
    public void onStreamError(String reason, String message) {
        streamErrors.add(reason + ": " + message);
    }

    @Override
    public void onDisconnected(int closeCode, String reason, boolean byServer) {
        disconnected.add(closeCode + " " + reason + " byServer=" + byServer);
    }
}
