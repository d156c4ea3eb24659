import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type ConversionAction,
  type ConversionStatus,
  conversionStatuses,
  conversionTransitions,
  nextStatus,
  usesProblem,
} from "../../server/domain/conversions/conversion-flow.js";
import {
  type DisposalSite,
  disposalMethods,
  disposalOptions,
} from "../../server/domain/conversions/disposal-options.js";

const idleBuilding: DisposalSite = {
  kind: "building",
  propertyClass: "office",
  condition: "good",
  idleArea: 2400,
  occupiedArea: 0,
  hasTitle: true,
  suitsOfficeUse: null,
  openRequestArea: 0,
};

const applicable = (site: DisposalSite) =>
  disposalOptions(site)
    .filter((option) => option.applicable)
    .map((option) => option.method);

describe("conversion status machine", () => {
  it("follows proposed → approved → converting → done, with rejection and cancellation", () => {
    expect(nextStatus("proposed", "approve")).toEqual({ ok: true, to: "approved" });
    expect(nextStatus("approved", "start")).toEqual({ ok: true, to: "converting" });
    expect(nextStatus("converting", "complete")).toEqual({ ok: true, to: "done" });
    expect(nextStatus("proposed", "reject")).toEqual({ ok: true, to: "rejected" });
    expect(nextStatus("converting", "cancel")).toEqual({ ok: true, to: "cancelled" });
    expect(nextStatus("approved", "complete").ok).toBe(false);
  });

  it("never leaves a final status (done, rejected, cancelled)", () => {
    const finals: ConversionStatus[] = ["done", "rejected", "cancelled"];
    const actions = Object.keys(conversionTransitions) as ConversionAction[];
    fc.assert(
      fc.property(fc.constantFrom(...finals), fc.constantFrom(...actions), (status, action) => {
        expect(nextStatus(status, action).ok).toBe(false);
      }),
    );
  });

  it("gives approval to approvers and the work to planners", () => {
    expect(conversionTransitions.approve.role).toBe("approver");
    expect(conversionTransitions.reject.role).toBe("approver");
    expect(conversionTransitions.complete.role).toBe("planner");
    for (const transition of Object.values(conversionTransitions))
      for (const from of transition.from) expect(conversionStatuses).toContain(from);
  });

  it("checks that the target uses fit the source area", () => {
    expect(usesProblem([], 100)).toMatch(/at least one/);
    expect(usesProblem([{ kind: "people_home", name: "群众之家", area: 60 }], 100)).toBeUndefined();
    expect(
      usesProblem(
        [
          { kind: "people_home", name: "群众之家", area: 60 },
          { kind: "elderly_club", name: "老年人俱乐部", area: 40.01 },
        ],
        100,
      ),
    ).toMatch(/100\.01 m²/);
  });
});

describe("disposal options", () => {
  it("lists the six methods of the 2017 rules, never lending", () => {
    const methods = disposalOptions(idleBuilding).map((option) => option.method);
    expect(methods).toEqual([...disposalMethods]);
    expect(methods).not.toContain("lending");
  });

  it("keeps office space from lease until separated, and demolition for poor buildings", () => {
    expect(applicable(idleBuilding)).toEqual(["reallocation", "change_of_use", "swap", "auction"]);
    expect(applicable({ ...idleBuilding, kind: "commercial", propertyClass: "commercial" })).toEqual([
      "change_of_use",
      "swap",
      "lease",
      "auction",
    ]);
    expect(applicable({ ...idleBuilding, condition: "dangerous" })).toEqual([
      "swap",
      "auction",
      "demolition",
    ]);
  });

  it("needs a vacant, titled whole building for swap and auction", () => {
    expect(applicable({ ...idleBuilding, occupiedArea: 300 })).toEqual(["reallocation", "change_of_use"]);
    expect(applicable({ ...idleBuilding, hasTitle: false })).toEqual(["reallocation", "change_of_use"]);
    expect(applicable({ ...idleBuilding, kind: "rooms" })).toEqual(["reallocation", "change_of_use"]);
  });

  it("gives every option at least one reason, and a reason for every refusal", () => {
    const site = fc.record<DisposalSite>({
      kind: fc.constantFrom("building", "rooms", "asset", "commercial"),
      propertyClass: fc.constantFrom("office", "commercial", "non_office_asset", null),
      condition: fc.constantFrom("good", "fair", "poor", "dangerous"),
      idleArea: fc.double({ min: 0, max: 1e5, noNaN: true }),
      occupiedArea: fc.double({ min: 0, max: 1e5, noNaN: true }),
      hasTitle: fc.boolean(),
      suitsOfficeUse: fc.constantFrom(true, false, null),
      openRequestArea: fc.double({ min: 0, max: 1e5, noNaN: true }),
    });
    fc.assert(
      fc.property(site, (value) => {
        for (const option of disposalOptions(value)) expect(option.reasons.length).toBeGreaterThan(0);
      }),
    );
  });
});
