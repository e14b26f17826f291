/**
 * The web UI served by the server: pages under classpath {@code web/}, login with roles and sessions
 * ({@link hotline.server.web.WebRoutes}, {@link hotline.server.web.Access}, {@link hotline.server.web.PasswordHash}),
 * and the agent desktop's live state frames ({@link hotline.server.web.AgentEvents}). See docs/web.md.
 */
package hotline.server.web;
