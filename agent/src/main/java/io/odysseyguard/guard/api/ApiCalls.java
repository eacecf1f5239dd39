package io.odysseyguard.guard.api;

import io.odysseyguard.guard.tracked.TrackedConnection;
import io.odysseyguard.guard.tracked.Tracker;
import io.odysseyguard.guard.triggers.ExplicitRelease;
import io.odysseyguard.guard.triggers.LoaderCloseTrigger;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the public {@code OdysseyGuard} calls, in JDK types only. The API class is a stateless front that any class
 * loader may define (its own copy, from the agent jar on its class path); every copy finds this class in the bootstrap
 * loader by name, and so the one registry. This class itself is in the agent jar only as class data that no class
 * loader can find: the agent alone defines it.
 */
public final class ApiCalls {
    private ApiCalls() {
    }

    public static boolean isAgentActive() {
        return Tracker.isInstalled();
    }

    public static int releaseLoader(ClassLoader loader, String trigger) {
        return ExplicitRelease.release(loader, trigger);
    }

    public static void nameClose(ClassLoader loader, String trigger) {
        LoaderCloseTrigger.name(loader, ExplicitRelease.clean(trigger));
    }

    public static int releaseIds(Set<Long> ids, String trigger) {
        return ExplicitRelease.release(ids, trigger);
    }

    public static int releaseAll(String trigger) {
        return ExplicitRelease.releaseAll(trigger);
    }

    /** One row per tracked connection: id (Long), class name, owner, opened at (epoch millis, Long), creation site. */
    public static List<Object[]> openConnections() {
        List<Object[]> rows = new ArrayList<>();
        for (TrackedConnection t : Tracker.tracked()) {
            rows.add(new Object[] {t.id(), t.className(), t.ownerDescription(), t.openedAtMillis(), t.site()});
        }
        return rows;
    }
}
