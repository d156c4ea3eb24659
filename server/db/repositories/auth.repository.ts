import { createHash, randomBytes } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { Principal, Role } from "../../domain/auth/access.js";
import type { Database } from "../schema.js";

/** Session and token secrets travel to the client; only their SHA-256 is stored. */
export function digest(secret: string): string {
  return createHash("sha256").update(secret).digest("base64url");
}

export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

export interface UserRecord {
  id: number;
  username: string;
  display_name: string;
  password_hash: string;
  region_code: string;
  unit_id: number | null;
  is_active: boolean;
  failed_logins: number;
  locked_until: Date | null;
}

export function findUserByUsername(db: Kysely<Database>, username: string): Promise<UserRecord | undefined> {
  return db
    .selectFrom("users")
    .select([
      "id",
      "username",
      "display_name",
      "password_hash",
      "region_code",
      "unit_id",
      "is_active",
      "failed_logins",
      "locked_until",
    ])
    .where("username", "=", username)
    .executeTakeFirst();
}

/** The principal of a user: roles and the units their unit supervises. */
export async function principalOf(db: Kysely<Database>, userId: number): Promise<Principal | undefined> {
  const user = await db
    .selectFrom("users")
    .select(["id", "username", "region_code", "unit_id", "is_active"])
    .where("id", "=", userId)
    .executeTakeFirst();
  if (!user?.is_active) return undefined;
  const [roleRows, supervised] = await Promise.all([
    db.selectFrom("user_roles").select("role_code").where("user_id", "=", userId).execute(),
    user.unit_id === null
      ? Promise.resolve([])
      : db.selectFrom("units").select("id").where("supervising_unit_id", "=", user.unit_id).execute(),
  ]);
  return {
    userId: user.id,
    username: user.username,
    roles: roleRows.map((row) => row.role_code as Role),
    regionCode: user.region_code,
    unitId: user.unit_id,
    supervisedUnitIds: supervised.map((row) => row.id),
  };
}

export async function recordFailedLogin(
  db: Kysely<Database>,
  userId: number,
  lockAfter: number,
  lockMinutes: number,
) {
  await sql`update users set failed_logins = failed_logins + 1,
      locked_until = case when failed_logins + 1 >= ${lockAfter} then now() + make_interval(mins => ${lockMinutes}) else locked_until end
    where id = ${userId}`.execute(db);
}

export async function recordSuccessfulLogin(db: Kysely<Database>, userId: number) {
  await db
    .updateTable("users")
    .set({ failed_logins: 0, locked_until: null })
    .where("id", "=", userId)
    .execute();
}

export interface SessionRecord {
  userId: number;
  csrfToken: string;
  expiresAt: Date;
}

/** Creates a session; returns the cookie secret (never stored) and the CSRF token. */
export async function createSession(
  db: Kysely<Database>,
  user: { id: number; region_code: string },
  ttlHours: number,
) {
  const secret = newSecret();
  const csrfToken = newSecret(24);
  await db
    .insertInto("sessions")
    .values({
      id: digest(secret),
      user_id: user.id,
      region_code: user.region_code,
      csrf_token: csrfToken,
      expires_at: sql<Date>`now() + make_interval(hours => ${ttlHours})` as never,
    })
    .execute();
  return { secret, csrfToken };
}

export async function findSession(db: Kysely<Database>, secret: string): Promise<SessionRecord | undefined> {
  const row = await db
    .selectFrom("sessions")
    .select(["user_id", "csrf_token", "expires_at"])
    .where("id", "=", digest(secret))
    .where("expires_at", ">", sql<Date>`now()`)
    .executeTakeFirst();
  return row ? { userId: row.user_id, csrfToken: row.csrf_token, expiresAt: row.expires_at } : undefined;
}

export async function deleteSession(db: Kysely<Database>, secret: string): Promise<void> {
  await db.deleteFrom("sessions").where("id", "=", digest(secret)).execute();
}

/**
 * A personal access token's user, when the token is valid (not expired, not revoked). `last_used_at`
 * is written at most once a minute: GIS clients send a token with every tile, and a write per tile
 * would cost more than the tile.
 */
export async function userOfToken(db: Kysely<Database>, token: string): Promise<number | undefined> {
  const row = await db
    .selectFrom("personal_access_tokens")
    .select([
      "id",
      "user_id",
      sql<boolean>`last_used_at is null or last_used_at < now() - interval '1 minute'`.as("stale"),
    ])
    .where("token_hash", "=", digest(token))
    .where("revoked_at", "is", null)
    .where("expires_at", ">", sql<Date>`now()`)
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.stale) {
    await db
      .updateTable("personal_access_tokens")
      .set({ last_used_at: sql<Date>`now()` as never })
      .where("id", "=", row.id)
      .execute();
  }
  return row.user_id;
}

export async function createToken(
  db: Kysely<Database>,
  user: { id: number; regionCode: string },
  name: string,
  days: number,
) {
  const secret = `ft_${newSecret()}`;
  const row = await db
    .insertInto("personal_access_tokens")
    .values({
      user_id: user.id,
      region_code: user.regionCode,
      name,
      token_hash: digest(secret),
      expires_at: sql<Date>`now() + make_interval(days => ${days})` as never,
    })
    .returning(["id", "name", "created_at", "expires_at"])
    .executeTakeFirstOrThrow();
  return { ...row, token: secret };
}

export function listTokens(db: Kysely<Database>, userId: number) {
  return db
    .selectFrom("personal_access_tokens")
    .select(["id", "name", "created_at", "expires_at", "last_used_at", "revoked_at"])
    .where("user_id", "=", userId)
    .orderBy("id")
    .execute();
}

export async function revokeToken(db: Kysely<Database>, userId: number, tokenId: number): Promise<boolean> {
  const result = await db
    .updateTable("personal_access_tokens")
    .set({ revoked_at: sql<Date>`now()` as never })
    .where("id", "=", tokenId)
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export interface NewUser {
  readonly username: string;
  readonly displayName: string;
  readonly passwordHash: string;
  readonly regionCode: string;
  readonly unitId: number | null;
  readonly roles: readonly Role[];
  readonly isDemo?: boolean;
}

/** Creates a user with roles in one transaction. */
export async function createUser(db: Kysely<Database>, user: NewUser): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("users")
      .values({
        username: user.username,
        display_name: user.displayName,
        password_hash: user.passwordHash,
        region_code: user.regionCode,
        unit_id: user.unitId,
        is_demo: user.isDemo ?? false,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (user.roles.length > 0) {
      await trx
        .insertInto("user_roles")
        .values(
          user.roles.map((role) => ({ user_id: row.id, role_code: role, region_code: user.regionCode })),
        )
        .execute();
    }
    return row.id;
  });
}

export async function countUsers(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom("users")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
