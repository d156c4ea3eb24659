import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { postgisVersion } from "../../db/database.js";
import { inventoryCounts } from "../../db/repositories/stats.repository.js";
import type { AppDependencies } from "../context.js";

const healthSchema = z
  .object({
    status: z.literal("ok"),
    mode: z.enum(["embedded", "server"]),
    postgis: z.string().openapi({ example: "3.6.2" }),
    counts: z.object({ regions: z.number(), units: z.number(), buildings: z.number(), rooms: z.number() }),
    demoAccounts: z.boolean().openapi({ description: "Whether the demo accounts exist (demo data loaded)" }),
    basemap: z
      .object({
        rasterTiles: z.string().optional(),
        styleUrl: z.string().optional(),
        attribution: z.string().optional(),
      })
      .nullable()
      .openapi({ description: "The deployment's external basemap, or null for the offline map" }),
  })
  .openapi("Health");

/** What GET /api/health answers (the client imports this type). */
export type Health = z.infer<typeof healthSchema>;

const route = createRoute({
  method: "get",
  path: "/health",
  summary: "Service health, database mode, PostGIS version and inventory counts",
  responses: { 200: { content: { "application/json": { schema: healthSchema } }, description: "Healthy" } },
});

export function healthRoutes({ db, mode, basemap }: AppDependencies) {
  let version: string | undefined;
  return new OpenAPIHono().openapi(route, async (c) => {
    version ??= await postgisVersion(db);
    const demo = await db
      .selectFrom("users")
      .select("id")
      .where("is_demo", "=", true)
      .limit(1)
      .executeTakeFirst();
    return c.json(
      {
        status: "ok" as const,
        mode,
        postgis: version,
        counts: await inventoryCounts(db),
        demoAccounts: demo !== undefined,
        basemap: basemap ?? null,
      },
      200,
    );
  });
}
