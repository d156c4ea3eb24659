import { type Kysely, sql } from "kysely";
import { type DemoDataset, datasetTables } from "../domain/demo/dataset.js";
import { generateDemoData } from "../domain/demo/generator.js";
import { insertDemoFindings } from "./demo-findings.js";
import { insertDemoInspectionPlans } from "./demo-inspections.js";
import { insertDemoRepairs } from "./demo-repairs.js";
import { insertDemoScenarios } from "./demo-scenarios.js";
import { createDemoUsers } from "./demo-users.js";
import { readCountyPolygons, readDivisions, readPlaces } from "./geodata-files.js";
import { geometryFromGeoJSON } from "./postgis.js";
import { seedDemoSnapshots } from "./repositories/dashboard-snapshot.repository.js";
import { recomputeStandardStatus } from "./repositories/standard-status.repository.js";
import type { Database } from "./schema.js";

/** Columns holding GeoJSON geometries in the dataset, written through ST_GeomFromGeoJSON. */
const geometryColumns = new Set(["geom", "footprint", "location", "plan"]);

/** Rows per INSERT: keeps every statement well under PostgreSQL's 65,535 parameters. */
const CHUNK = 1000;

/** Inserts a generated dataset in one transaction (all or nothing), every row marked as demo data. */
export async function insertDataset(db: Kysely<Database>, dataset: DemoDataset): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const [key, table] of datasetTables) {
      const records = dataset[key] as unknown as ReadonlyArray<Record<string, unknown>>;
      for (let start = 0; start < records.length; start += CHUNK) {
        const rows = records.slice(start, start + CHUNK).map((record) => {
          const row: Record<string, unknown> = { is_demo: true };
          for (const [column, value] of Object.entries(record)) {
            row[column] = geometryColumns.has(column) && value !== null ? geometryFromGeoJSON(value) : value;
          }
          return row;
        });
        // The dataset's shape mirrors the tables (checked by the db tests); Kysely cannot see that here.
        await trx
          .insertInto(table)
          .values(rows as never)
          .execute();
      }
      if (records.length > 0 && records[0] && "id" in records[0]) {
        await sql`select setval(pg_get_serial_sequence(${table}, 'id'), (select max(id) from ${sql.table(table)}))`.execute(
          trx,
        );
      }
    }
  });
}

/** Generates the Heilongjiang demo inventory from the real boundaries in data/geo. */
export function generateDemoFromFiles(seed?: number): DemoDataset {
  const regionNames = new Map(readDivisions().map((division) => [division.code, division.name]));
  return generateDemoData({
    regions: readCountyPolygons(),
    regionNames,
    places: readPlaces(),
    ...(seed === undefined ? {} : { seed }),
  });
}

/** Loads the demo data when the database has no units yet; returns whether it did. */
export async function loadDemoIfEmpty(db: Kysely<Database>): Promise<boolean> {
  const { count } = await db
    .selectFrom("units")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .executeTakeFirstOrThrow();
  if (Number(count) > 0) return false;
  await insertDataset(db, generateDemoFromFiles());
  await createDemoUsers(db);
  // The inspection plans assign demo-inspector, so they follow the accounts.
  await insertDemoInspectionPlans(db);
  // Every unit's standard position, stored: the zone analysis and checks read it instead of running the
  // engine unit by unit (the campus zone: 2.8 s → well under a second on PGlite).
  await recomputeStandardStatus(db);
  // The swap scenarios of the real cases need the stored standard status (the SASAC's entitled area).
  await insertDemoScenarios(db);
  // A few months of dashboard history (demo data, is_demo) for the idle-space trend.
  await seedDemoSnapshots(db);
  // Repair requests at every stage, one waiting for acceptance (separation of duties, issue 10).
  await insertDemoRepairs(db);
  // The finding ledger at every status and age, dated from today (the demo's users act in its history).
  await insertDemoFindings(db);
  return true;
}
