import { type Kysely, sql } from "kysely";
import type { PublishedConversion, PublishedOffer } from "../../domain/conversions/public-listing.js";
import type { Database } from "../schema.js";

// The published part of the outflow, selected column by column: nothing sensitive is ever read here.

/** Published conversions (a point on the site's surface), newest publication first. */
export async function publishedConversions(db: Kysely<Database>): Promise<PublishedConversion[]> {
  const { rows } = await sql<{
    id: number;
    name: string;
    region_name: string | null;
    site_name: string | null;
    uses: Array<{ kind: string; name: string; area: number }>;
    area: number;
    status: PublishedConversion["status"];
    public_summary: string | null;
    published_at: Date | null;
    location: PublishedConversion["location"];
  }>`
    select c.id, c.name, g.name as region_name, coalesce(b.name, a.name) as site_name, c.uses, c.area, c.status,
      c.public_summary, c.published_at,
      st_asgeojson(st_pointonsurface(coalesce(b.footprint, a.geom)), 6)::json as location
    from conversions c
    left join regions g on g.code = c.region_code
    left join buildings b on b.id = c.building_id
    left join non_office_assets a on a.id = c.asset_id
    where c.is_published
    order by c.published_at desc, c.id desc
    limit 1000`.execute(db);
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    regionName: row.region_name,
    siteName: row.site_name,
    uses: row.uses.map((use) => ({ kind: use.kind, name: use.name, area: Number(use.area) })),
    area: Number(row.area),
    status: row.status,
    summary: row.public_summary,
    publishedAt: row.published_at ? new Date(row.published_at).toISOString().slice(0, 10) : null,
    location: row.location,
  }));
}

/** Published disposals still on offer (not yet done or refused). */
export async function publishedOffers(db: Kysely<Database>): Promise<PublishedOffer[]> {
  const { rows } = await sql<{
    id: number;
    name: string;
    region_name: string | null;
    method: PublishedOffer["method"];
    area: number;
    reserve_price: number | null;
    published_at: Date | null;
    location: PublishedOffer["location"];
  }>`
    select d.id, coalesce(p.name, b.name, a.name) as name, g.name as region_name, d.method, d.area,
      case when d.method = 'auction' then d.reserve_price end as reserve_price, d.published_at,
      st_asgeojson(st_pointonsurface(coalesce(b.footprint, pb.footprint, a.geom)), 6)::json as location
    from disposals d
    left join regions g on g.code = d.region_code
    left join buildings b on b.id = d.building_id
    left join non_office_assets a on a.id = d.asset_id
    left join commercial_properties p on p.id = d.commercial_property_id
    left join buildings pb on pb.id = p.building_id
    where d.is_published and d.status in ('proposed', 'approved', 'in_progress')
    order by d.published_at desc, d.id desc
    limit 1000`.execute(db);
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    regionName: row.region_name,
    method: row.method,
    area: Number(row.area),
    reservePrice: row.reserve_price === null ? null : Number(row.reserve_price),
    publishedAt: row.published_at ? new Date(row.published_at).toISOString().slice(0, 10) : null,
    location: row.location,
  }));
}

/** Prefecture outlines of the province as SVG path data in EPSG:3857 metres (y down), for the static map. */
export async function provinceOutlines(
  db: Kysely<Database>,
): Promise<{ paths: string[]; box: [number, number, number, number] }> {
  const { rows } = await sql<{ path: string; xmin: number; ymin: number; xmax: number; ymax: number }>`
    select st_assvg(st_simplifypreservetopology(geom_3857, 2000), 0, 0) as path,
      st_xmin(geom_3857) as xmin, st_ymin(geom_3857) as ymin, st_xmax(geom_3857) as xmax, st_ymax(geom_3857) as ymax
    from regions
    where level = 'prefecture' and geom_3857 is not null
    order by code`.execute(db);
  if (rows.length === 0) return { paths: [], box: [13_000_000, -7_000_000, 15_000_000, -5_000_000] };
  const box: [number, number, number, number] = [
    Math.min(...rows.map((row) => row.xmin)),
    -Math.max(...rows.map((row) => row.ymax)),
    Math.max(...rows.map((row) => row.xmax)),
    -Math.min(...rows.map((row) => row.ymin)),
  ];
  return { paths: rows.map((row) => row.path), box };
}
