import { describe, expect, it } from "vitest";
import {
  addDays,
  canMove,
  isBureauLevelOrAbove,
  routineRule,
  unitMaySee,
} from "../../server/domain/inspections/inspection-plans.js";
import {
  type ChecklistRoom,
  occupantNames,
  proposeFindings,
  type RoomObservation,
  standardAreaOf,
} from "../../server/domain/inspections/proposals.js";
import { photoTypeOf } from "../../server/http/routes/inspection-photos.route.js";

const room = (patch: Partial<ChecklistRoom> = {}): ChecklistRoom => ({
  roomId: 1,
  buildingId: 9,
  buildingName: "省直机关办公楼",
  floorName: "2层",
  number: "207",
  useCategory: "office",
  usableArea: 26.87,
  status: "in_use",
  occupantUnitId: 15,
  occupantUnitName: "黑龙江省教育厅",
  occupants: [
    {
      personId: 3,
      name: "龙伟宁",
      rankCode: "provincial_department_head",
      rankName: "正厅（局）级",
      limit: 30,
    },
  ],
  ...patch,
});

const seen = (patch: Partial<RoomObservation> = {}): RoomObservation => ({
  resultId: 1,
  checkedOn: "2026-12-03",
  observedStatus: null,
  observedUseCategory: null,
  observedUsableArea: null,
  observedOccupantUnitId: null,
  observedOccupantUnitName: null,
  observedOccupants: null,
  note: null,
  ...patch,
});

describe("inspection plans", () => {
  it("meets the routine rule with two active rounds that hold inspections, and counts completed ones", () => {
    const round = (
      roundNo: number,
      inspections: number,
      done: number,
      status: "active" | "cancelled" = "active",
    ) => ({
      kind: "routine" as const,
      round: roundNo,
      status,
      inspections,
      done,
    });
    expect(routineRule([round(1, 2, 2), round(2, 5, 4)])).toEqual({
      required: 2,
      planned: 2,
      completed: 1,
      meetsPlan: true,
      met: false,
    });
    // A cancelled round, an empty round and a spot check do not count.
    expect(
      routineRule([
        round(1, 2, 2),
        round(2, 3, 0, "cancelled"),
        round(3, 0, 0),
        { kind: "spot_check", round: null, status: "active", inspections: 4, done: 4 },
      ]),
    ).toMatchObject({ planned: 1, meetsPlan: false, met: false });
  });

  it("knows 厅局级 and above, spot-check secrecy, the moves of an inspection and calendar days", () => {
    expect(
      ["provincial_deputy_department_head", "prefecture_deputy", "central_bureau_director"].every(
        isBureauLevelOrAbove,
      ),
    ).toBe(true);
    expect(
      ["prefecture_bureau_head", "county_head", "provincial_division_head"].some(isBureauLevelOrAbove),
    ).toBe(false);
    expect([
      unitMaySee("spot_check", "planned"),
      unitMaySee("spot_check", "done"),
      unitMaySee("routine", "planned"),
    ]).toEqual([false, true, true]);
    expect([
      canMove("planned", "in_progress"),
      canMove("planned", "done"),
      canMove("done", "cancelled"),
    ]).toEqual([true, false, false]);
    expect(addDays("2026-12-15", 30)).toBe("2027-01-14");
  });

  it("tells JPEG and PNG by their first bytes", () => {
    expect(photoTypeOf(new Uint8Array([0xff, 0xd8, 0xff, 0xe1]))).toBe("image/jpeg");
    expect(photoTypeOf(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe(
      "image/png",
    );
    expect(photoTypeOf(new TextEncoder().encode("GIF89a"))).toBeNull();
  });
});

describe("proposed findings", () => {
  it("proposes nothing for a room found as the ledger says, or not checked", () => {
    const ledger = room();
    const same = seen({
      observedUsableArea: 26.9,
      observedUseCategory: "office",
      observedOccupants: "龙伟宁",
    });
    expect(proposeFindings([ledger], new Map([[1, same]]), 15)).toEqual([]);
    expect(proposeFindings([ledger], new Map(), 15)).toEqual([]);
    expect(standardAreaOf(ledger)).toBe(30);
  });

  it("proposes area, use, status, occupant and people differences with their severities", () => {
    const found = seen({
      observedUsableArea: 31.5,
      observedUseCategory: "service",
      observedStatus: "lent_out",
      observedOccupantUnitId: 40,
      observedOccupantUnitName: "某协会",
      observedOccupants: "张三，李四",
    });
    const proposals = proposeFindings([room()], new Map([[1, found]]), 15);
    expect(proposals.map((proposal) => [proposal.rule, proposal.severity])).toEqual([
      ["field_area_differs", "medium"],
      ["field_use_differs", "medium"],
      ["field_status_differs", "high"],
      ["field_occupant_differs", "high"],
      ["field_person_differs", "low"],
    ]);
    expect(proposals[0]?.description).toBe(
      "省直机关办公楼 207 室使用面积：台账为26.87 m²，实测为31.50 m²（2026-12-03实地检查）",
    );
    expect(proposals.every((proposal) => proposal.unitId === 15)).toBe(true);
    expect(occupantNames(" 李四、张三 ,张三")).toEqual(["张三", "李四"]);
  });

  it("grades offices over standard per occupant from the area found", () => {
    const shared = room({
      usableArea: 30,
      occupants: [
        { personId: 1, name: "甲", rankCode: "provincial_division_head", rankName: "正处级", limit: 18 },
        { personId: 2, name: "乙", rankCode: "provincial_below_division", rankName: "处级以下", limit: 9 },
      ],
    });
    // 44 m² found: 22 m² each — 乙 at 9 m² is far over (high), 甲 at 18 m² over by 22 % (high).
    const proposals = proposeFindings([shared], new Map([[1, seen({ observedUsableArea: 44 })]]), 15);
    expect(
      proposals.filter((p) => p.rule === "over_standard_office").map((p) => [p.personId, p.severity, p.key]),
    ).toEqual([
      [1, "high", "over_standard_office:1:1"],
      [2, "high", "over_standard_office:1:2"],
    ]);
    expect(standardAreaOf(shared)).toBe(27);
  });
});
