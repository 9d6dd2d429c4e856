package io.leadergate.agent.expose;

import java.nio.charset.StandardCharsets;

/** One HTTP answer of the health port: status, content type and body. Immutable. */
final class Reply {

    static final String TEXT = "text/plain; charset=utf-8";
    static final String JSON = "application/json; charset=utf-8";

    final int status;
    final String contentType;
    final byte[] body;

    Reply(int status, String contentType, String body) {
        this.status = status;
        this.contentType = contentType;
        this.body = body.getBytes(StandardCharsets.UTF_8);
    }

    static Reply text(int status, String body) {
        return new Reply(status, TEXT, body + "\n");
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
