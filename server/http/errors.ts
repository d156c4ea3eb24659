import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Logger } from "pino";

export interface ErrorDetail {
  readonly path?: string;
  readonly message: string;
}

/** The one error vocabulary: stable codes clients switch on, mapped to HTTP in `onError`. */
export type ErrorCode =
  | "invalid_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "domain_rule"
  | "account_locked"
  | "too_many_requests"
  | "internal";

const statusOf: Record<ErrorCode, ContentfulStatusCode> = {
  invalid_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  domain_rule: 422,
  account_locked: 423,
  too_many_requests: 429,
  internal: 500,
};

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: readonly ErrorDetail[] = [],
  ) {
    super(message);
  }

  get status(): ContentfulStatusCode {
    return statusOf[this.code];
  }
}

export function errorBody(code: ErrorCode, message: string, details: readonly ErrorDetail[] = []) {
  return { error: { code, message, details } };
}

/** Maps any thrown error to the JSON error format; unexpected errors are logged and never leak internals. */
export function handleError(logger: Logger) {
  return (error: Error, c: Context) => {
    if (error instanceof ApiError)
      return c.json(errorBody(error.code, error.message, error.details), error.status);
    const status = (error as { status?: unknown }).status;
    if (typeof status === "number" && status >= 400 && status < 500) {
      // Hono's own HTTPExceptions (e.g. a malformed JSON body).
      return c.json(
        errorBody(status === 413 ? "payload_too_large" : "invalid_request", error.message),
        status as ContentfulStatusCode,
      );
    }
    const database = databaseErrorOf(error);
    if (database) return c.json(errorBody(database.code, database.message), statusOf[database.code]);
    logger.error({ err: error, path: c.req.path }, "unhandled error");
    return c.json(errorBody("internal", "Internal server error"), 500);
  };
}

export function notFound(c: Context) {
  return c.json(errorBody("not_found", `No route for ${c.req.method} ${c.req.path}`), 404);
}

/**
 * Constraint violations that reach the database despite validation (e.g. a reference to a record
 * deleted meanwhile) are the client's problem, not a 500. SQLSTATE classes: 23 integrity, 22 data.
 */
function databaseErrorOf(error: Error): { code: ErrorCode; message: string } | undefined {
  const sqlState = (error as { code?: unknown }).code;
  if (typeof sqlState !== "string" || !/^[0-9A-Z]{5}$/.test(sqlState)) return undefined;
  const constraint = (error as { constraint?: string }).constraint;
  const what = constraint ? ` (${constraint})` : "";
  switch (sqlState) {
    case "23503":
      return { code: "domain_rule", message: `The change refers to a record that does not exist${what}` };
    case "23505":
      return { code: "conflict", message: `A record with the same unique value already exists${what}` };
    case "23514":
    case "23502":
      return { code: "domain_rule", message: `The change breaks a rule of the inventory${what}` };
    default:
      return sqlState.startsWith("22")
        ? { code: "invalid_request", message: `Invalid value: ${error.message}` }
        : undefined;
  }
}
