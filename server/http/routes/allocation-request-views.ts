import type {
  PlanRow,
  RequestRow,
  unitPosition,
} from "../../db/repositories/allocation-request.repository.js";
import { methodLabels } from "../../domain/requests/allocation-planner.js";
import { type AllocationSettings, isGrassroots } from "../../domain/requests/allocation-settings.js";

const requestStatusLabels: Record<RequestRow["status"], string> = {
  submitted: "已申报",
  planning: "已拟定方案",
  decided: "已决定",
  rejected: "已驳回",
  withdrawn: "已撤回",
};
const planStatusLabels: Record<PlanRow["status"], string> = {
  proposed: "拟定",
  chosen: "已选定",
  rejected: "未采用",
};
const positionStatusLabels = { over: "超标", within: "符合标准", short: "面积不足" } as const;

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/** A request as the API shows it (camelCase, Chinese labels for a UI). */
export function requestView(row: RequestRow, settings: AllocationSettings) {
  return {
    id: row.id,
    unitId: row.unit_id,
    unitName: row.unit_name,
    unitKind: row.unit_kind,
    unitLevel: row.unit_level,
    grassroots: isGrassroots({ kind: row.unit_kind, adminLevel: row.unit_level }, settings),
    regionCode: row.region_code,
    requestedArea: Number(row.requested_area),
    reason: row.reason,
    neededBy: row.needed_by,
    status: row.status,
    statusLabel: requestStatusLabels[row.status],
    submittedAt: iso(row.submitted_at),
    decidedAt: iso(row.decided_at),
    filedBy: row.filed_by,
    decidedBy: row.decided_by,
    version: row.version,
  };
}

/** A stored plan: method, area (m² usable), annual cost (元 and 万元), details with the explanations. */
export function planView(row: PlanRow) {
  const annualCost = Number(row.annual_cost);
  return {
    id: row.id,
    requestId: row.request_id,
    rank: row.rank,
    name: row.name,
    method: row.method,
    methodLabel: methodLabels[row.method],
    allocatedArea: Number(row.allocated_area),
    annualCost,
    annualCostWan: Math.round(annualCost / 100) / 100,
    status: row.status,
    statusLabel: planStatusLabels[row.status],
    details: row.details,
    createdAt: iso(row.created_at),
    version: row.version,
  };
}

/** The unit's standard position: entitled and actual area by category, surplus (+) or shortfall (−). */
export function positionView(report: NonNullable<Awaited<ReturnType<typeof unitPosition>>>) {
  return {
    status: report.status,
    statusLabel: positionStatusLabels[report.status],
    headcount: report.headcount,
    entitled: {
      office: report.entitlement.officeArea,
      service: report.entitlement.serviceArea,
      equipment: report.entitlement.equipmentArea,
      core: report.entitlement.coreUsableArea,
      gross: report.entitlement.grossArea,
    },
    actual: report.actual,
    comparison: report.comparison.map(({ category, entitled, actual, surplus }) => ({
      category,
      entitled,
      actual,
      surplus,
    })),
    parametersVersion: report.parametersVersion,
  };
}
