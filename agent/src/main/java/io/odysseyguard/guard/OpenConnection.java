package io.odysseyguard.guard;

import java.time.Instant;
import java.util.List;

/**
 * A snapshot of one connection the guard tracks: no reference to the connection itself.
 *
 * @param id           the guard's number for it: unique in this JVM (never reused) and larger for a connection
 *                     tracked later, so that snapshots can be compared ("opened since") and a connection released
 *                     by {@link OdysseyGuard#release(java.util.Collection, String)}
 * @param className    the connection's class name
 * @param owner        description of its owner generation (the class loader it belongs to), e.g. {@code app}
 * @param openedAt     when it was opened
 * @param creationSite where it was opened, innermost frame first
 */
public record OpenConnection(long id, String className, String owner, Instant openedAt, List<String> creationSite) {
}
