import { type Kysely, sql } from "kysely";
import type { ReadScope } from "../../domain/auth/access.js";
import type { MultiPolygon } from "../../domain/geojson.js";
import {
  type Candidate,
  candidatesOf,
  type DemandMode,
  rentSaved,
} from "../../domain/zones/zone-analysis.js";
import { geometryFromGeoJSON } from "../postgis.js";
import type { Database } from "../schema.js";
import { buildingScope, regionOnlyScope, roomScope } from "../scope.js";
import { zoneNearbyUnits } from "./zone-nearby-units.repository.js";

const useCategories = ["office", "service", "equipment", "ancillary", "technical"] as const;
export type IdleByCategory = Record<(typeof useCategories)[number], number>;

/** What the zone holds: buildings whose footprint intersects it, counted whole (areas are recorded). */
export interface ZoneContents {
  zoneArea: number;
  buildings: number;
  buildingIds: number[];
  grossArea: number;
  usableArea: number;
  idleUsableArea: number;
  idleByCategory: IdleByCategory;
  unitsHoused: number;
}

export interface ConvertibleAsset {
  id: number;
  /** A non-office asset reported by finance, or a building registered as one. */
  source: "non_office_asset" | "building";
  name: string;
  grossArea: number;
  suitsOfficeUse: boolean;
}

const num = (value: unknown) => Number(value ?? 0);

/** Buildings in the zone, their recorded areas, idle usable area by category and the units housed. */
export async function zoneContents(
  db: Kysely<Database>,
  zone: MultiPolygon,
  scope: ReadScope,
): Promise<ZoneContents> {
  const { rows } = await sql<Record<string, unknown>>`
    with z as (select ${geometryFromGeoJSON(zone)} as g),
    inb as materialized (
      select b.id, b.gross_area from buildings b, z
      where st_intersects(b.footprint, z.g) and ${buildingScope(scope)}
    ),
    rm as materialized (
      select r.use_category, r.status, r.usable_area, r.occupant_unit_id from rooms r join inb on inb.id = r.building_id
      where ${roomScope(scope)}
    )
    select
      (select st_area(g::geography) from z) as zone_area,
      (select count(*) from inb) as buildings,
      (select coalesce(json_agg(id order by id), '[]') from inb) as building_ids,
      (select coalesce(sum(gross_area), 0) from inb) as gross_area,
      (select coalesce(sum(usable_area), 0) from rm) as usable_area,
      (select json_object_agg(use_category, area) from (
        select use_category, sum(usable_area) as area from rm where status = 'idle' group by use_category) x)
        as idle_by_category,
      (select count(distinct occupant_unit_id) from rm where status = 'in_use') as units_housed`.execute(db);
  const row = rows[0] ?? {};
  const parse = (value: unknown) => (typeof value === "string" ? JSON.parse(value) : value);
  const idle = (parse(row.idle_by_category) ?? {}) as Record<string, unknown>;
  const idleByCategory = Object.fromEntries(
    useCategories.map((category) => [category, num(idle[category])]),
  ) as IdleByCategory;
  return {
    zoneArea: num(row.zone_area),
    buildings: num(row.buildings),
    buildingIds: (parse(row.building_ids) as unknown[]).map(Number),
    grossArea: num(row.gross_area),
    usableArea: num(row.usable_area),
    idleUsableArea: Object.values(idleByCategory).reduce((sum, area) => sum + area, 0),
    idleByCategory,
    unitsHoused: num(row.units_housed),
  };
}

/** Non-office assets (finance's reports, and buildings registered as such) intersecting the zone. */
export async function zoneConvertibleAssets(
  db: Kysely<Database>,
  zone: MultiPolygon,
  scope: ReadScope,
): Promise<ConvertibleAsset[]> {
  const { rows } = await sql<{
    id: number;
    source: ConvertibleAsset["source"];
    name: string;
    gross_area: unknown;
    suits: boolean;
  }>`
    with z as (select ${geometryFromGeoJSON(zone)} as g)
    select a.id, 'non_office_asset' as source, a.name, a.gross_area, a.suits_office_use as suits
    from non_office_assets a, z where st_intersects(a.geom, z.g) and ${regionOnlyScope(scope, "a")}
    union all
    select b.id, 'building' as source, b.name, b.gross_area, b.condition <> 'dangerous' as suits
    from buildings b, z
    where b.property_class = 'non_office_asset' and st_intersects(b.footprint, z.g) and ${buildingScope(scope)}
    order by source desc, id`.execute(db);
  return rows.map((row) => ({
    id: Number(row.id),
    source: row.source,
    name: row.name,
    grossArea: num(row.gross_area),
    suitsOfficeUse: Boolean(row.suits),
  }));
}

export interface ZoneAnalysisOptions {
  readonly radiusMeters: number;
  readonly demand: DemandMode;
  /** The nearest units examined (DEFAULT_CANDIDATE_LIMIT). */
  readonly candidateLimit: number;
  /** Yuan per m² of gross area. */
  readonly conversionCostPerM2: number;
}

/** The answer of POST /api/analysis/zone (docs/api.md). Areas m², money yuan, distances m. */
export interface ZoneAnalysis extends Omit<ZoneContents, "zoneArea"> {
  zoneArea: number;
  candidateUnits: Candidate[];
  supplyArea: number;
  demandArea: number;
  balance: number;
  rentSavedPerYear: number;
  rentSavedUnitIds: number[];
  sitesScatter: Array<{ unitId: number; before: number; after: number }>;
  convertibleAssets: Array<ConvertibleAsset & { conversionCost: number }>;
  radiusMeters: number;
  demand: DemandMode;
  candidateLimit: number;
  /** More units than candidateLimit lie within the radius: only the nearest were examined. */
  candidatesCut: boolean;
  conversionCostPerM2: number;
  regionCode: string | null;
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/**
 * The whole analysis of a checked zone: three independent queries (contents, convertible assets,
 * nearby units) run side by side, then the candidate arithmetic (domain/zones/zone-analysis.ts).
 */
export async function analyseZone(
  db: Kysely<Database>,
  zone: { geometry: MultiPolygon; area: number; regionCode: string | null },
  options: ZoneAnalysisOptions,
  scope: ReadScope,
): Promise<ZoneAnalysis> {
  const [contents, assets, units] = await Promise.all([
    zoneContents(db, zone.geometry, scope),
    zoneConvertibleAssets(db, zone.geometry, scope),
    zoneNearbyUnits(db, zone.geometry, options.radiusMeters, scope, { limit: options.candidateLimit }),
  ]);
  const candidateUnits = candidatesOf(units.units, options.demand);
  const supplyArea = round2(contents.idleUsableArea);
  const demandArea = round2(candidateUnits.reduce((sum, unit) => sum + unit.demandArea, 0));
  const saved = rentSaved(candidateUnits, supplyArea);
  return {
    zoneArea: round2(zone.area),
    buildings: contents.buildings,
    grossArea: round2(contents.grossArea),
    usableArea: round2(contents.usableArea),
    idleUsableArea: supplyArea,
    idleByCategory: contents.idleByCategory,
    unitsHoused: contents.unitsHoused,
    buildingIds: contents.buildingIds,
    candidateUnits,
    supplyArea,
    demandArea,
    balance: round2(supplyArea - demandArea),
    rentSavedPerYear: saved.rentSavedPerYear,
    rentSavedUnitIds: saved.housedUnitIds,
    sitesScatter: candidateUnits.map((unit) => ({
      unitId: unit.unitId,
      before: unit.sitesBefore,
      after: unit.sitesAfter,
    })),
    convertibleAssets: assets.map((asset) => ({
      ...asset,
      conversionCost: round2(asset.grossArea * options.conversionCostPerM2),
    })),
    radiusMeters: options.radiusMeters,
    demand: options.demand,
    candidateLimit: options.candidateLimit,
    candidatesCut: units.nearby > options.candidateLimit,
    conversionCostPerM2: options.conversionCostPerM2,
    regionCode: zone.regionCode,
  };
}
