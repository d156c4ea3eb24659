import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  canRead,
  canWrite,
  type Principal,
  type ReadScope,
  readScopeKey,
  readScopeOf,
  regionWithin,
} from "../../server/domain/auth/access.js";
import { hashPassword, passwordProblems, verifyPassword } from "../../server/domain/auth/password.js";
import { AttemptThrottle } from "../../server/domain/auth/throttle.js";

const principal = (overrides: Partial<Principal>): Principal => ({
  userId: 1,
  username: "u",
  roles: [],
  regionCode: "230000",
  unitId: null,
  supervisedUnitIds: [],
  ...overrides,
});

describe("passwords", () => {
  it("hashes with a salt and verifies only the right password", async () => {
    const first = await hashPassword("correct-horse-1");
    const second = await hashPassword("correct-horse-1");
    expect(first).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(first).not.toBe(second);
    expect(await verifyPassword("correct-horse-1", first)).toBe(true);
    expect(await verifyPassword("correct-horse-2", first)).toBe(false);
    expect(await verifyPassword("correct-horse-1", "md5$abc")).toBe(false);
  });

  it("applies the password rules", () => {
    expect(passwordProblems("short1", "li")).toEqual(["too_short"]);
    expect(passwordProblems("onlyletterslong", "li")).toEqual(["too_simple"]);
    expect(passwordProblems("li.ming-2026x", "li.ming")).toEqual(["contains_username"]);
    expect(passwordProblems("办公用房管理2026", "admin")).toEqual([]);
  });
});

describe("access rules", () => {
  it("nests regions by GB/T 2260 prefix", () => {
    expect(regionWithin("230227", "230000")).toBe(true);
    expect(regionWithin("230227", "230200")).toBe(true);
    expect(regionWithin("230227", "230100")).toBe(false);
    expect(regionWithin("230227001", "230227")).toBe(true);
    expect(regionWithin("230103", "230227")).toBe(false);
  });

  it("gives administration staff their level and below, unit users their unit and supervised units", () => {
    const county = principal({ roles: ["planner"], regionCode: "230227" });
    expect(canRead(county, { regionCode: "230227" })).toBe(true);
    expect(canRead(county, { regionCode: "230103" })).toBe(false);
    expect(canWrite(county, { regionCode: "230227" })).toBe(true);
    const inspector = principal({ roles: ["inspector"] });
    expect(canRead(inspector, { regionCode: "230103" })).toBe(true);
    expect(canWrite(inspector, { regionCode: "230103" })).toBe(false);
    const unit = principal({ roles: ["unit_user"], regionCode: "230103", unitId: 7, supervisedUnitIds: [9] });
    expect(canRead(unit, { regionCode: "230103", unitId: 9 })).toBe(true);
    expect(canWrite(unit, { regionCode: "230103", unitId: 9 })).toBe(false);
    expect(canWrite(unit, { regionCode: "230103", unitId: 7 })).toBe(true);
    expect(canRead(unit, { regionCode: "230103", unitId: 8 })).toBe(false);
    expect(canRead(principal({ roles: ["public"] }), { regionCode: "230103", unitId: 1 })).toBe(false);
    expect(readScopeOf(unit)).toEqual({ regionPrefix: null, unitIds: [7, 9] });
    expect(readScopeOf(county)).toEqual({ regionPrefix: "230227", unitIds: null });
    expect(readScopeOf(principal({ roles: ["system_admin"] }))).toEqual({
      regionPrefix: null,
      unitIds: null,
    });
  });

  it("keys read scopes canonically, one key per scope", () => {
    expect(readScopeKey({ regionPrefix: null, unitIds: null })).toBe("all");
    expect(readScopeKey({ regionPrefix: "2302", unitIds: null })).toBe("r:2302");
    expect(readScopeKey({ regionPrefix: null, unitIds: [9, 7, 9] })).toBe("u:7,9");
    expect(readScopeKey({ regionPrefix: null, unitIds: [] })).toBe("u:");
    expect(readScopeKey({ regionPrefix: "230227", unitIds: [3] })).toBe("r:230227;u:3");
    const scope = fc.record({
      regionPrefix: fc.option(fc.constantFrom("23", "2301", "2302", "230227"), { nil: null }),
      unitIds: fc.option(fc.array(fc.integer({ min: 1, max: 6 }), { maxLength: 4 }), { nil: null }),
    });
    const same = (a: ReadScope, b: ReadScope) =>
      a.regionPrefix === b.regionPrefix &&
      (a.unitIds === null || b.unitIds === null
        ? a.unitIds === b.unitIds
        : new Set(a.unitIds).size === new Set(b.unitIds).size &&
          a.unitIds.every((id) => b.unitIds?.includes(id)));
    fc.assert(
      fc.property(scope, scope, (a, b) => {
        expect(readScopeKey(a) === readScopeKey(b)).toBe(same(a, b));
      }),
    );
  });

  it("never lets anyone write what they cannot read (property)", () => {
    const role = fc.constantFrom("system_admin", "planner", "inspector", "approver", "unit_user", "public");
    const code = fc.constantFrom("230000", "230100", "230103", "230200", "230227");
    const unitId = fc.option(fc.integer({ min: 1, max: 5 }), { nil: null });
    fc.assert(
      fc.property(
        fc.uniqueArray(role, { maxLength: 3 }),
        code,
        unitId,
        fc.array(fc.integer({ min: 1, max: 5 })),
        code,
        unitId,
        (roles, regionCode, own, supervised, target, targetUnit) => {
          const who = principal({ roles, regionCode, unitId: own, supervisedUnitIds: supervised });
          const scope = { regionCode: target, unitId: targetUnit };
          if (canWrite(who, scope)) expect(canRead(who, scope)).toBe(true);
        },
      ),
    );
  });
});

describe("AttemptThrottle", () => {
  it("allows `limit` attempts per window and says how long to wait", () => {
    let now = 0;
    const throttle = new AttemptThrottle(3, 60_000, () => now);
    expect([throttle.attempt("a"), throttle.attempt("a"), throttle.attempt("a")]).toEqual([0, 0, 0]);
    now = 10_000;
    expect(throttle.attempt("a")).toBe(50_000);
    expect(throttle.attempt("b")).toBe(0);
    now = 60_001;
    expect(throttle.attempt("a")).toBe(0);
    throttle.reset("a");
    expect(throttle.attempt("a")).toBe(0);
  });
});
