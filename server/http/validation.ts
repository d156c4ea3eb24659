import type { Context } from "hono";
import type { ZodError } from "zod";
import { ApiError } from "./errors.js";

/** zod-openapi's default hook: a failed request validation becomes a 400 naming each field. */
export function validationHook(result: { success: boolean; error?: ZodError }, _c: Context): void {
  if (result.success || !result.error) return;
  const details = result.error.issues.map((issue) => ({
    path: issue.path.join("."),
    message:
      issue.code === "unrecognized_keys" ? `unknown parameter(s): ${issue.keys.join(", ")}` : issue.message,
  }));
  const summary = details
    .map((detail) => (detail.path ? `${detail.path}: ${detail.message}` : detail.message))
    .join("; ");
  throw new ApiError("invalid_request", `Invalid request: ${summary}`, details);
}
