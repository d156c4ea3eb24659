import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import type { FangtuDatabase } from "../../server/db/database.js";
import {
  recomputeStandardStatus,
  recomputeStandardStatusForUnits,
} from "../../server/db/repositories/standard-status.repository.js";
import { unitEntitlementReport } from "../../server/db/repositories/unit-entitlement.repository.js";
import type { UnitStandardStatusTable } from "../../server/db/schema.js";
import { unrestricted } from "../../server/db/scope.js";
import { onTestDatabase, testModes } from "../support/databases.js";

type StatusRow = { [K in keyof UnitStandardStatusTable]: unknown } & {
  unit_id: number;
  status: string;
  region_code: string;
};

describe.each(testModes())("set-based standard status (%s)", (mode) => {
  let database: FangtuDatabase;
  onTestDatabase(mode, (opened) => {
    database = opened;
  });

  it("stores, for every demo unit, the same figures as the per-unit engine report", async () => {
    const result = await recomputeStandardStatus(database.db);
    const units = await database.db.selectFrom("units").select("id").orderBy("id").execute();
    expect(result.units).toBe(units.length);
    const { rows } = await sql<StatusRow>`select * from unit_standard_status order by unit_id`.execute(
      database.db,
    );
    expect(rows.map((row) => row.unit_id)).toEqual(units.map((unit) => unit.id));

    let compared = 0;
    for (const row of rows) {
      const report = await unitEntitlementReport(database.db, row.unit_id, unrestricted);
      if (!report) throw new Error(`no report for unit ${row.unit_id}`);
      const comparison = Object.fromEntries(report.comparison.map((line) => [line.category, line.surplus]));
      const expected = {
        effective_level: report.effectiveLevel,
        takes_level_below: report.takesLevelBelow,
        sub_provincial: report.subProvincial,
        high_rise: report.entitlement.parameters.highRise,
        authorized: report.headcount.authorized,
        entitled_office: report.entitlement.officeArea,
        entitled_service: report.entitlement.serviceArea,
        entitled_equipment: report.entitlement.equipmentArea,
        entitled_core: report.entitlement.coreUsableArea,
        entitled_gross: report.entitlement.grossArea,
        actual_office: report.actual.office,
        actual_service: report.actual.service,
        actual_equipment: report.actual.equipment,
        actual_ancillary: report.actual.ancillary,
        actual_technical: report.actual.technical,
        actual_core: report.actual.core,
        office_surplus: comparison.office,
        service_surplus: comparison.service,
        equipment_surplus: comparison.equipment,
        core_surplus: comparison.core,
        // No staffing rows, no entitlement (the unit summary shows none).
        status: Number(row.staffing_rows) === 0 ? "no_staffing" : report.status,
        persons_checked: report.personChecks.length,
        over_standard_persons: report.overStandardPersons,
        parameters_version: report.parametersVersion,
      };
      const stored = Object.fromEntries(
        Object.keys(expected).map((key) => {
          const value = row[key as keyof StatusRow];
          return [key, typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value];
        }),
      );
      expect(stored, `unit ${row.unit_id}`).toEqual(expected);
      compared++;
    }
    expect(compared).toBe(units.length);

    // The demo exercises every branch the SQL mirrors: the level below, the sub-provincial note,
    // high-rise K, all three statuses and people over standard.
    const count = (predicate: (row: StatusRow) => boolean) => rows.filter(predicate).length;
    expect(count((row) => row.takes_level_below === true)).toBeGreaterThan(0);
    expect(count((row) => row.sub_provincial === true)).toBeGreaterThan(0);
    expect(count((row) => row.high_rise === true)).toBeGreaterThan(0);
    for (const status of ["over", "within", "short"])
      expect(count((row) => row.status === status)).toBeGreaterThan(0);
    expect(result.overStandardPersons).toBeGreaterThan(0);
    expect(result.overStandardPersons).toBe(
      rows.reduce((sum, row) => sum + Number(row.over_standard_persons), 0),
    );
    expect(
      result.byStatus.over + result.byStatus.within + result.byStatus.short + result.byStatus.no_staffing,
    ).toBe(units.length);
    expect(result.parametersVersions).toEqual(["230000-default-2014.1"]);
  });

  it("recomputes one region without touching the others' rows", async () => {
    await recomputeStandardStatus(database.db);
    const before = await sql<{ unit_id: number; computed_at: Date }>`
      select unit_id, computed_at from unit_standard_status where region_code not like '230227%'`.execute(
      database.db,
    );
    const result = await recomputeStandardStatus(database.db, { region: "230227" });
    const inRegion = await sql<{ n: number }>`
      select count(*)::int as n from units where region_code like '230227%'`.execute(database.db);
    expect(result.units).toBe(inRegion.rows[0]?.n);
    expect(result.units).toBeGreaterThan(0);
    const after = await sql<{ unit_id: number; computed_at: Date }>`
      select unit_id, computed_at from unit_standard_status where region_code not like '230227%'`.execute(
      database.db,
    );
    expect(after.rows.map((row) => [row.unit_id, String(row.computed_at)])).toEqual(
      before.rows.map((row) => [row.unit_id, String(row.computed_at)]),
    );
  });

  it("follows an edit: a unit's new staffing changes its stored entitlement on the next recompute", async () => {
    // Inside a rolled-back transaction: the server-mode database is shared with other test files.
    class Rollback extends Error {}
    await expect(
      database.db.transaction().execute(async (trx) => {
        const unit = await sql<{ id: number; region_code: string }>`
          select u.id, u.region_code from units u join staffing s on s.unit_id = u.id
          where u.kind = 'government_department' and u.admin_level = 'county' and not u.is_dispatched
          order by u.id limit 1`.execute(trx);
        const target = unit.rows[0];
        if (!target) throw new Error("no county department in the demo");
        await recomputeStandardStatus(trx, { region: target.region_code });
        const old = await trx
          .selectFrom("unit_standard_status")
          .selectAll()
          .where("unit_id", "=", target.id)
          .executeTakeFirstOrThrow();
        // Ten more 科级以下 posts (9 m² each, 6 m² service rooms per person at county level by default).
        await sql`insert into staffing (unit_id, rank_code, region_code, authorized, actual)
          values (${target.id}, 'county_below_section', ${target.region_code}, 10, 0)
          on conflict (unit_id, rank_code) do update set authorized = staffing.authorized + 10`.execute(trx);
        await recomputeStandardStatus(trx, { region: target.region_code });
        const fresh = await trx
          .selectFrom("unit_standard_status")
          .selectAll()
          .where("unit_id", "=", target.id)
          .executeTakeFirstOrThrow();
        expect(Number(fresh.authorized) - Number(old.authorized)).toBe(10);
        expect(Number(fresh.entitled_office) - Number(old.entitled_office)).toBeCloseTo(90, 2);
        expect(Number(fresh.entitled_service) - Number(old.entitled_service)).toBeCloseTo(60, 2);
        expect(Number(fresh.entitled_equipment) - Number(old.entitled_equipment)).toBeCloseTo(13.5, 2);
        throw new Rollback();
      }),
    ).rejects.toBeInstanceOf(Rollback);
  });

  it("recomputes only the listed units, to the rows the full pass writes", async () => {
    class Rollback extends Error {}
    const rowsOf = async (trx: typeof database.db) =>
      (await sql<StatusRow>`select * from unit_standard_status order by unit_id`.execute(trx)).rows.map(
        ({ computed_at: _at, ...row }) => row,
      );
    await expect(
      database.db.transaction().execute(async (trx) => {
        await recomputeStandardStatus(trx);
        const full = await rowsOf(trx);
        // One unit of each status, and one that does not exist.
        const listed = ["over", "within", "short"].map(
          (status) => full.find((row) => row.status === status)?.unit_id as number,
        );
        expect(listed.every((id) => id !== undefined)).toBe(true);
        await sql`update unit_standard_status set actual_core = -1`.execute(trx);
        expect(await recomputeStandardStatusForUnits(trx, [...listed, listed[0] as number, 99_999_999])).toBe(
          3,
        );
        const after = await rowsOf(trx);
        for (const [index, row] of after.entries()) {
          const expected = full[index];
          if (listed.includes(row.unit_id)) expect(row, `unit ${row.unit_id}`).toEqual(expected);
          else expect(Number(row.actual_core)).toBe(-1);
        }
        expect(await recomputeStandardStatusForUnits(trx, [])).toBe(0);
        throw new Rollback();
      }),
    ).rejects.toBeInstanceOf(Rollback);
  });
});
