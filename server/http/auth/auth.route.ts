import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import { appendAudit } from "../../db/repositories/audit.repository.js";
import {
  createSession,
  createToken,
  deleteSession,
  findUserByUsername,
  listTokens,
  principalOf,
  recordFailedLogin,
  recordSuccessfulLogin,
  revokeToken,
} from "../../db/repositories/auth.repository.js";
import { verifyPassword } from "../../domain/auth/password.js";
import { AttemptThrottle } from "../../domain/auth/throttle.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { errorResponses } from "../schemas.js";
import { validationHook } from "../validation.js";
import { requirePrincipal, SESSION_COOKIE } from "./authenticate.js";

const SESSION_HOURS = 12;
const LOCK_AFTER_FAILURES = 5;
const LOCK_MINUTES = 15;
// A valid hash of a random password: failed look-ups cost as much time as wrong passwords.
const DUMMY_HASH = "scrypt$32768$8$1$Zm9uZ3R1LWR1bW15LXNhbHQ=$yG8cWyFv2qk3t0xvJq3m1jzKq3m1jzKq3m1jzKq3m1g=";

const loginSchema = z
  .object({
    username: z.string().min(1, "username is required").max(64),
    password: z.string().min(1, "password is required").max(256),
  })
  .strict();

const tokenSchema = z
  .object({
    name: z.string().trim().min(1, "name is required").max(100),
    expiresInDays: z.number().int().min(1).max(365).optional().default(90),
  })
  .strict();

const ok = {
  200: { content: { "application/json": { schema: z.any() } }, description: "OK" },
  ...errorResponses,
};

function clientAddress(c: Context): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? "local";
}

/** Login, logout, the current user and personal access tokens. */
export function authRoutes({ db }: AppDependencies) {
  const throttle = new AttemptThrottle(10, 10 * 60_000);

  const userView = async (userId: number) => {
    const principal = await principalOf(db, userId);
    const user = await db
      .selectFrom("users")
      .select(["id", "username", "display_name", "region_code", "unit_id"])
      .where("id", "=", userId)
      .executeTakeFirstOrThrow();
    return {
      ...user,
      roles: principal?.roles ?? [],
      supervised_unit_ids: principal?.supervisedUnitIds ?? [],
    };
  };

  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(
      createRoute({
        method: "post",
        path: "/auth/login",
        summary: "Sign in; sets the session cookie",
        request: { body: { content: { "application/json": { schema: loginSchema } }, required: true } },
        responses: ok,
      }),
      async (c) => {
        const { username, password } = c.req.valid("json");
        const wait = throttle.attempt(`${clientAddress(c)}|${username}`);
        if (wait > 0) {
          c.header("Retry-After", String(Math.ceil(wait / 1000)));
          throw new ApiError(
            "too_many_requests",
            `Too many sign-in attempts; try again in ${Math.ceil(wait / 60_000)} minute(s)`,
          );
        }
        const user = await findUserByUsername(db, username);
        if (!user?.is_active) {
          await verifyPassword(password, DUMMY_HASH);
          throw new ApiError("unauthorized", "Wrong username or password");
        }
        if (user.locked_until && user.locked_until.getTime() > Date.now()) {
          throw new ApiError(
            "account_locked",
            `Account locked after ${LOCK_AFTER_FAILURES} failed sign-ins until ${user.locked_until.toISOString()}`,
          );
        }
        if (!(await verifyPassword(password, user.password_hash))) {
          await recordFailedLogin(db, user.id, LOCK_AFTER_FAILURES, LOCK_MINUTES);
          throw new ApiError("unauthorized", "Wrong username or password");
        }
        const { secret, csrfToken } = await db.transaction().execute(async (trx) => {
          await recordSuccessfulLogin(trx, user.id);
          const session = await createSession(trx, user, SESSION_HOURS);
          await appendAudit(trx, {
            userId: user.id,
            regionCode: user.region_code,
            action: "login",
            entity: "user",
            entityId: user.id,
          });
          return session;
        });
        throttle.reset(`${clientAddress(c)}|${username}`);
        setCookie(c, SESSION_COOKIE, secret, {
          httpOnly: true,
          sameSite: "Strict",
          secure: new URL(c.req.url).protocol === "https:",
          path: "/",
          maxAge: SESSION_HOURS * 3600,
        });
        return c.json({ user: await userView(user.id), csrfToken }, 200);
      },
    )
    .openapi(
      createRoute({ method: "post", path: "/auth/logout", summary: "Sign out", responses: ok }),
      async (c) => {
        const principal = requirePrincipal(c);
        const session = c.get("session");
        if (!session) throw new ApiError("forbidden", "Sign out needs a session, not an access token");
        await db.transaction().execute(async (trx) => {
          await deleteSession(trx, session.secret);
          await appendAudit(trx, {
            userId: principal.userId,
            regionCode: principal.regionCode,
            action: "logout",
            entity: "user",
            entityId: principal.userId,
          });
        });
        deleteCookie(c, SESSION_COOKIE, { path: "/" });
        return c.json({ ok: true }, 200);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/auth/me",
        summary: "The signed-in user and the CSRF token",
        responses: ok,
      }),
      async (c) => {
        const principal = requirePrincipal(c);
        return c.json(
          { user: await userView(principal.userId), csrfToken: c.get("session")?.csrfToken ?? null },
          200,
        );
      },
    )
    .openapi(
      createRoute({ method: "get", path: "/tokens", summary: "Your personal access tokens", responses: ok }),
      async (c) => {
        const principal = requirePrincipal(c);
        return c.json({ tokens: await listTokens(db, principal.userId) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: "post",
        path: "/tokens",
        summary: "Create a personal access token (shown once)",
        request: { body: { content: { "application/json": { schema: tokenSchema } }, required: true } },
        responses: ok,
      }),
      async (c) => {
        const principal = requirePrincipal(c);
        if (!c.get("session"))
          throw new ApiError("forbidden", "Tokens can only be created from a signed-in session");
        const { name, expiresInDays } = c.req.valid("json");
        const token = await db.transaction().execute(async (trx) => {
          const created = await createToken(
            trx,
            { id: principal.userId, regionCode: principal.regionCode },
            name,
            expiresInDays,
          );
          await appendAudit(trx, {
            userId: principal.userId,
            regionCode: principal.regionCode,
            action: "create",
            entity: "access_token",
            entityId: created.id,
            after: { name },
          });
          return created;
        });
        return c.json(token, 200);
      },
    )
    .openapi(
      createRoute({
        method: "delete",
        path: "/tokens/{id}",
        summary: "Revoke a personal access token",
        request: {
          params: z.object({
            id: z
              .string()
              .regex(/^\d{1,9}$/, "id must be a whole number")
              .transform(Number),
          }),
        },
        responses: ok,
      }),
      async (c) => {
        const principal = requirePrincipal(c);
        const { id } = c.req.valid("param");
        const revoked = await db.transaction().execute(async (trx) => {
          const done = await revokeToken(trx, principal.userId, id);
          if (done)
            await appendAudit(trx, {
              userId: principal.userId,
              regionCode: principal.regionCode,
              action: "delete",
              entity: "access_token",
              entityId: id,
            });
          return done;
        });
        if (!revoked) throw new ApiError("not_found", `No active token ${id} of yours`);
        return c.json({ ok: true }, 200);
      },
    );
}
