import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { findSession, principalOf, userOfToken } from "../../db/repositories/auth.repository.js";
import type { Principal } from "../../domain/auth/access.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { ApiError } from "../errors.js";

export const SESSION_COOKIE = "fangtu_session";
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Resolves the principal from the session cookie, or from `Authorization: Bearer <token>` (personal
 * access tokens, for QGIS and GDAL; read-only: accepted on safe methods only). State-changing requests
 * with a session must carry its CSRF token in `X-CSRF-Token`.
 */
export function authenticate({ db }: AppDependencies): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set("principal", null);
    c.set("session", null);
    const authorization = c.req.header("authorization");
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      if (!match?.[1]) throw new ApiError("unauthorized", "Authorization header must be 'Bearer <token>'");
      if (!SAFE_METHODS.has(c.req.method)) {
        throw new ApiError("forbidden", "Access tokens are read-only: sign in to change data");
      }
      const userId = await userOfToken(db, match[1]);
      const principal = userId === undefined ? undefined : await principalOf(db, userId);
      if (!principal) throw new ApiError("unauthorized", "The access token is invalid, expired or revoked");
      c.set("principal", principal);
      return next();
    }
    const secret = getCookie(c, SESSION_COOKIE);
    if (secret) {
      const session = await findSession(db, secret);
      const principal = session ? await principalOf(db, session.userId) : undefined;
      if (session && principal) {
        c.set("principal", principal);
        c.set("session", { secret, csrfToken: session.csrfToken });
        if (!SAFE_METHODS.has(c.req.method) && c.req.header("x-csrf-token") !== session.csrfToken) {
          throw new ApiError("forbidden", "Missing or wrong X-CSRF-Token header");
        }
      }
    }
    return next();
  };
}

/** The principal of a request that must be signed in (401 otherwise). */
export function requirePrincipal(c: Context<AppEnv>): Principal {
  const principal = c.get("principal");
  if (!principal)
    throw new ApiError("unauthorized", "Sign in first (POST /api/auth/login) or send an access token");
  return principal;
}

/**
 * The principal of a request that reads or writes inventory data: signed in (401 otherwise) and more
 * than a public account, which sees only published disclosure (403).
 */
export function requireReader(c: Context<AppEnv>): Principal {
  const principal = requirePrincipal(c);
  if (principal.roles.every((role) => role === "public")) {
    throw new ApiError("forbidden", "Public accounts see only the published disclosure");
  }
  return principal;
}

/** Requires a reader (see requireReader) for every route behind it, before any validation. */
export const signedIn: MiddlewareHandler<AppEnv> = async (c, next) => {
  requireReader(c);
  await next();
};

/** Paths under /api that answer without signing in. */
const PUBLIC_API_PATHS = new Set(["/api/health", "/api/auth/login", "/api/openapi.json", "/api/regions"]);

/** /api data routes need a reader before their input is even validated (no 400 before the 401). */
export const apiAccess: MiddlewareHandler<AppEnv> = async (c, next) => {
  const path = c.req.path.replace(/\/+$/, "");
  if (PUBLIC_API_PATHS.has(path)) return next();
  if (path.startsWith("/api/auth/") || path.startsWith("/api/tokens")) {
    requirePrincipal(c);
    return next();
  }
  requireReader(c);
  return next();
};
