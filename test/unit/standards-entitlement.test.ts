import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AdminLevel } from "../../server/domain/demo/dataset.js";
import { entitlement } from "../../server/domain/standards/entitlement.js";
import {
  effectiveLevel,
  isSubProvincial,
  limitOf,
  mayHaveWashroom,
  rankAtLevel,
} from "../../server/domain/standards/levels.js";
import {
  checkRoom,
  type OfficeHolder,
  personOfficeChecks,
} from "../../server/domain/standards/office-check.js";
import {
  defaultStandardParameters as defaults,
  organLevels,
  parseStandardParameters,
} from "../../server/domain/standards/parameters.js";
import { apiRankCodes, internalRankCode } from "../../server/domain/standards/rank-codes.js";
import { ranks } from "../../server/domain/standards/ranks.js";
import {
  roomsToVacate,
  unitEntitlement,
  unitStatus,
} from "../../server/domain/standards/unit-entitlement.js";

const lines = (entries: Record<string, number>) =>
  Object.entries(entries).map(([rank, authorized]) => ({ rank, authorized }));

describe("entitlement: hand-computed cases for every level (default parameters)", () => {
  it("issue 6's provincial department: 1 正厅, 3 副厅, 8 正处, 10 副处, 40 below", () => {
    const result = entitlement(
      "provincial",
      lines({
        provincial_department_head: 1,
        provincial_deputy_department_head: 3,
        provincial_division_head: 8,
        provincial_deputy_division_head: 10,
        provincial_below_division: 40,
      }),
      {},
      defaults,
    );
    // A = 30×1 + 24×3 + 18×8 + 12×10 + 9×40 = 30 + 72 + 144 + 120 + 360 = 726
    expect(result.officeArea).toBe(726);
    expect(result.lines.map((line) => line.area)).toEqual([30, 72, 144, 120, 360]);
    // B = 8 m²/person (provincial default) × 62 authorised = 496
    expect(result.authorized).toBe(62);
    expect(result.serviceArea).toBe(496);
    // equipment = (726 + 496) × 9 % = 1222 × 0.09 = 109.98; core = 1222 + 109.98 = 1331.98
    expect(result.equipmentArea).toBeCloseTo(109.98, 2);
    expect(result.coreUsableArea).toBeCloseTo(1331.98, 2);
    // S = 1331.98 / 0.65 + 0 = 2049.2
    expect(result.netToGross).toBe(0.65);
    expect(result.grossArea).toBeCloseTo(2049.2, 2);
    expect(result.parameters).toMatchObject({
      version: defaults.version,
      isDefault: true,
      serviceAllowancePerPerson: 8,
    });
    expect(result.explanation[0]?.zh).toContain("发改投资〔2014〕2674号");
    expect(result.explanation.some((line) => line.en.includes("726"))).toBe(true);
  });

  it("high-rise: K = 0.60", () => {
    const result = entitlement(
      "provincial",
      lines({
        provincial_department_head: 1,
        provincial_deputy_department_head: 3,
        provincial_division_head: 8,
        provincial_deputy_division_head: 10,
        provincial_below_division: 40,
      }),
      { highRise: true },
      defaults,
    );
    // S = 1331.98 / 0.60 = 2219.966… → 2219.97
    expect(result.netToGross).toBe(0.6);
    expect(result.grossArea).toBeCloseTo(2219.97, 2);
  });

  it("central organ", () => {
    const result = entitlement(
      "central",
      lines({
        central_minister: 1,
        central_vice_minister: 2,
        central_bureau_director: 5,
        central_deputy_bureau_director: 8,
        central_division: 20,
        central_below_division: 30,
      }),
      {},
      defaults,
    );
    // A = 54 + 42×2 + 24×5 + 18×8 + 12×20 + 9×30 = 54 + 84 + 120 + 144 + 240 + 270 = 912
    expect(result.officeArea).toBe(912);
    // B = 8 × 66 = 528; equipment = 1440 × 0.09 = 129.6; core = 1569.6; S = 1569.6 / 0.65 = 2414.769… → 2414.77
    expect(result.serviceArea).toBe(528);
    expect(result.equipmentArea).toBeCloseTo(129.6, 2);
    expect(result.coreUsableArea).toBeCloseTo(1569.6, 2);
    expect(result.grossArea).toBeCloseTo(2414.77, 2);
  });

  it("prefecture organ", () => {
    const result = entitlement(
      "prefecture",
      lines({
        prefecture_head: 1,
        prefecture_deputy: 4,
        prefecture_bureau_head: 10,
        prefecture_deputy_bureau_head: 15,
        prefecture_below_bureau: 50,
      }),
      {},
      defaults,
    );
    // A = 42 + 30×4 + 24×10 + 18×15 + 9×50 = 42 + 120 + 240 + 270 + 450 = 1122
    // B = 7 × 80 = 560; equipment = 1682 × 0.09 = 151.38; core = 1833.38; S = 1833.38 / 0.65 = 2820.5846… → 2820.58
    expect(result.officeArea).toBe(1122);
    expect(result.serviceArea).toBe(560);
    expect(result.equipmentArea).toBeCloseTo(151.38, 2);
    expect(result.grossArea).toBeCloseTo(2820.58, 2);
  });

  it("county organ, with ancillary area C and a service allowance given by the caller", () => {
    const staffing = lines({
      county_head: 1,
      county_deputy: 3,
      county_section_head: 6,
      county_deputy_section_head: 8,
      county_below_section: 20,
    });
    // A = 30 + 24×3 + 18×6 + 12×8 + 9×20 = 30 + 72 + 108 + 96 + 180 = 486
    // B = 6 × 38 = 228; equipment = 714 × 0.09 = 64.26; core = 778.26; S = 778.26 / 0.65 + 100 = 1297.32
    const result = entitlement("county", staffing, { ancillaryGrossArea: 100 }, defaults);
    expect(result.officeArea).toBe(486);
    expect(result.serviceArea).toBe(228);
    expect(result.coreUsableArea).toBeCloseTo(778.26, 2);
    expect(result.grossArea).toBeCloseTo(1297.32, 2);
    // B = 9 × 38 = 342; equipment = 828 × 0.09 = 74.52; core = 902.52; S = 902.52 / 0.65 = 1388.4923… → 1388.49
    const given = entitlement("county", staffing, { serviceAllowancePerPerson: 9 }, defaults);
    expect(given.serviceArea).toBe(342);
    expect(given.grossArea).toBeCloseTo(1388.49, 2);
    expect(given.parameters.serviceAllowanceSource).toBe("request");
  });

  it("township organ: the province's figures", () => {
    const result = entitlement(
      "township",
      lines({ township_head: 1, township_deputy: 4, township_staff: 15 }),
      {},
      defaults,
    );
    // A = 18 + 12×4 + 9×15 = 18 + 48 + 135 = 201; B = 5 × 20 = 100; equipment = 301 × 0.09 = 27.09
    // core = 328.09; S = 328.09 / 0.65 = 504.7538… → 504.75
    expect(result.officeArea).toBe(201);
    expect(result.serviceArea).toBe(100);
    expect(result.grossArea).toBeCloseTo(504.75, 2);
    expect(result.lines.every((line) => line.limitSource === "township_parameter")).toBe(true);
    // A province that sets its township head at 20 m² gets 20, not the national default.
    const custom = {
      ...defaults,
      townshipOfficeLimits: { township_head: 20, township_deputy: 14, township_staff: 9 },
    };
    expect(
      entitlement("township", lines({ township_head: 1, township_deputy: 1 }), {}, custom).officeArea,
    ).toBe(34);
  });
});

describe("the notes to the table", () => {
  it("township limits above 24 m² (the county deputy figure) are rejected in a parameter set", () => {
    expect(() =>
      parseStandardParameters({
        ...defaults,
        townshipOfficeLimits: { township_head: 30, township_deputy: 12, township_staff: 9 },
      }),
    ).toThrow(/24/);
    expect(
      parseStandardParameters({
        ...defaults,
        townshipOfficeLimits: { township_head: 24, township_deputy: 18, township_staff: 9 },
      }).townshipOfficeLimits.township_head,
    ).toBe(24);
    expect(() => parseStandardParameters({ ...defaults, unknown: 1 })).toThrow();
  });

  it("washroom ≤ 6 m² inside the limit, only for the ranks the standard names", () => {
    const departmentHead = { limit: 30, mayHaveWashroom: mayHaveWashroom("provincial_department_head") };
    const deputyHead = { limit: 24, mayHaveWashroom: mayHaveWashroom("provincial_deputy_department_head") };
    expect(
      checkRoom({ usableArea: 30, washroomArea: 5, occupantIds: [1] }, departmentHead, defaults),
    ).toEqual({
      share: 30,
      over: false,
      washroomIssues: [],
    });
    // The washroom counts inside the limit: 32 m² including it is over 30.
    expect(
      checkRoom({ usableArea: 32, washroomArea: 5, occupantIds: [1] }, departmentHead, defaults).over,
    ).toBe(true);
    expect(
      checkRoom({ usableArea: 30, washroomArea: 7, occupantIds: [1] }, departmentHead, defaults)
        .washroomIssues,
    ).toEqual(["too_large"]);
    expect(
      checkRoom({ usableArea: 24, washroomArea: 4, occupantIds: [1] }, deputyHead, defaults).washroomIssues,
    ).toEqual(["not_allowed"]);
    // Who may: provincial/ministerial leaders, provincial department heads, prefecture and county heads.
    const allowed = ranks
      .filter((rank) => rank.washroom)
      .map((rank) => rank.code)
      .sort();
    expect(allowed).toEqual(
      [
        "central_minister",
        "central_vice_minister",
        "county_head",
        "prefecture_head",
        "provincial_department_head",
        "provincial_deputy",
        "provincial_head",
      ].sort(),
    );
  });

  it("dispatched bodies and public institutions take the level below", () => {
    expect(effectiveLevel("vertical_branch", "central", true)).toBe("provincial");
    expect(effectiveLevel("public_institution", "provincial", false)).toBe("prefecture");
    expect(effectiveLevel("civil_service_institution", "prefecture", false)).toBe("county");
    expect(effectiveLevel("government_department", "provincial", false)).toBe("provincial");
    expect(effectiveLevel("public_institution", "township", false)).toBe("township");
    // central 司局级 bodies use provincial 厅局级 figures; provincial 处级 use prefecture 局处级
    expect(rankAtLevel("central_bureau_director", "provincial")).toBe("provincial_department_head");
    expect(rankAtLevel("provincial_division_head", "prefecture")).toBe("prefecture_bureau_head");
    expect(rankAtLevel("provincial_division_head", "provincial")).toBe("provincial_division_head");
    const dispatched = unitEntitlement(
      { kind: "vertical_branch", adminLevel: "central", isDispatched: true, regionCode: "230000" },
      lines({
        central_bureau_director: 1,
        central_deputy_bureau_director: 2,
        central_division: 5,
        central_below_division: 10,
      }),
      { highRise: false },
      defaults,
    );
    // At provincial figures: 30 + 24×2 + 12×5 + 9×10 = 30 + 48 + 60 + 90 = 228 (central figures would give 192)
    // B = 8 (provincial) × 18 = 144
    expect(dispatched.level).toBe("provincial");
    expect(dispatched.takesLevelBelow).toBe(true);
    expect(dispatched.officeArea).toBe(228);
    expect(dispatched.serviceArea).toBe(144);
    expect(dispatched.explanation.some((line) => line.zh.includes("下一级标准"))).toBe(true);
  });

  it("sub-provincial cities (Harbin): deputies at the 省级副职 figure, department heads at 正厅（局）级", () => {
    expect(isSubProvincial("230100", defaults)).toBe(true);
    expect(isSubProvincial("230103", defaults)).toBe(true);
    expect(isSubProvincial("230200", defaults)).toBe(false);
    expect(limitOf("prefecture_deputy", defaults, true).limit).toBe(42);
    expect(limitOf("prefecture_bureau_head", defaults, true).limit).toBe(30);
    expect(limitOf("prefecture_deputy", defaults, false).limit).toBe(30);
    const staffing = lines({
      prefecture_head: 1,
      prefecture_deputy: 2,
      prefecture_bureau_head: 1,
      prefecture_below_bureau: 10,
    });
    // Harbin: 42 + 42×2 + 30 + 9×10 = 246; Qiqihar: 42 + 30×2 + 24 + 90 = 216
    const harbin = unitEntitlement(
      { kind: "government_department", adminLevel: "prefecture", isDispatched: false, regionCode: "230100" },
      staffing,
      { highRise: false },
      defaults,
    );
    const qiqihar = unitEntitlement(
      { kind: "government_department", adminLevel: "prefecture", isDispatched: false, regionCode: "230200" },
      staffing,
      { highRise: false },
      defaults,
    );
    expect(harbin.officeArea).toBe(246);
    expect(qiqihar.officeArea).toBe(216);
    expect(harbin.explanation.some((line) => line.zh.includes("副省级城市"))).toBe(true);
  });

  it("never the 1999 table: county head 30 (not 20), central 处级 12 (not 9)", () => {
    expect(limitOf("county_head", defaults).limit).toBe(30);
    expect(limitOf("central_division", defaults).limit).toBe(12);
  });

  it("maps every API rank code of issue 6 to a rank of its level", () => {
    for (const level of organLevels) {
      for (const apiCode of Object.keys(apiRankCodes[level])) {
        const code = internalRankCode(level, apiCode);
        expect(ranks.find((rank) => rank.code === code)?.organLevel).toBe(level);
      }
    }
    expect(internalRankCode("county", "department_head")).toBeUndefined();
    expect(internalRankCode("county", "toString")).toBeUndefined();
  });
});

const holder = (id: number, limit: number, extra: Partial<OfficeHolder> = {}): OfficeHolder => ({
  id,
  name: `P${id}`,
  rank: "county_below_section",
  rankNameZh: "科级以下",
  rankNameEn: "Below section level",
  limit,
  mayHaveWashroom: false,
  secondOfficeApproved: false,
  ...extra,
});
const room = (id: number, usableArea: number, occupantIds: number[], washroomArea = 0) => ({
  id,
  number: String(100 + id),
  buildingName: "楼",
  usableArea,
  washroomArea,
  hasRestRoom: false,
  occupantIds,
});

describe("per-person office checks", () => {
  it("splits a shared office among its occupants and says what it would take to comply", () => {
    const [first] = personOfficeChecks(
      [room(1, 30, [1, 2, 3])],
      [holder(1, 9), holder(2, 9), holder(3, 9)],
      defaults,
    );
    // 30 ÷ 3 = 10 m² per person against 9: 1 m² over each; vacate 30 − 27 = 3 m² or a room ≤ 27 m²
    expect(first).toMatchObject({ area: 10, excess: 1, status: "over" });
    expect(first?.explanation.some((line) => line.zh.includes("3 m²") && line.zh.includes("27 m²"))).toBe(
      true,
    );
    const [within] = personOfficeChecks([room(1, 27, [1, 2, 3])], [holder(1, 9)], defaults);
    expect(within).toMatchObject({ area: 9, excess: 0, status: "within" });
  });

  it("an unapproved second office is to be vacated; an approved one is not counted", () => {
    const rooms = [room(1, 18, [1]), room(2, 16, [1])];
    const [unapproved] = personOfficeChecks(rooms, [holder(1, 18)], defaults);
    expect(unapproved).toMatchObject({ area: 34, excess: 16, status: "over", vacateRoomIds: [2] });
    const [approved] = personOfficeChecks(rooms, [holder(1, 18, { secondOfficeApproved: true })], defaults);
    expect(approved).toMatchObject({ excess: 0, status: "within", vacateRoomIds: [] });
  });

  it("status of a unit and the rooms to vacate", () => {
    expect(unitStatus(100, 101, defaults)).toBe("over");
    expect(unitStatus(100, 95, defaults)).toBe("within");
    expect(unitStatus(100, 89, defaults)).toBe("short");
    const rooms = [
      { id: 1, usableArea: 50 },
      { id: 2, usableArea: 30 },
      { id: 3, usableArea: 12 },
    ];
    // 60 m² over: 50 then the smallest room that still covers the remaining 10 (12, not 30).
    expect(roomsToVacate(rooms, 60).map((entry) => entry.id)).toEqual([1, 3]);
    expect(roomsToVacate(rooms, 0)).toEqual([]);
  });
});

const levelArbitrary = fc.constantFrom<AdminLevel>(...organLevels);
const staffingArbitrary = (level: AdminLevel) =>
  fc.array(fc.integer({ min: 0, max: 200 }), {
    minLength: ranks.filter((rank) => rank.organLevel === level).length,
    maxLength: ranks.filter((rank) => rank.organLevel === level).length,
  });
const staffingOf = (level: AdminLevel, counts: readonly number[]) =>
  ranks
    .filter((rank) => rank.organLevel === level)
    .map((rank, index) => ({ rank: rank.code, authorized: counts[index] ?? 0 }));

describe("properties", () => {
  it("entitlement grows with headcount", () => {
    fc.assert(
      fc.property(
        levelArbitrary.chain((level) =>
          fc.tuple(fc.constant(level), staffingArbitrary(level), fc.nat(), fc.integer({ min: 1, max: 50 })),
        ),
        fc.boolean(),
        ([level, counts, which, added], highRise) => {
          const staffing = staffingOf(level, counts);
          const index = which % staffing.length;
          const more = staffing.map((line, position) =>
            position === index ? { ...line, authorized: line.authorized + added } : line,
          );
          const before = entitlement(level, staffing, { highRise }, defaults);
          const after = entitlement(level, more, { highRise }, defaults);
          expect(after.officeArea).toBeGreaterThan(before.officeArea);
          expect(after.serviceArea).toBeGreaterThan(before.serviceArea);
          expect(after.grossArea).toBeGreaterThan(before.grossArea);
        },
      ),
    );
  });

  it("S ≥ A + B, and core = A + B + equipment", () => {
    fc.assert(
      fc.property(
        levelArbitrary.chain((level) => fc.tuple(fc.constant(level), staffingArbitrary(level))),
        fc.boolean(),
        fc.double({ min: 0, max: 20, noNaN: true }),
        fc.double({ min: 0, max: 5000, noNaN: true }),
        ([level, counts], highRise, allowance, ancillary) => {
          const result = entitlement(
            level,
            staffingOf(level, counts),
            { highRise, serviceAllowancePerPerson: allowance, ancillaryGrossArea: ancillary },
            defaults,
          );
          expect(result.grossArea).toBeGreaterThanOrEqual(result.officeArea + result.serviceArea - 0.01);
          expect(result.coreUsableArea).toBeCloseTo(
            result.officeArea + result.serviceArea + result.equipmentArea,
            1,
          );
        },
      ),
    );
  });

  it("per-person checks add up to the occupied office area of the unit", () => {
    const roomsArbitrary = fc.array(
      fc.record({
        area: fc.integer({ min: 500, max: 6000 }).map((cents) => cents / 100),
        occupants: fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { minLength: 0, maxLength: 4 }),
      }),
      { minLength: 1, maxLength: 15 },
    );
    fc.assert(
      fc.property(roomsArbitrary, fc.integer({ min: 9, max: 54 }), (specs, limit) => {
        const rooms = specs.map((spec, index) => room(index + 1, spec.area, spec.occupants));
        const people = Array.from({ length: 12 }, (_, index) => holder(index + 1, limit));
        const checks = personOfficeChecks(rooms, people, defaults);
        const occupied = rooms.filter((entry) => entry.occupantIds.length > 0);
        const total = occupied.reduce((sum, entry) => sum + entry.usableArea, 0);
        const counted = checks.reduce((sum, check) => sum + check.area, 0);
        // Each share is rounded to the cent: at most half a cent per person and room.
        const seats = occupied.reduce((sum, entry) => sum + entry.occupantIds.length, 0);
        expect(Math.abs(counted - total)).toBeLessThanOrEqual(seats * 0.005 + 1e-9);
        for (const check of checks) {
          expect(check.status === "over").toBe(check.excess > 0 || check.washroomIssues.length > 0);
          if (check.rooms.length === 1) expect(check.excess).toBeCloseTo(Math.max(0, check.area - limit), 2);
        }
      }),
    );
  });
});
