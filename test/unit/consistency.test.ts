import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type CertificateInput,
  compareCertificates,
  isAdministrationHolder,
} from "../../server/domain/consistency/certificates.js";
import {
  compareFieldChecks,
  type FieldObservation,
  latestPerRoom,
} from "../../server/domain/consistency/field-check.js";
import {
  CERTIFICATE_AREA_TOLERANCE,
  exceedsTolerance,
  type LedgerRoom,
  type NameBook,
  ROOM_AREA_TOLERANCE,
} from "../../server/domain/consistency/mismatch.js";
import { consistencyReport, findMismatches } from "../../server/domain/consistency/report.js";
import { compareSubLedger, type SubLedgerRow } from "../../server/domain/consistency/sub-ledger.js";
import type { RoomStatus, UseCategory } from "../../server/domain/demo/dataset.js";

const EDUCATION = 1;
const FINANCE = 2;
const TOWER = 10;
const ANNEX = 11;

const names: NameBook = {
  units: new Map([
    [EDUCATION, "测试教育厅"],
    [FINANCE, "测试财政厅"],
  ]),
  buildings: new Map([
    [TOWER, "测试主楼"],
    [ANNEX, "测试附楼"],
  ]),
};

const room = (
  roomId: number,
  roomNumber: string,
  usableArea: number,
  occupantUnitId: number | null,
  fields: Partial<LedgerRoom> = {},
): LedgerRoom => ({
  roomId,
  buildingId: TOWER,
  buildingName: "测试主楼",
  roomNumber,
  useCategory: "office",
  usableArea,
  status: occupantUnitId === null ? "idle" : "in_use",
  occupantUnitId,
  ...fields,
});

/** The master ledger of the fixtures: four rooms of the education department, one of finance, one idle. */
const ledger: readonly LedgerRoom[] = Object.freeze([
  room(1, "101", 18, EDUCATION),
  room(2, "102", 12, EDUCATION),
  room(3, "103", 30, EDUCATION, { useCategory: "service" }),
  room(4, "104", 9, EDUCATION),
  room(5, "105", 24, FINANCE),
  room(6, "106", 15, null),
]);

/** The unit's sub-ledger exactly as the master ledger has it. */
const mirror = (unitId: number, rooms: readonly LedgerRoom[]): SubLedgerRow[] =>
  rooms
    .filter((entry) => entry.occupantUnitId === unitId)
    .map((entry) => ({
      buildingId: entry.buildingId,
      roomNumber: entry.roomNumber,
      useCategory: entry.useCategory,
      usableArea: entry.usableArea,
      status: entry.status,
    }));

describe("账账相符: master ledger vs a unit's sub-ledger", () => {
  it("finds nothing when the sub-ledger mirrors the ledger", () => {
    expect(compareSubLedger(EDUCATION, mirror(EDUCATION, ledger), ledger, names)).toEqual([]);
  });

  it("names a ledger room missing from the sub-ledger", () => {
    const rows = mirror(EDUCATION, ledger).filter((row) => row.roomNumber !== "102");
    expect(compareSubLedger(EDUCATION, rows, ledger, names)).toEqual([
      {
        kind: "ledger_vs_subledger",
        code: "missing_in_subledger",
        unitId: EDUCATION,
        buildingId: TOWER,
        buildingName: "测试主楼",
        roomId: 2,
        roomNumber: "102",
        field: "room",
        ledgerValue: "102",
        otherValue: null,
        message: "总台账登记本单位使用的测试主楼 102 室（办公室，12.00 m²）未列入分台账",
      },
    ]);
  });

  it("names a sub-ledger room the ledger does not have, is idle or another unit's", () => {
    const rows: SubLedgerRow[] = [
      ...mirror(EDUCATION, ledger),
      { buildingId: ANNEX, roomNumber: "201", useCategory: "office", usableArea: 20, status: "in_use" },
      { buildingId: TOWER, roomNumber: "105", useCategory: "office", usableArea: 24, status: "in_use" },
      { buildingId: TOWER, roomNumber: "106", useCategory: "office", usableArea: 15, status: "in_use" },
    ];
    const found = compareSubLedger(EDUCATION, rows, ledger, names);
    expect(found.map((mismatch) => [mismatch.code, mismatch.roomNumber, mismatch.ledgerValue])).toEqual([
      ["occupant_differs", "105", "测试财政厅"],
      ["occupant_differs", "106", null],
      ["missing_in_ledger", "201", null],
    ]);
    expect(found[1]?.message).toBe("分台账列报测试主楼 106 室为本单位使用，总台账登记为闲置（无使用单位）");
    expect(found[2]).toMatchObject({ buildingName: "测试附楼", otherValue: "201", field: "room" });
    expect(found[2]).not.toHaveProperty("roomId");
  });

  it("compares area beyond the tolerance, category and status", () => {
    const rows = mirror(EDUCATION, ledger).map((row) => {
      switch (row.roomNumber) {
        case "101":
          return { ...row, usableArea: 18.18 }; // within max(0.1, 1 % of 18 = 0.18)
        case "102":
          return { ...row, usableArea: 14.5 };
        case "103":
          return { ...row, useCategory: "office" as const };
        case "104":
          return { ...row, status: "vacating" as const };
        default:
          return row;
      }
    });
    const found = compareSubLedger(EDUCATION, rows, ledger, names);
    expect(
      found.map((mismatch) => [
        mismatch.roomNumber,
        mismatch.field,
        mismatch.ledgerValue,
        mismatch.otherValue,
      ]),
    ).toEqual([
      ["102", "usable_area", 12, 14.5],
      ["103", "use_category", "service", "office"],
      ["104", "status", "in_use", "vacating"],
    ]);
    expect(found.map((mismatch) => mismatch.message)).toEqual([
      "测试主楼 102 室使用面积：总台账为12.00 m²，分台账为14.50 m²",
      "测试主楼 103 室用途：总台账为服务用房，分台账为办公室",
      "测试主楼 104 室使用状态：总台账为在用，分台账为腾退中",
    ]);
  });

  it("has no mismatch for any sub-ledger equal to the ledger (property)", () => {
    const categories: UseCategory[] = ["office", "service", "equipment", "ancillary", "technical"];
    const statuses: RoomStatus[] = [
      "in_use",
      "idle",
      "leased_out",
      "lent_out",
      "vacating",
      "pending_disposal",
    ];
    const roomArbitrary = fc.record({
      buildingId: fc.integer({ min: 1, max: 4 }),
      roomNumber: fc.stringMatching(/^[1-9][0-9]{2}$/),
      useCategory: fc.constantFrom(...categories),
      usableArea: fc.integer({ min: 1, max: 20_000 }).map((cents) => cents / 100),
      status: fc.constantFrom(...statuses),
      occupantUnitId: fc.constantFrom(1, 2, 3, null),
    });
    fc.assert(
      fc.property(fc.array(roomArbitrary, { maxLength: 40 }), fc.constantFrom(1, 2, 3), (drawn, unitId) => {
        const rooms = drawn.map((entry, index) => ({
          ...entry,
          roomId: index + 1,
          buildingName: `楼${entry.buildingId}`,
          // One room per building and number, as a sub-ledger names them.
          roomNumber: `${entry.roomNumber}-${index}`,
        }));
        expect(compareSubLedger(unitId, mirror(unitId, rooms), rooms, names)).toEqual([]);
      }),
    );
  });
});

describe("账实相符: master ledger vs field checks", () => {
  const byId = new Map(ledger.map((entry) => [entry.roomId, entry]));
  const observation = (fields: Partial<FieldObservation>): FieldObservation => ({
    id: 1,
    roomId: 1,
    inspectionId: 7,
    inspectionUnitId: EDUCATION,
    checkedOn: "2026-10-15",
    observedStatus: null,
    observedUseCategory: null,
    observedUsableArea: null,
    observedOccupantUnitId: null,
    ...fields,
  });

  it("compares only what was observed, and only the latest observation of a room", () => {
    const observations = [
      observation({ id: 1, roomId: 1, observedUsableArea: 25, checkedOn: "2026-05-01" }),
      observation({ id: 2, roomId: 1, observedUsableArea: 18, observedStatus: "in_use" }),
      observation({ id: 3, roomId: 2, observedStatus: "idle" }),
      observation({ id: 4, roomId: 3, observedUseCategory: "office", observedUsableArea: 30.2 }),
      observation({ id: 5, roomId: 4, observedOccupantUnitId: FINANCE }),
    ];
    expect(latestPerRoom(observations).map((entry) => entry.id)).toEqual([2, 3, 4, 5]);
    const found = compareFieldChecks(observations, byId, names);
    expect(
      found.map((mismatch) => [mismatch.roomId, mismatch.field, mismatch.ledgerValue, mismatch.otherValue]),
    ).toEqual([
      [2, "status", "in_use", "idle"],
      [3, "use_category", "service", "office"],
      [4, "occupant_unit", "测试教育厅", "测试财政厅"],
    ]);
    expect(
      found.every((mismatch) => mismatch.kind === "ledger_vs_field" && mismatch.unitId === EDUCATION),
    ).toBe(true);
    expect(found[2]?.message).toBe(
      "测试主楼 104 室使用单位：台账为测试教育厅，实地为测试财政厅（2026-10-15实地核查）",
    );
  });

  it("charges an idle room found occupied to the unit found in it", () => {
    const found = compareFieldChecks(
      [
        observation({
          roomId: 6,
          observedStatus: "in_use",
          observedOccupantUnitId: FINANCE,
          observedUsableArea: 17,
        }),
      ],
      byId,
      names,
    );
    expect(found.map((mismatch) => [mismatch.field, mismatch.unitId, mismatch.code])).toEqual([
      ["occupant_unit", FINANCE, "occupant_differs"],
      ["status", FINANCE, "value_differs"],
      ["usable_area", FINANCE, "value_differs"],
    ]);
    expect(found[0]?.message).toContain("台账为无（闲置），实地为测试财政厅");
  });
});

describe("账证相符: master ledger vs title and use certificates", () => {
  const base: CertificateInput = {
    buildings: [
      {
        id: TOWER,
        name: "测试主楼",
        propertyClass: "office",
        titleCertificateNo: "黑（2020）第1号",
        titleHolder: "测试省机关事务管理局",
      },
      {
        id: ANNEX,
        name: "测试附楼",
        propertyClass: "office",
        titleCertificateNo: "黑（2020）第2号",
        titleHolder: "测试县机关事务服务中心",
      },
    ],
    occupancy: [
      { unitId: EDUCATION, buildingId: TOWER, area: 400 },
      { unitId: FINANCE, buildingId: TOWER, area: 150 },
    ],
    certificates: [
      { certificateNo: "配字1号", unitId: EDUCATION, buildingId: TOWER, area: 396 },
      { certificateNo: "配字2号", unitId: FINANCE, buildingId: TOWER, area: 100 },
      { certificateNo: "配字3号", unitId: FINANCE, buildingId: TOWER, area: 50.5 },
    ],
    unitKinds: new Map([
      [EDUCATION, "government_department"],
      [FINANCE, "government_department"],
    ]),
    administrations: new Set(),
  };

  it("finds nothing when titles are the administration's and certificates cover the use within 1 m² or 1 %", () => {
    expect(compareCertificates(base)).toEqual([]);
    expect(exceedsTolerance(400, 396, CERTIFICATE_AREA_TOLERANCE)).toBe(false);
    expect(exceedsTolerance(400, 395.9, CERTIFICATE_AREA_TOLERANCE)).toBe(true);
    expect(exceedsTolerance(50, 49, CERTIFICATE_AREA_TOLERANCE)).toBe(false);
    expect(exceedsTolerance(50, 48.9, CERTIFICATE_AREA_TOLERANCE)).toBe(true);
    expect(exceedsTolerance(12, 12.1, ROOM_AREA_TOLERANCE)).toBe(false);
    expect(exceedsTolerance(12, 12.13, ROOM_AREA_TOLERANCE)).toBe(true);
  });

  it("finds missing titles, foreign title holders, missing, differing and stale use certificates", () => {
    const found = compareCertificates({
      ...base,
      buildings: [
        { ...(base.buildings[0] as CertificateInput["buildings"][number]), titleHolder: "测试教育厅" },
        { ...(base.buildings[1] as CertificateInput["buildings"][number]), titleCertificateNo: null },
      ],
      certificates: [
        { certificateNo: "配字1号", unitId: EDUCATION, buildingId: TOWER, area: 380 },
        { certificateNo: "配字4号", unitId: EDUCATION, buildingId: ANNEX, area: 60 },
      ],
    });
    expect(
      found.map((mismatch) => [
        mismatch.code,
        mismatch.unitId,
        mismatch.buildingId,
        mismatch.ledgerValue,
        mismatch.otherValue,
      ]),
    ).toEqual([
      ["certificate_area_differs", EDUCATION, TOWER, 400, 380],
      ["title_not_administration", EDUCATION, TOWER, "机关事务管理机构", "测试教育厅"],
      ["title_not_administration", FINANCE, TOWER, "机关事务管理机构", "测试教育厅"],
      ["no_use_certificate", FINANCE, TOWER, 150, null],
      ["no_title_certificate", null, ANNEX, "测试附楼", null],
      ["certificate_without_use", EDUCATION, ANNEX, null, "配字4号"],
    ]);
    expect(found.every((mismatch) => mismatch.kind === "ledger_vs_certificate")).toBe(true);
    expect(found[0]?.message).toBe("测试主楼：台账使用面积400.00 m²，凭证（配字1号）核定面积380.00 m²");
  });

  it("lets vertical branches, universities and enterprises hold titles outside the administration", () => {
    const own = compareCertificates({
      ...base,
      buildings: [
        { ...(base.buildings[0] as CertificateInput["buildings"][number]), titleHolder: "国家统计局" },
      ],
      unitKinds: new Map([
        [EDUCATION, "vertical_branch"],
        [FINANCE, "university"],
      ]),
    });
    expect(own).toEqual([]);
    expect(isAdministrationHolder("哈尔滨市南岗区机关事务服务中心", new Set())).toBe(true);
    expect(isAdministrationHolder("某县行政服务中心", new Set(["某县行政服务中心"]))).toBe(true);
    expect(isAdministrationHolder("黑龙江省财政厅", new Set())).toBe(false);
  });
});

describe("the report", () => {
  it("groups by unit, counts per kind, units without a sub-ledger and consistent units", () => {
    const units = [
      { id: EDUCATION, name: "测试教育厅", regionCode: "230103", submittedOn: "2026-10-01" },
      { id: FINANCE, name: "测试财政厅", regionCode: "230103", submittedOn: null },
      { id: 3, name: "测试审计厅", regionCode: "230103", submittedOn: "2026-09-01" },
    ];
    const mismatches = findMismatches({
      units,
      names,
      ledgerRooms: ledger,
      subLedgers: new Map([
        [EDUCATION, mirror(EDUCATION, ledger).filter((row) => row.roomNumber !== "101")],
        [3, []],
      ]),
      observations: [
        {
          id: 1,
          roomId: 5,
          inspectionId: 1,
          inspectionUnitId: FINANCE,
          checkedOn: "2026-10-20",
          observedStatus: "idle",
          observedUseCategory: null,
          observedUsableArea: null,
          observedOccupantUnitId: null,
        },
      ],
      certificates: {
        buildings: [
          {
            id: ANNEX,
            name: "测试附楼",
            propertyClass: "office",
            titleCertificateNo: null,
            titleHolder: null,
          },
        ],
        occupancy: [],
        certificates: [],
        unitKinds: new Map(),
        administrations: new Set(),
      },
      includeUnattributed: false,
    });
    const report = consistencyReport(units, mismatches);
    expect(report.summary).toEqual({
      unitsChecked: 3,
      unitsConsistent: 1,
      mismatches: { ledger_vs_subledger: 1, ledger_vs_field: 1, ledger_vs_certificate: 0 },
      unitsWithoutSubmission: 1,
    });
    expect(
      report.units.map((entry) => [entry.unitId, entry.mismatches.map((mismatch) => mismatch.field)]),
    ).toEqual([
      [EDUCATION, ["room"]],
      [FINANCE, ["status"]],
    ]);
    expect(
      consistencyReport(units, mismatches, ["ledger_vs_field"]).units.map((entry) => entry.unitId),
    ).toEqual([FINANCE]);
  });
});
