import { createHash } from "node:crypto";

// What a level's administration publishes (信息公开, issue 10). The public content is assembled only
// from the fields named here, so nothing sensitive can reach it: no person names or ids, no occupants,
// no room numbers, no user ids, no internal notes, no unit-level over-standard details (only totals).

/** What the administration chose to publish. */
export interface DisclosureChoices {
  readonly title: string;
  /** Text it writes itself (rules, procedures, contact), plain text; paragraphs split on blank lines. */
  readonly rules: string | null;
  readonly includeTotals: boolean;
  readonly includeConversions: boolean;
  readonly includeOffers: boolean;
}

/** Totals of the level and each region one level down, frozen when published. Areas m², rent 万元. */
export interface PublicTotals {
  readonly buildings: number;
  readonly grossArea: number;
  readonly coreArea: number;
  readonly officeArea: number;
  readonly idleArea: number;
  readonly leasedOutArea: number;
  readonly unitCount: number;
  readonly unitsOverStandard: number;
  readonly personsOverStandard: number;
  readonly leasesIn: number;
  readonly leasedInArea: number;
  readonly annualRent: number;
  readonly conversionsDone: number;
  readonly conversionArea: number;
}

export interface PublicTotalsRow {
  readonly regionName: string;
  readonly own: boolean;
  readonly buildings: number;
  readonly grossArea: number;
  readonly officeArea: number;
  readonly idleArea: number;
}

export interface PublicConversion {
  readonly name: string;
  readonly regionName: string;
  readonly uses: ReadonlyArray<{ readonly kind: string; readonly name: string; readonly area: number }>;
  readonly area: number;
  readonly completedOn: string | null;
  readonly summary: string | null;
}

export interface PublicOffer {
  readonly name: string;
  readonly regionName: string;
  readonly method: string;
  readonly area: number;
  /** 万元, auctions only. */
  readonly reservePrice: number | null;
  readonly publishedOn: string | null;
}

export interface DisclosureContent {
  readonly region: { readonly code: string; readonly name: string; readonly level: string };
  readonly title: string;
  readonly rules: string | null;
  /** 统计时点 of the totals (YYYY-MM-DD). */
  readonly asOf: string;
  readonly totals: { readonly level: PublicTotals; readonly rows: readonly PublicTotalsRow[] } | null;
  readonly conversions: readonly PublicConversion[] | null;
  readonly offers: readonly PublicOffer[] | null;
}

/** The fingerprint of content: a preview's hash must match at publication, or the figures moved. */
export function contentHash(content: DisclosureContent): string {
  return createHash("sha256").update(JSON.stringify(content)).digest("hex");
}

/** Plain text as paragraphs: blank lines separate them, single newlines are kept inside. */
export function paragraphs(text: string | null): string[] {
  if (!text) return [];
  return text
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}
