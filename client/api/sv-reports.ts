// The official statistics tables, the annual report package and public disclosure (issue 10).
import { call } from "./fangtu-api.js";

export interface Label {
  zh: string;
  en: string;
}

export interface ReportColumn {
  key: string;
  label: Label;
  unit: string;
  kind: "count" | "area" | "money";
  group?: Label;
}

export interface ReportEntry {
  name: string;
  number: string;
  title: Label;
  columns: ReportColumn[];
  notes: string[];
}

export interface ReportCatalogue {
  reports: ReportEntry[];
  currentYear: number;
}

export interface ReportRegion {
  code: string;
  name: string;
  level: string;
}

export interface ReportTableBody {
  name: string;
  region: ReportRegion;
  asOf: string;
  year: number;
  rows: Array<{ region: ReportRegion & { own: boolean }; values: Record<string, number> }>;
  totals: Record<string, number>;
}

export interface Submission {
  id: number;
  regionCode: string;
  year: number;
  revision: number;
  submittedAt: string;
  submittedBy: { username: string; displayName: string };
  note: string | null;
  packageUrl: string;
}

export interface SubmissionOverview {
  region: ReportRegion;
  year: number;
  own: Submission | null;
  children: Array<{ region: ReportRegion; submission: Submission | null }>;
  submitted: number;
}

export interface DisclosureChoices {
  region: string;
  title: string;
  rules: string;
  includeTotals: boolean;
  includeConversions: boolean;
  includeOffers: boolean;
}

export interface DisclosurePreview {
  contentSha256: string;
  html: string;
}

export interface DisclosureRecord {
  id: number;
  status: "published" | "withdrawn" | "superseded";
  title: string;
  rules: string | null;
  includeTotals: boolean;
  includeConversions: boolean;
  includeOffers: boolean;
  publishedAt: string;
  publishedBy: string;
  withdrawnAt: string | null;
  withdrawnBy: string | null;
  withdrawReason: string | null;
  version: number;
}

export interface DisclosureHistory {
  region: ReportRegion;
  current: number | null;
  publicUrl: string;
  items: DisclosureRecord[];
}

const query = (region: string, year?: number) =>
  `?region=${encodeURIComponent(region)}${year === undefined ? "" : `&year=${year}`}`;
const post = (body: unknown): RequestInit => ({ method: "POST", body: JSON.stringify(body) });

export const reportsApi = {
  catalogue: (signal?: AbortSignal) => call<ReportCatalogue>("/api/reports", {}, signal),
  table: (name: string, region: string, year: number, signal?: AbortSignal) =>
    call<ReportTableBody>(`/api/reports/${name}${query(region, year)}`, {}, signal),
  xlsxPath: (name: string, region: string, year: number) => `/api/reports/${name}.xlsx${query(region, year)}`,
  htmlPath: (name: string, region: string, year: number) => `/api/reports/${name}.html${query(region, year)}`,
  annualZipPath: (region: string, year: number) => `/api/reports/annual.zip${query(region, year)}`,
  submissions: (region: string, year: number, signal?: AbortSignal) =>
    call<SubmissionOverview>(`/api/reports/annual/submissions${query(region, year)}`, {}, signal),
  submit: (region: string, year: number, note: string) =>
    call<{ submission: Submission; recipient: string }>(
      "/api/reports/annual/submissions",
      post(note.trim() ? { region, year, note } : { region, year }),
    ),
  previewDisclosure: (choices: DisclosureChoices) =>
    call<DisclosurePreview>("/api/disclosures/preview", post(choices)),
  publishDisclosure: (choices: DisclosureChoices, previewHash: string) =>
    call<{ disclosure: { id: number; publicUrl: string } }>(
      "/api/disclosures",
      post({ ...choices, previewHash }),
    ),
  withdrawDisclosure: (id: number, version: number, reason: string) =>
    call<{ id: number }>(
      `/api/disclosures/${id}/withdraw`,
      post(reason.trim() ? { version, reason: reason.trim() } : { version }),
    ),
  disclosures: (region: string, signal?: AbortSignal) =>
    call<DisclosureHistory>(`/api/disclosures${query(region)}`, {}, signal),
};
