import type { ConversionRow } from "../../db/repositories/conversion.repository.js";
import {
  type CommunityUse,
  communityUseLabels,
  conversionStatusLabels,
} from "../../domain/conversions/conversion-flow.js";

const numberOrNull = (value: unknown) => (value === null || value === undefined ? null : Number(value));

/** A conversion as the API answers it (internal view: staff only; the public sees public-listing.ts). */
export function conversionView(row: ConversionRow) {
  return {
    id: row.id,
    name: row.name,
    regionCode: row.region_code,
    regionName: row.region_name,
    source: {
      kind: row.source_kind,
      buildingId: row.building_id,
      buildingName: row.building_name,
      assetId: row.asset_id,
      assetName: row.asset_name,
      roomIds: row.room_ids,
    },
    targetUse: row.target_use,
    uses: row.uses.map((use) => ({ ...use, label: communityUseLabels[use.kind as CommunityUse] })),
    area: Number(row.area),
    /** 万元 */
    estimatedCost: numberOrNull(row.estimated_cost),
    /** 万元 per year */
    annualOperatingCost: numberOrNull(row.annual_operating_cost),
    fundingSource: row.funding_source,
    publicSummary: row.public_summary,
    note: row.note,
    decisionNote: row.decision_note,
    status: row.status,
    statusLabel: conversionStatusLabels[row.status],
    isPublished: row.is_published,
    publishedAt: row.published_at,
    proposedBy: row.proposed_by,
    approvedBy: row.approved_by,
    approvedAt: row.approved_at,
    completedBy: row.completed_by,
    completedAt: row.completed_at,
    facilityIds: row.facility_ids,
    createdAt: row.created_at,
    version: row.version,
  };
}
