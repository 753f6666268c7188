package dev.fctracing.internal.export.http;

import java.util.concurrent.ThreadFactory;

/** Daemon threads of one name: an exporter's threads never keep the JVM alive. */
final class DaemonThreads implements ThreadFactory {
    private final String name;

    DaemonThreads(String name) {
        this.name = name;
    }

    @Override
    public Thread newThread(Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
