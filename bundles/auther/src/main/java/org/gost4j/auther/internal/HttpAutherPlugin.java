package org.gost4j.auther.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.gost4j.api.auth.AuthRequest;
import org.gost4j.support.loader.HttpSource.Http;
import org.gost4j.support.net.HttpUrl;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * GOST's HTTP auther plugin: every question is a POST of {@code {"service","username","password","client"}} as
 * JSON to the plugin's address (with {@code Authorization: Bearer TOKEN} if a token is set); a 200 answer with
 * {@code {"ok": true}} lets the user in, anything else, an error or no answer within the timeout keeps it out
 * and counts as a failure. Answers are reused for the asker's {@link AuthRequest#reuseMillis} at most (a tunnel's
 * keepalive period), so keepalives do not ask again; a question already on its way is not asked twice.
 */
final class HttpAutherPlugin implements AutoCloseable {

    private static final Logger LOG = System.getLogger(HttpAutherPlugin.class.getName());
    private static final int THREADS = 4;
    /** Questions waiting for a thread; more are refused at once (and counted) rather than queued without bound. */
    private static final int QUEUE = 256;
    private static final int MAX_CACHED = 4096;

    private record Question(String service, String client, String user, String password) {
    }

    /** {@code outcome} completes with the service's answer, or with null if asking failed (never reused). */
    private record Answer(CompletableFuture<Boolean> outcome, long expiresNanos) {

        boolean reusable(long nowNanos) {
            return !outcome.isDone() || outcome.join() != null && nowNanos - expiresNanos < 0;
        }
    }

    private final String owner;
    private final URL url;
    private final int timeoutMillis;
    private final String token;
    private final ThreadPoolExecutor executor;
    private final Map<Question, Answer> answers = new ConcurrentHashMap<>();
    private final LongAdder failures = new LongAdder();
    private volatile boolean failing;

    HttpAutherPlugin(String owner, String addr, Duration timeout, String token) {
        this.owner = owner;
        this.url = HttpUrl.parse(addr);
        this.timeoutMillis = Http.timeoutMillis(timeout);
        this.token = token == null || token.isEmpty() ? null : token;
        this.executor = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
                runnable -> {
                    Thread thread = new Thread(runnable, "gost4j-" + owner.replace(' ', '-') + "-plugin");
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
    }

    String describe() {
        return "plugin http " + Http.withoutUserInfo(url);
    }

    long failures() {
        return failures.sum();
    }

    CompletableFuture<Boolean> ask(String user, String password, AuthRequest request) {
        Question question = new Question(request.service(), request.client(), user, password);
        long now = System.nanoTime();
        Answer known = answers.get(question);
        if (known != null && known.reusable(now)) {
            return known.outcome().thenApply(Boolean.TRUE::equals);
        }
        if (answers.size() >= MAX_CACHED) {
            answers.values().removeIf(answer -> !answer.reusable(now));
            if (answers.size() >= MAX_CACHED) {
                answers.clear();
            }
        }
        CompletableFuture<Boolean> outcome;
        try {
            outcome = CompletableFuture.supplyAsync(() -> post(question), executor)
                    .orTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                    .exceptionally(this::failed);
        } catch (RejectedExecutionException e) {
            failed(new IOException("too many questions waiting"));
            return CompletableFuture.completedFuture(false);
        }
        answers.put(question, new Answer(outcome, now + TimeUnit.MILLISECONDS.toNanos(Math.max(0, request.reuseMillis()))));
        return outcome.thenApply(Boolean.TRUE::equals);
    }

    private boolean post(Question question) {
        JsonObject body = new JsonObject();
        body.addProperty("service", question.service());
        body.addProperty("username", question.user());
        body.addProperty("password", question.password());
        body.addProperty("client", question.client());
        try {
            HttpURLConnection connection = Http.open(url, timeoutMillis);
            try {
                connection.setRequestMethod("POST");
                connection.setDoOutput(true);
                connection.setRequestProperty("Content-Type", "application/json");
                if (token != null) {
                    connection.setRequestProperty("Authorization", "Bearer " + token);
                }
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(body.toString().getBytes(StandardCharsets.UTF_8));
                }
                boolean ok = ok(Http.okBody(connection));
                if (failing) {
                    failing = false;
                    LOG.log(Level.INFO, owner + ": " + describe() + " answers again");
                }
                return ok;
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** GOST's answer: {@code {"ok": bool, "id": string}}; anything else is a failure. */
    private static boolean ok(String answer) throws IOException {
        try {
            JsonElement ok = JsonParser.parseString(answer).getAsJsonObject().get("ok");
            return ok != null && ok.getAsBoolean();
        } catch (RuntimeException e) { // not JSON, not an object, ok not a boolean
            throw new IOException("answer is not GOST's {\"ok\": ...} JSON");
        }
    }

    /** Counts a failure, logs it if the plugin worked until now; null: no answer to reuse. */
    private Boolean failed(Throwable error) {
        failures.increment();
        Throwable cause = error;
        while ((cause instanceof java.util.concurrent.CompletionException || cause instanceof java.io.UncheckedIOException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (!failing) {
            failing = true;
            String reason = cause instanceof java.util.concurrent.TimeoutException
                    ? "no answer within " + timeoutMillis + " ms"
                    : cause.getMessage() == null ? cause.toString() : cause.getMessage();
            LOG.log(Level.WARNING, owner + ": " + describe() + " failed (" + reason
                    + "); registrations are refused while it fails");
        }
        return null;
    }

    @Override
    public void close() {
        executor.shutdownNow();
        answers.clear();
    }
}
