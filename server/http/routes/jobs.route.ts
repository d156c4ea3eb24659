import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { JobRegistry } from "../../jobs/job-registry.js";
import { requireReader } from "../auth/authenticate.js";
import type { AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { errorResponses } from "../schemas.js";
import { validationHook } from "../validation.js";

const jobParameter = z.object({ id: z.string().uuid("id must be a job id") });
const json = (description: string) => ({ content: { "application/json": { schema: z.any() } }, description });

/** Progress and cancellation of long work (imports): only its starter (or a system administrator) sees a job. */
export function jobRoutes(jobs: JobRegistry) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(
    createRoute({
      method: "get",
      path: "/jobs/{id}",
      summary: "A job's state and progress: { id, kind, state, processed, total, phase, result?, error? }",
      request: { params: jobParameter },
      responses: { 200: json("The job"), ...errorResponses },
    }),
    (c) => {
      const principal = requireReader(c);
      const { id } = c.req.valid("param");
      const job = jobs.get(id, principal.userId, principal.roles.includes("system_admin"));
      if (!job) throw new ApiError("not_found", `No job ${id}`);
      return c.json(job, 200);
    },
  );
  return app.openapi(
    createRoute({
      method: "delete",
      path: "/jobs/{id}",
      summary:
        "Cancel a running job; answers once its work has stopped (an import's transaction rolled back)",
      request: { params: jobParameter },
      responses: { 200: json("The cancelled job"), ...errorResponses },
    }),
    async (c) => {
      const principal = requireReader(c);
      const { id } = c.req.valid("param");
      const job = jobs.get(id, principal.userId, principal.roles.includes("system_admin"));
      if (!job) throw new ApiError("not_found", `No job ${id}`);
      if (job.state !== "running")
        throw new ApiError("conflict", `Job ${id} has already ended: ${job.state}`);
      return c.json(await jobs.cancel(id), 200);
    },
  );
}
