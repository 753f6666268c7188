package dev.fctracing.internal.export.http;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class SendingPathTest {

    @Test
    void gettingReadyOpensNoConnection() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String url = "http://127.0.0.1:" + listener.getLocalPort() + "/adapt_token/api/traces";
            SendingPath.ready(new java.net.URL(url));

            // The kernel completes a connect into the backlog without accept(): a connection would be there at once.
            listener.setSoTimeout(1);
            try (java.net.Socket accepted = listener.accept()) {
                throw new AssertionError("readySendingPath connected to " + accepted.getRemoteSocketAddress());
            } catch (java.net.SocketTimeoutException expected) {
                // nothing connected
            }
        }
    }
}
