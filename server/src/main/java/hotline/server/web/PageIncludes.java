package hotline.server.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pages assembled from shared parts: a line {@code <!--#include NAME-->} in a page is replaced by the classpath file
 * {@code web/parts/NAME} (one level, no nesting), so the agent desktop's pane is written once for
 * {@code agent.html} and {@code leader.html}. Each page is read and assembled once, on first request, through the
 * Vert.x file system (classpath-aware, off the event loop); a part that is missing fails the page with 500 and names
 * the part.
 */
final class PageIncludes {
    private static final Pattern INCLUDE = Pattern.compile("<!--#include ([A-Za-z0-9_-]+\\.html)-->");

    private final Vertx vertx;
    // State accessed exclusively from the verticle's event loop
    private final Map<String, Future<String>> pages = new HashMap<>();

    private PageIncludes(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Serves {@code /<page>} for each page (before the static handler, which serves every other file). */
    static void mount(Router router, Vertx vertx, String... names) {
        PageIncludes includes = new PageIncludes(vertx);
        for (String name : names) {
            router.get("/" + name).handler(ctx -> includes.page(name).onComplete(ar -> {
                if (ar.failed()) {
                    ctx.response().setStatusCode(500).putHeader("Content-Type", "text/plain; charset=UTF-8")
                            .end("page " + name + " could not be assembled: " + ar.cause().getMessage());
                } else {
                    ctx.response().putHeader("Content-Type", "text/html; charset=UTF-8")
                            .putHeader("Cache-Control", "no-cache").end(ar.result());
                }
            }));
        }
    }

    private Future<String> page(String name) {
        return pages.computeIfAbsent(name, n -> read(n).compose(this::assemble).onFailure(err -> pages.remove(n)));
    }

    private Future<String> read(String path) {
        return vertx.fileSystem().readFile("web/" + path).map(b -> b.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    // Every include line of the page (not of the parts: one level) replaced by its part, in order.
    private Future<String> assemble(String page) {
        Matcher m = INCLUDE.matcher(page);
        java.util.List<Future<String>> parts = new java.util.ArrayList<>();
        java.util.List<int[]> spans = new java.util.ArrayList<>();
        while (m.find()) {
            String part = m.group(1);
            parts.add(read("parts/" + part).recover(err -> Future.failedFuture("missing part web/parts/" + part)));
            spans.add(new int[] {m.start(), m.end()});
        }
        return Future.all(parts).map(all -> {
            StringBuilder out = new StringBuilder();
            int at = 0;
            for (int i = 0; i < spans.size(); i++) {
                out.append(page, at, spans.get(i)[0]).append(parts.get(i).result());
                at = spans.get(i)[1];
            }
            return out.append(page.substring(at)).toString();
        });
    }
}
