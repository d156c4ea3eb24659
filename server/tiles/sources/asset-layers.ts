import { sql } from "kysely";
import { scopeCondition } from "../../db/scope.js";
import type { ReadScope } from "../../domain/auth/access.js";
import type { TileAddress } from "../tile-address.js";
import { tileSearchEnvelope } from "../tile-geometry.js";
import type { TileGeometry, TileLayer } from "../tile-layer.js";

/**
 * Most points one tile of these sources carries (~150 bytes each, well under the 500 KB budget); the
 * largest come first. The province reports a few hundred of either, so the cap is a safeguard.
 */
export const MAX_POINTS_PER_TILE = 3000;

/**
 * Region readers see the rows of their region subtree, system administrators all. Neither table belongs
 * to a unit, so unit users see none of them: the same rule as /ogc's `non-office-assets` and
 * `community-facilities` collections.
 */
const regionOnly = (scope: ReadScope, regionColumn: string) =>
  scopeCondition(scope, sql.ref(regionColumn), () => sql<boolean>`false`);

/** Non-office assets reported by finance (非办公类资产), at a point on each one's surface. */
export const nonOfficeAssetsLayer: TileLayer = {
  id: "non-office-assets",
  description:
    "Non-office assets (非办公类资产) reported by the finance department, candidates for office or community " +
    "use, as a point on each asset's surface: areas in m², condition good|fair|poor|dangerous, status " +
    "reported|under_review|taken_over|rejected",
  geometryType: "point",
  minzoom: 0,
  maxzoom: 14,
  usesAggregates: false,
  fields: {
    id: "Number",
    name: "String",
    address: "String",
    gross_area: "Number",
    land_area: "Number",
    former_use: "String",
    suits_office_use: "Boolean",
    condition: "String",
    status: "String",
    region_code: "String",
    is_demo: "Boolean",
  },
  query: (tile: TileAddress, geometry: TileGeometry, scope: ReadScope) => sql`
    select a.id::bigint as feature_id, ${geometry(sql`a.location_3857`)} as geom,
      a.id, a.name, a.address, a.gross_area::float8 as gross_area, a.land_area::float8 as land_area,
      a.former_use, a.suits_office_use, a.condition, a.status, a.region_code, a.is_demo
    from non_office_assets a
    where a.location_3857 && ${tileSearchEnvelope(tile)} and ${regionOnly(scope, "a.region_code")}
    order by a.gross_area desc, a.id
    limit ${MAX_POINTS_PER_TILE}`,
};

/** Community venues (群众之家, elderly clubs, service centres, incubators), as points. */
export const communityFacilitiesLayer: TileLayer = {
  id: "community-facilities",
  description:
    "Community facilities (社区公益用房) with kind people_home|elderly_club|community_service_center|" +
    "convenience_service|startup_incubator|other, usable area in m², opening date and the building converted",
  geometryType: "point",
  minzoom: 0,
  maxzoom: 14,
  usesAggregates: false,
  fields: {
    id: "Number",
    name: "String",
    kind: "String",
    usable_area: "Number",
    opened_on: "String",
    source_building_id: "Number",
    region_code: "String",
    is_demo: "Boolean",
  },
  query: (tile: TileAddress, geometry: TileGeometry, scope: ReadScope) => sql`
    select f.id::bigint as feature_id, ${geometry(sql`f.location_3857`)} as geom,
      f.id, f.name, f.kind, f.usable_area::float8 as usable_area, f.opened_on::text as opened_on,
      f.source_building_id, f.region_code, f.is_demo
    from community_facilities f
    where f.location_3857 && ${tileSearchEnvelope(tile)} and ${regionOnly(scope, "f.region_code")}
    order by f.usable_area desc nulls last, f.id
    limit ${MAX_POINTS_PER_TILE}`,
};
