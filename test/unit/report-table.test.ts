import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { reportDefinitions, reportNames } from "../../server/domain/reports/report-catalogue.js";
import { formatFigure, headerRows } from "../../server/domain/reports/report-format.js";
import { type FactRow, rollUp, roundFigure } from "../../server/domain/reports/report-table.js";

const province = { code: "230000", name: "黑龙江省", level: "province" as const };
const prefectures = [
  { code: "230100", name: "哈尔滨市", level: "prefecture" as const },
  { code: "230200", name: "齐齐哈尔市", level: "prefecture" as const },
];
const leases = reportDefinitions["leases-in"];

describe("statistics table roll-up", () => {
  it("puts each region code into the child carrying its prefix, the rest into 本级", () => {
    const facts: FactRow[] = [
      { regionCode: "230103", values: { leases: 2, rent: 10.5 } },
      { regionCode: "230227", values: { leases: 1, rent: 3.25 } },
      { regionCode: "230227001", values: { leases: 1, rent: 1 } },
      { regionCode: "230000", values: { leases: 4, rent: 0.0001 } },
    ];
    const { rows, totals } = rollUp(leases, province, prefectures, facts);
    expect(rows.map((row) => [row.region.code, row.region.own, row.values.leases])).toEqual([
      ["230100", false, 2],
      ["230200", false, 2],
      ["230000", true, 4],
    ]);
    expect(totals.leases).toBe(8);
    expect(totals.rent).toBe(14.7501);
  });

  it("makes 合计 the sum of the rows for any facts (to the unit's precision)", () => {
    const code = fc.constantFrom("230103", "230227", "230000", "231000", "230202");
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ regionCode: code, area: fc.integer({ min: 0, max: 10_000_000 }), leases: fc.nat(50) }),
        ),
        (raw) => {
          const facts = raw.map((fact) => ({
            regionCode: fact.regionCode,
            values: { area: fact.area / 100, leases: fact.leases },
          }));
          const { rows, totals } = rollUp(leases, province, prefectures, facts);
          const sum = rows.reduce((total, row) => total + (row.values.area ?? 0), 0);
          expect(totals.area).toBe(roundFigure("area", sum));
          expect(totals.leases).toBe(raw.reduce((total, fact) => total + fact.leases, 0));
        },
      ),
    );
  });

  it("lays every table's headings out in two rows that cover each column once", () => {
    for (const name of reportNames) {
      const { columns } = reportDefinitions[name];
      const { top, bottom } = headerRows(columns);
      const covered = top.reduce((total, cell) => total + cell.colSpan, 0);
      expect(covered, name).toBe(columns.length);
      expect(bottom.length + top.filter((cell) => cell.rowSpan === 2).length, name).toBe(columns.length);
    }
    expect(formatFigure("area", 1234.5)).toBe("1,234.50");
    expect(formatFigure("count", 1234)).toBe("1,234");
  });
});
