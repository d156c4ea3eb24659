import { describe, expect, it } from "vitest";
import type { Principal, Role } from "../../server/domain/auth/access.js";
import {
  canTransition,
  type FindingStatus,
  type FindingTarget,
  findingStatuses,
  mayRaiseFindings,
  mayTransition,
} from "../../server/domain/findings/finding-status.js";

const principal = (roles: Role[], unitId: number | null = null): Principal => ({
  userId: 1,
  username: "u",
  roles,
  regionCode: "230000",
  unitId,
  supervisedUnitIds: [],
});
const targets: FindingTarget[] = ["rectifying", "verified", "closed", "referred"];

describe("finding ledger statuses", () => {
  it("allows exactly the ledger's transitions", () => {
    const allowed = findingStatuses.flatMap((from: FindingStatus) =>
      targets.filter((to) => canTransition(from, to)).map((to) => `${from}→${to}`),
    );
    expect(allowed).toEqual([
      "open→rectifying",
      "open→referred",
      "rectifying→rectifying",
      "rectifying→verified",
      "rectifying→referred",
      "verified→rectifying",
      "verified→closed",
      "verified→referred",
    ]);
  });

  it("lets a unit answer only its own findings; the inspector verifies, the approver closes", () => {
    expect(mayTransition(principal(["unit_user"], 7), 7, "rectifying")).toBe(true);
    expect(mayTransition(principal(["unit_user"], 7), 8, "rectifying")).toBe(false);
    for (const to of ["verified", "closed", "referred"] as const) {
      expect(mayTransition(principal(["unit_user"], 7), 7, to)).toBe(false);
      expect(mayTransition(principal(["planner"]), 7, to)).toBe(false);
      expect(mayTransition(principal(["system_admin"]), 7, to)).toBe(true);
    }
    expect(mayTransition(principal(["inspector"]), 7, "verified")).toBe(true);
    expect(mayTransition(principal(["inspector"]), 7, "closed")).toBe(false);
    expect(mayTransition(principal(["approver"]), 7, "closed")).toBe(true);
    expect(mayTransition(principal(["approver"]), 7, "verified")).toBe(false);
    expect(mayTransition(principal(["inspector"]), 7, "referred")).toBe(true);
    expect(mayTransition(principal(["approver"]), 7, "referred")).toBe(true);
    expect(mayTransition(principal(["inspector"]), 7, "rectifying")).toBe(false);
    expect(mayTransition(principal(["system_admin"]), 7, "rectifying")).toBe(true);
    expect(mayRaiseFindings(principal(["inspector"]))).toBe(true);
    expect(mayRaiseFindings(principal(["planner"]))).toBe(false);
    expect(mayRaiseFindings(principal(["unit_user"], 7))).toBe(false);
  });
});
