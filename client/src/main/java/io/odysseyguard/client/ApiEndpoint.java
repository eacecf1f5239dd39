package io.odysseyguard.client;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * The API's base URL and where it came from: {@code apiUrl(...)}, {@code ODYSSEY_API_URL} or the default. An error
 * about reaching the API names both, so a wrong URL is fixed where it was set.
 */
record ApiEndpoint(URI url, Source source) {

    /** Where the URL came from, as a message says it. */
    enum Source {
        BUILDER("from apiUrl(...)"),
        ENVIRONMENT("from " + OdysseyClientBuilder.API_URL_VARIABLE),
        DEFAULT("the default; " + OdysseyClientBuilder.API_URL_VARIABLE + " is not set");

        private final String description;

        Source(String description) {
            this.description = description;
        }

        String description() {
            return description;
        }
    }

    /** {@code http://127.0.0.1:9 (from ODYSSEY_API_URL)}: the URL (without user info) and where it came from. */
    String describe() {
        return withoutUserInfo(url) + " (" + source.description + ")";
    }

    /** The URL as a message may show it: user info (a password) left out. */
    static String withoutUserInfo(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri.toString();
        }
        try {
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(),
                    uri.getFragment()).toString();
        } catch (URISyntaxException e) {
            return uri.getScheme() + "://" + uri.getHost();
        }
    }
}
