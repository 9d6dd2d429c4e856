package io.leadergate.devserver;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Writing JSON answers and reading query strings, with the headers kube-apiserver sets. */
final class HttpReplies {
    static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    private HttpReplies() {}

    static void json(HttpExchange exchange, int code, JsonElement body) throws IOException {
        json(exchange, code, body, "application/json");
    }

    static void json(HttpExchange exchange, int code, JsonElement body, String contentType)
            throws IOException {
        byte[] bytes = (GSON.toJson(body) + "\n").getBytes(StandardCharsets.UTF_8);
        setHeaders(exchange);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static void status(HttpExchange exchange, StatusException failure) throws IOException {
        if (failure.retryAfterSeconds() >= 0) {
            exchange.getResponseHeaders()
                    .set("Retry-After", Integer.toString(failure.retryAfterSeconds()));
        }
        if (failure.plainText() == null) {
            json(exchange, failure.code(), failure.status());
            return;
        }
        byte[] bytes = failure.plainText().getBytes(StandardCharsets.UTF_8);
        setHeaders(exchange);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.sendResponseHeaders(failure.code(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Headers for every API answer; Audit-Id as the real server sends, for log correlation. */
    static void setHeaders(HttpExchange exchange) {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache, private");
        exchange.getResponseHeaders().set("Audit-Id", UUID.randomUUID().toString());
    }

    /** Decoded query parameters; a repeated name keeps its first value. */
    static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> params = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.putIfAbsent(name, value);
        }
        return params;
    }

    static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
