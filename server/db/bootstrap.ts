import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { hashPassword, passwordProblemMessages, passwordProblems } from "../domain/auth/password.js";
import { countUsers, createUser } from "./repositories/auth.repository.js";
import type { Database } from "./schema.js";

export type BootstrapResult =
  | { created: false }
  | { created: true; username: string; generatedPassword: string | null };

/**
 * On a database without any user, creates the administrator `admin` (province level). The password
 * is FANGTU_ADMIN_PASSWORD when set (it must pass the password rules), else a random one that the
 * caller prints exactly once. No default password exists.
 */
export async function bootstrapAdministrator(
  db: Kysely<Database>,
  password: string | undefined,
): Promise<BootstrapResult> {
  if ((await countUsers(db)) > 0) return { created: false };
  const username = "admin";
  if (password !== undefined) {
    const problems = passwordProblems(password, username);
    if (problems.length > 0) {
      throw new Error(
        `FANGTU_ADMIN_PASSWORD is too weak: ${problems.map((problem) => passwordProblemMessages[problem]).join("; ")}`,
      );
    }
  }
  const chosen = password ?? randomBytes(12).toString("base64url");
  await createUser(db, {
    username,
    displayName: "系统管理员",
    passwordHash: await hashPassword(chosen),
    regionCode: "230000",
    unitId: null,
    roles: ["system_admin"],
  });
  return { created: true, username, generatedPassword: password === undefined ? chosen : null };
}
