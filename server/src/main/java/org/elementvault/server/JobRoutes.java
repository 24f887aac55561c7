package org.elementvault.server;

import org.elementvault.server.http.Router;

/** {@code /jobs}: job states and cancellation (a job's result is under {@link ElementRoutes}). */
final class JobRoutes {

  private JobRoutes() {}

  static void register(Router<Route> router, Apis apis) {
    router
        .add("GET", "/jobs", Route.read(c -> Json.ok(apis.as(c.principal()).listJobs())))
        .add(
            "GET",
            "/jobs/{job}",
            Route.read(c -> Json.ok(apis.as(c.principal()).showJob(c.name("job", "job")))))
        .add(
            "POST",
            "/jobs/{job}/cancel",
            Route.read(c -> Json.ok(apis.as(c.principal()).cancelJob(c.name("job", "job")))));
  }
}
