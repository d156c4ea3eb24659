import { type Kysely, sql } from "kysely";
import type { Database } from "../schema.js";

export interface InventoryCounts {
  regions: number;
  units: number;
  buildings: number;
  rooms: number;
}

export async function inventoryCounts(db: Kysely<Database>): Promise<InventoryCounts> {
  const { rows } = await sql<InventoryCounts>`
    select (select count(*) from regions) as regions, (select count(*) from units) as units,
           (select count(*) from buildings) as buildings, (select count(*) from rooms) as rooms`.execute(db);
  const row = rows[0];
  return {
    regions: Number(row?.regions ?? 0),
    units: Number(row?.units ?? 0),
    buildings: Number(row?.buildings ?? 0),
    rooms: Number(row?.rooms ?? 0),
  };
}
