import { type Kysely, sql } from "kysely";
import type {
  DisclosureChoices,
  DisclosureContent,
  PublicConversion,
  PublicOffer,
} from "../../domain/disclosure/disclosure-content.js";
import type { ReportRegion } from "../../domain/reports/report-table.js";
import type { Database } from "../schema.js";
import { inRegion } from "../scope.js";
import { reportTable } from "./report.repository.js";

// The public material of a level, selected column by column: nothing sensitive is ever read here.

const beijingDay = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" });
/** A timestamp's calendar day in Beijing time (YYYY-MM-DD), as the public reads dates. */
export const day = (value: Date | string | null) => (value ? beijingDay.format(new Date(value)) : null);

async function conversionsDone(db: Kysely<Database>, code: string): Promise<PublicConversion[]> {
  const { rows } = await sql<{
    name: string;
    region_name: string;
    uses: Array<{ kind: string; name: string; area: number }>;
    area: number;
    completed_at: Date | null;
    public_summary: string | null;
  }>`
    select c.name, g.name as region_name, c.uses, c.area, c.completed_at, c.public_summary
    from conversions c join regions g on g.code = c.region_code
    where c.status = 'done' and ${inRegion(sql.ref("c.region_code"), code)}
    order by c.completed_at desc nulls last, c.id desc limit 500`.execute(db);
  return rows.map((row) => ({
    name: row.name,
    regionName: row.region_name,
    uses: (row.uses ?? []).map((use) => ({
      kind: String(use.kind),
      name: String(use.name),
      area: Number(use.area),
    })),
    area: Number(row.area),
    completedOn: day(row.completed_at),
    summary: row.public_summary,
  }));
}

async function offersOnSale(db: Kysely<Database>, code: string): Promise<PublicOffer[]> {
  const { rows } = await sql<{
    name: string;
    region_name: string;
    method: string;
    area: number;
    reserve_price: number | null;
    published_at: Date | null;
  }>`
    select coalesce(p.name, b.name, a.name, '闲置房源') as name, g.name as region_name, d.method, d.area,
      case when d.method = 'auction' then d.reserve_price end as reserve_price, d.published_at
    from disposals d join regions g on g.code = d.region_code
    left join buildings b on b.id = d.building_id
    left join non_office_assets a on a.id = d.asset_id
    left join commercial_properties p on p.id = d.commercial_property_id
    where d.is_published and d.status in ('proposed', 'approved', 'in_progress')
      and ${inRegion(sql.ref("d.region_code"), code)}
    order by d.published_at desc nulls last, d.id desc limit 500`.execute(db);
  return rows.map((row) => ({
    name: row.name,
    regionName: row.region_name,
    method: row.method,
    area: Number(row.area),
    reservePrice: row.reserve_price === null ? null : Number(row.reserve_price),
    publishedOn: day(row.published_at),
  }));
}

/**
 * The public content of a level for the choices made: totals from the statistics tables (the same
 * figures as the reports and the dashboard), conversions done, idle sites on offer (published disposals).
 */
export async function disclosureContent(
  db: Kysely<Database>,
  region: ReportRegion,
  choices: DisclosureChoices,
  period: { asOf: string; year: number },
): Promise<DisclosureContent> {
  let totals: DisclosureContent["totals"] = null;
  if (choices.includeTotals) {
    const [basic, usage, leases] = await Promise.all([
      reportTable(db, "office-space-basic", region.code, period),
      reportTable(db, "usage-standard", region.code, period),
      reportTable(db, "leases-in", region.code, period),
    ]);
    const { rows } = await sql<{ count: number; area: number }>`
      select count(*)::int as count, coalesce(sum(area), 0) as area from conversions c
      where c.status = 'done' and ${inRegion(sql.ref("c.region_code"), region.code)}`.execute(db);
    const of = (values: Readonly<Record<string, number>> | undefined, key: string) => values?.[key] ?? 0;
    totals = {
      level: {
        buildings: of(basic?.totals, "buildings"),
        grossArea: of(basic?.totals, "grossArea"),
        coreArea: of(basic?.totals, "coreArea"),
        officeArea: of(basic?.totals, "officeArea"),
        idleArea: of(basic?.totals, "idleArea"),
        leasedOutArea: of(basic?.totals, "leasedOutArea"),
        unitCount: of(usage?.totals, "units"),
        unitsOverStandard: of(usage?.totals, "unitsOver"),
        personsOverStandard: of(usage?.totals, "personsOver"),
        leasesIn: of(leases?.totals, "leases"),
        leasedInArea: of(leases?.totals, "area"),
        annualRent: of(leases?.totals, "rent"),
        conversionsDone: Number(rows[0]?.count ?? 0),
        conversionArea: Math.round(Number(rows[0]?.area ?? 0) * 100) / 100,
      },
      rows: (basic?.rows ?? []).map((row) => ({
        regionName: row.region.own ? `${row.region.name}本级` : row.region.name,
        own: row.region.own,
        buildings: of(row.values, "buildings"),
        grossArea: of(row.values, "grossArea"),
        officeArea: of(row.values, "officeArea"),
        idleArea: of(row.values, "idleArea"),
      })),
    };
  }
  return {
    region: { code: region.code, name: region.name, level: region.level },
    title: choices.title,
    rules: choices.rules,
    asOf: period.asOf,
    totals,
    conversions: choices.includeConversions ? await conversionsDone(db, region.code) : null,
    offers: choices.includeOffers ? await offersOnSale(db, region.code) : null,
  };
}

export interface DisclosureRecord {
  readonly id: number;
  readonly regionCode: string;
  readonly status: "published" | "withdrawn" | "superseded";
  readonly title: string;
  readonly rules: string | null;
  readonly includeTotals: boolean;
  readonly includeConversions: boolean;
  readonly includeOffers: boolean;
  readonly contentSha256: string;
  readonly publishedAt: Date;
  readonly publishedBy: string;
  readonly withdrawnAt: Date | null;
  readonly withdrawnBy: string | null;
  readonly withdrawReason: string | null;
  readonly version: number;
}

/** A level's disclosures, newest first (the history the administration sees). */
export async function disclosureHistory(db: Kysely<Database>, code: string): Promise<DisclosureRecord[]> {
  const { rows } = await sql<Record<string, unknown>>`
    select d.id, d.region_code, d.status, d.title, d.rules, d.include_totals, d.include_conversions,
      d.include_offers, d.content_sha256, d.published_at, p.display_name as published_by, d.withdrawn_at,
      w.display_name as withdrawn_by, d.withdraw_reason, d.version
    from disclosures d join users p on p.id = d.published_by left join users w on w.id = d.withdrawn_by
    where d.region_code = ${code} order by d.published_at desc, d.id desc limit 200`.execute(db);
  return rows.map((row) => ({
    id: Number(row.id),
    regionCode: String(row.region_code),
    status: row.status as DisclosureRecord["status"],
    title: String(row.title),
    rules: (row.rules as string | null) ?? null,
    includeTotals: row.include_totals === true,
    includeConversions: row.include_conversions === true,
    includeOffers: row.include_offers === true,
    contentSha256: String(row.content_sha256),
    publishedAt: row.published_at as Date,
    publishedBy: String(row.published_by),
    withdrawnAt: (row.withdrawn_at as Date | null) ?? null,
    withdrawnBy: (row.withdrawn_by as string | null) ?? null,
    withdrawReason: (row.withdraw_reason as string | null) ?? null,
    version: Number(row.version),
  }));
}

/** The published disclosure of a region (the public page), or undefined. */
export async function publishedDisclosure(
  db: Kysely<Database>,
  code: string,
): Promise<{ content: DisclosureContent; publishedAt: Date } | undefined> {
  const row = await db
    .selectFrom("disclosures")
    .select(["content", "published_at"])
    .where("region_code", "=", code)
    .where("status", "=", "published")
    .executeTakeFirst();
  return row ? { content: row.content as DisclosureContent, publishedAt: row.published_at } : undefined;
}

/** Every region with a published disclosure, by region code (the public index). */
export async function publishedRegions(db: Kysely<Database>) {
  const { rows } = await sql<{
    code: string;
    name: string;
    level: string;
    title: string;
    published_at: Date;
  }>`
    select g.code, g.name, g.level, d.title, d.published_at from disclosures d
    join regions g on g.code = d.region_code where d.status = 'published' order by g.code`.execute(db);
  return rows.map((row) => ({
    code: row.code,
    name: row.name,
    level: row.level,
    title: row.title,
    publishedOn: day(row.published_at),
    url: `/public/regions/${row.code}`,
    json: `/public/api/regions/${row.code}`,
  }));
}
