package io.odysseyguard.guard;

import java.time.Instant;
import java.util.List;

/**
 * A snapshot of one connection the guard tracks: no reference to the connection itself.
 *
 * @param className    the connection's class name
 * @param owner        description of its owner generation (the class loader it belongs to), e.g. {@code app}
 * @param openedAt     when it was opened
 * @param creationSite where it was opened, innermost frame first
 */
public record OpenConnection(String className, String owner, Instant openedAt, List<String> creationSite) {
}
