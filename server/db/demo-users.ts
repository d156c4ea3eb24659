import type { Kysely } from "kysely";
import type { Role } from "../domain/auth/access.js";
import { hashPassword } from "../domain/auth/password.js";
import { createUser } from "./repositories/auth.repository.js";
import type { Database } from "./schema.js";

/** The shared password of the demo accounts: demo data only, never in a real deployment. */
export const DEMO_PASSWORD = "fangtu-demo";

interface DemoAccount {
  readonly username: string;
  readonly displayName: string;
  readonly regionCode: string;
  readonly roles: readonly Role[];
  /** For unit users: the unit, by name. */
  readonly unitName?: string;
}

export const demoAccounts: readonly DemoAccount[] = [
  { username: "demo-admin", displayName: "演示·系统管理员", regionCode: "230000", roles: ["system_admin"] },
  {
    username: "demo-planner",
    displayName: "演示·省机关事务管理局规划人员",
    regionCode: "230000",
    roles: ["planner"],
  },
  {
    username: "demo-inspector",
    displayName: "演示·省机关事务管理局监督检查人员",
    regionCode: "230000",
    roles: ["inspector"],
  },
  {
    username: "demo-approver",
    displayName: "演示·省机关事务管理局审批人员",
    regionCode: "230000",
    roles: ["approver"],
  },
  {
    // A second member of the approval department: accepts the repairs demo-approver approved (审验分离).
    username: "demo-approver2",
    displayName: "演示·省机关事务管理局审批人员（二）",
    regionCode: "230000",
    roles: ["approver"],
  },
  {
    username: "demo-works",
    displayName: "演示·省机关事务管理局工程管理人员",
    regionCode: "230000",
    roles: ["works"],
  },
  {
    username: "demo-county",
    displayName: "演示·富裕县机关事务服务中心",
    regionCode: "230227",
    roles: ["planner", "inspector"],
  },
  {
    username: "demo-unit",
    displayName: "演示·黑龙江省教育厅",
    regionCode: "230103",
    roles: ["unit_user"],
    unitName: "黑龙江省教育厅",
  },
];

/** Creates the demo accounts (only ever called together with loading the demo data). */
export async function createDemoUsers(db: Kysely<Database>): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const account of demoAccounts) {
    const unit = account.unitName
      ? await db
          .selectFrom("units")
          .select("id")
          .where("name", "=", account.unitName)
          .executeTakeFirstOrThrow()
      : undefined;
    await createUser(db, {
      username: account.username,
      displayName: account.displayName,
      passwordHash,
      regionCode: account.regionCode,
      unitId: unit?.id ?? null,
      roles: account.roles,
      isDemo: true,
    });
  }
}
