// `npm run user:create -- --username li.ming --region 230227 --roles planner,inspector [--unit 42] [--display-name 李明]`
// The password comes from FANGTU_USER_PASSWORD or is asked for on the terminal; it must pass the password rules.
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import pino from "pino";
import { loadConfig } from "../server/config.js";
import { createUser, findUserByUsername } from "../server/db/repositories/auth.repository.js";
import { regionExists } from "../server/db/repositories/region.repository.js";
import { roles as knownRoles, type Role } from "../server/domain/auth/access.js";
import { hashPassword, passwordProblemMessages, passwordProblems } from "../server/domain/auth/password.js";
import { prepareDatabase } from "../server/server.js";

function fail(message: string): never {
  console.error(`user:create: ${message}`);
  process.exit(2);
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        username: { type: "string" },
        "display-name": { type: "string" },
        region: { type: "string" },
        roles: { type: "string" },
        unit: { type: "string" },
      },
      strict: true,
    });
  } catch (error) {
    return fail((error as Error).message);
  }
})();

const username = values.username ?? fail("--username is required");
if (!/^[a-z0-9][a-z0-9._-]{2,63}$/.test(username)) fail("--username: 3–64 of a-z, 0-9, '.', '_', '-'");
const region = values.region ?? fail("--region (a GB/T 2260 code, e.g. 230000) is required");
const roles = (values.roles ?? fail(`--roles is required (comma-separated: ${knownRoles.join(", ")})`)).split(
  ",",
);
const unknown = roles.filter((role) => !(knownRoles as readonly string[]).includes(role));
if (unknown.length > 0) fail(`unknown role(s): ${unknown.join(", ")}`);
const unitId = values.unit === undefined ? null : Number(values.unit);
if (unitId !== null && !Number.isInteger(unitId)) fail("--unit must be a unit id");
if (roles.includes("unit_user") && unitId === null) fail("a unit_user needs --unit");

let password = process.env.FANGTU_USER_PASSWORD;
if (password === undefined) {
  const terminal = createInterface({ input: process.stdin, output: process.stdout });
  password = await terminal.question(`Password for ${username}: `);
  terminal.close();
}
const problems = passwordProblems(password, username);
if (problems.length > 0) fail(problems.map((problem) => passwordProblemMessages[problem]).join("; "));

const config = loadConfig();
const database = await prepareDatabase({ ...config, loadDemo: false }, pino({ level: "warn" }));
try {
  if (!(await regionExists(database.db, region))) fail(`no region ${region}`);
  if (await findUserByUsername(database.db, username)) fail(`user ${username} exists already`);
  const id = await createUser(database.db, {
    username,
    displayName: values["display-name"] ?? username,
    passwordHash: await hashPassword(password),
    regionCode: region,
    unitId,
    roles: roles as Role[],
  });
  console.log(`Created user ${username} (id ${id}) in ${region} with roles ${roles.join(", ")}`);
} finally {
  await database.close();
}
