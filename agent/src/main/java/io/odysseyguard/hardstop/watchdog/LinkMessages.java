package io.odysseyguard.hardstop.watchdog;

import io.odysseyguard.client.session.SessionCredentials;
import io.odysseyguard.hardstop.HeldSession;
import io.odysseyguard.hardstop.JvmIdentity;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;

/**
 * The link from a guarded JVM to its watchdog: the watchdog's standard input, a pipe only the two of them hold, so that
 * session tokens never appear on a command line or in an environment. Framed by {@link DataOutputStream}: a kind byte,
 * then its fields. The JVM's end closing without {@link #GOODBYE} means the JVM died.
 */
public final class LinkMessages {
    /** First, once: who the JVM is and where its state directory is. */
    public static final byte HELLO = 'H';
    /** A session the JVM now holds (or holds with new credentials), by the JVM's key for it. */
    public static final byte REMEMBER = 'R';
    /** A session the JVM no longer holds. */
    public static final byte FORGET = 'F';
    /** The JVM exits cleanly, its exit trigger has released what it could. */
    public static final byte GOODBYE = 'G';

    private LinkMessages() {
    }

    static void hello(DataOutputStream out, JvmIdentity jvm, String stateDir) throws IOException {
        out.writeByte(HELLO);
        out.writeLong(jvm.pid());
        out.writeLong(jvm.startMillis());
        out.writeUTF(jvm.mainClass());
        out.writeUTF(stateDir);
    }

    static void remember(DataOutputStream out, HeldSession s) throws IOException {
        out.writeByte(REMEMBER);
        out.writeLong(s.key());
        out.writeUTF(s.credentials().sessionId());
        out.writeUTF(s.credentials().signallingUrl());
        out.writeUTF(s.credentials().sessionToken());
        out.writeLong(s.credentials().expiresAt().toEpochMilli());
        out.writeLong(s.openedAtMillis());
        out.writeUTF(s.owner());
        out.writeUTF(s.site());
    }

    static void forget(DataOutputStream out, long key) throws IOException {
        out.writeByte(FORGET);
        out.writeLong(key);
    }

    public static JvmIdentity readHello(DataInputStream in) throws IOException {
        return new JvmIdentity(in.readLong(), in.readLong(), in.readUTF());
    }

    public static HeldSession readRemember(DataInputStream in) throws IOException {
        long key = in.readLong();
        SessionCredentials credentials = new SessionCredentials(in.readUTF(), in.readUTF(), in.readUTF(),
                Instant.ofEpochMilli(in.readLong()));
        return new HeldSession(key, credentials, in.readLong(), in.readUTF(), in.readUTF());
    }
}
