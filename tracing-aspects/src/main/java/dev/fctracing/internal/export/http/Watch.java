package dev.fctracing.internal.export.http;

import java.net.HttpURLConnection;
import java.util.concurrent.ScheduledFuture;

/**
 * The watchdog's task for one request: closes its connection if the request is still running when it fires (a blocked
 * connect, write or read on the sending thread then fails). The sending thread calls {@link #finish} when the request
 * is over, after which the task does nothing.
 */
final class Watch implements Runnable {
    private final HttpURLConnection conn;
    private boolean finished;
    private boolean expired;
    volatile ScheduledFuture<?> task;

    Watch(HttpURLConnection conn) {
        this.conn = conn;
    }

    @Override
    public void run() {
        synchronized (this) {
            if (finished) {
                return;
            }
            expired = true;
        }
        try {
            conn.disconnect();
        } catch (RuntimeException ignored) {
            // nothing more to do
        }
    }

    synchronized boolean expired() {
        return expired;
    }

    void finish() {
        synchronized (this) {
            finished = true;
        }
        ScheduledFuture<?> t = task;
        if (t != null) {
            t.cancel(false);
        }
    }
}
