import { z } from "@hono/zod-openapi";

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "invalid_request" }),
      message: z.string(),
      details: z.array(z.object({ path: z.string().optional(), message: z.string() })),
    }),
  })
  .openapi("Error");

export const errorResponses = {
  400: { content: { "application/json": { schema: errorSchema } }, description: "Invalid request" },
} as const;

/** Integer query parameter within bounds, given as text. */
export function integerParameter(name: string, min: number, max: number, fallback: number) {
  return z
    .string()
    .regex(/^\d+$/, `${name} must be a whole number`)
    .transform(Number)
    .pipe(z.number().min(min, `${name} must be at least ${min}`).max(max, `${name} must be at most ${max}`))
    .optional()
    .default(fallback)
    .openapi({ type: "integer", minimum: min, maximum: max, default: fallback });
}

export const regionCodeParameter = z
  .string()
  .regex(/^\d{6}(\d{3})?$/, "region must be a 6-digit GB/T 2260 code (or a 9-digit township code)");

/** GeoJSON responses say so (RFC 7946 media type). */
export const geoJsonHeaders = { "Content-Type": "application/geo+json" } as const;

/** A record id in a path, e.g. /buildings/{id}. */
export const idParameters = z.object({
  id: z
    .string()
    .regex(/^\d{1,9}$/, "id must be a whole number")
    .transform(Number)
    .openapi({ param: { name: "id", in: "path" }, type: "integer", example: "84" }),
});

/** Free text a ledger or list is filtered by (contained in names, numbers, addresses). */
export const textQueryParameter = z
  .string()
  .trim()
  .min(1, "q must not be empty")
  .max(50, "q must be at most 50 characters");
