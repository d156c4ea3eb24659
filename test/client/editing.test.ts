import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { equalParts } from "../../client/components/fangtu-room-editor.js";
import { housable } from "../../client/components/fangtu-zone-panel.js";
import { editablePolygon, nearestWithin } from "../../client/map/draw-tool.js";
import { EditHistory, HISTORY_LIMIT } from "../../client/state/edit-history.js";

describe("edit history", () => {
  it("undoes the newest edit first by sending its audit ids, and forgets it", async () => {
    const history = new EditHistory();
    let changes = 0;
    history.addEventListener("change", () => changes++);
    history.record("新建楼宇 甲", ["10", "11"], 42);
    history.record("拆分房间 101", ["12"]);
    const sent: Array<readonly string[]> = [];
    const undone = await history.undo(async (audit) => {
      sent.push(audit);
    });
    expect(undone?.label).toBe("拆分房间 101");
    expect(sent).toEqual([["12"]]);
    expect(history.entries.map((entry) => entry.label)).toEqual(["新建楼宇 甲"]);
    expect(history.entries[0]?.createdBuilding).toBe(42);
    expect(changes).toBe(3);
  });

  it("drops an entry the server refused to undo and passes the refusal on", async () => {
    const history = new EditHistory();
    history.record("修改轮廓 乙", ["20"]);
    await expect(history.undo(() => Promise.reject(new Error("Changed by someone else")))).rejects.toThrow(
      "Changed by someone else",
    );
    expect(history.canUndo).toBe(false);
    await expect(history.undo(async () => undefined)).resolves.toBeUndefined();
  });

  it("keeps the last edits only and ignores writes with nothing to undo", () => {
    const history = new EditHistory();
    history.record("nothing", []);
    for (let index = 0; index < HISTORY_LIMIT + 5; index++) history.record(`edit ${index}`, [String(index)]);
    expect(history.entries).toHaveLength(HISTORY_LIMIT);
    expect(history.entries[0]?.label).toBe("edit 5");
    expect(history.entries.at(-1)?.audit).toEqual([String(HISTORY_LIMIT + 4)]);
  });
});

describe("room split parts", () => {
  it("shares the area to the centimetre square, the last part taking the remainder", () => {
    expect(equalParts("101", 100, 3)).toEqual([
      { number: "101-1", usable_area: 33.33 },
      { number: "101-2", usable_area: 33.33 },
      { number: "101-3", usable_area: 33.34 },
    ]);
  });

  it("always adds up to the room's area (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 10_000_00 }),
        fc.integer({ min: 2, max: 20 }),
        (cents, count) => {
          const area = cents / 100;
          const parts = equalParts("A", area, count);
          const sum = parts.reduce((total, part) => total + part.usable_area, 0);
          expect(parts).toHaveLength(count);
          expect(Math.abs(sum - area)).toBeLessThan(0.005);
          expect(parts.every((part) => part.usable_area > 0)).toBe(true);
        },
      ),
    );
  });
});

describe("drawing helpers", () => {
  it("snaps to the nearest corner within the limit, and to none beyond it", () => {
    const corners = [
      { x: 100, y: 100, position: [126.1, 45.1] },
      { x: 104, y: 103, position: [126.2, 45.2] },
      { x: 140, y: 100, position: [126.3, 45.3] },
    ];
    expect(nearestWithin({ x: 105, y: 104 }, corners, 10)).toEqual([126.2, 45.2]);
    expect(nearestWithin({ x: 120, y: 120 }, corners, 10)).toBeUndefined();
  });

  it("edits a polygon or a one-part multipolygon, never a multipart footprint", () => {
    const ring = [
      [126, 45],
      [126.001, 45],
      [126.001, 45.001],
      [126, 45],
    ];
    expect(editablePolygon({ type: "Polygon", coordinates: [ring] })?.coordinates).toEqual([ring]);
    expect(editablePolygon({ type: "MultiPolygon", coordinates: [[ring]] })).toEqual({
      type: "Polygon",
      coordinates: [ring],
    });
    expect(editablePolygon({ type: "MultiPolygon", coordinates: [[ring], [ring]] })).toBeUndefined();
  });
});

describe("allocation candidates", () => {
  it("sends only units with a demand and an entitlement to the optimiser", () => {
    const unit = (unitId: number, demandArea: number, entitledArea: number | null) =>
      ({ unitId, demandArea, entitledArea }) as Parameters<typeof housable>[0]["candidateUnits"][number];
    expect(housable({ candidateUnits: [unit(1, 120, 300), unit(2, 0, 300), unit(3, 80, null)] })).toEqual([
      1,
    ]);
  });
});
