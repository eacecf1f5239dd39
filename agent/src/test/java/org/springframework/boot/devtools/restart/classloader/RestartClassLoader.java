package org.springframework.boot.devtools.restart.classloader;

import java.net.URL;
import java.net.URLClassLoader;

/** Test stand-in with the name of DevTools' restart class loader (a URLClassLoader, as the real one). */
public class RestartClassLoader extends URLClassLoader {
    public RestartClassLoader(URL[] urls, ClassLoader parent) {
        super(urls, parent);
    }
}
