import { sql } from "kysely";
import { scopeCondition, unitIn } from "../../db/scope.js";
import type { ReadScope } from "../../domain/auth/access.js";
import type { TileAddress } from "../tile-address.js";
import { tileSearchEnvelope } from "../tile-geometry.js";
import type { TileGeometry, TileLayer } from "../tile-layer.js";

/**
 * Most leases one tile carries (~120 bytes each, so under ~360 KB, below the 500 KB tile budget);
 * the dearest come first, so a crowded low-zoom tile keeps the leases that matter most.
 */
export const MAX_LEASES_PER_TILE = 3000;

/** Space rented in from the market (在外租房), as points: the reader's region's, or their units'. */
export const leasesInLayer: TileLayer = {
  id: "leases-in",
  description: "Leases in (在外租房) with area, annual rent (yuan) and the renting unit",
  geometryType: "point",
  minzoom: 0,
  maxzoom: 14,
  usesAggregates: false,
  fields: {
    id: "Number",
    name: "String",
    unit_id: "Number",
    unit_name: "String",
    unit_kind: "String",
    unit_level: "String",
    gross_area: "Number",
    annual_rent: "Number",
    starts_on: "String",
    ends_on: "String",
    approved: "Boolean",
    region_code: "String",
    is_demo: "Boolean",
  },
  query: (tile: TileAddress, geometry: TileGeometry, scope: ReadScope) => sql`
    select l.id::bigint as feature_id, ${geometry(sql`l.location_3857`)} as geom,
      l.id, l.name, l.unit_id, u.name as unit_name, u.kind as unit_kind, u.admin_level as unit_level,
      l.gross_area::float8 as gross_area, l.annual_rent::float8 as annual_rent,
      l.starts_on::text as starts_on, l.ends_on::text as ends_on, l.approved, l.region_code, l.is_demo
    from leases_in l
    join units u on u.id = l.unit_id
    where l.location_3857 && ${tileSearchEnvelope(tile)}
      and ${scopeCondition(scope, sql.ref("l.region_code"), (ids) => unitIn(sql.ref("l.unit_id"), ids))}
    order by l.annual_rent desc, l.id
    limit ${MAX_LEASES_PER_TILE}`,
};
