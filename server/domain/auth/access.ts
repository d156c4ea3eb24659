/** Roles of Fangtu (DOMAIN.md: the administration's duties, unit users, the public). */
/** `works`: the administration's works department (工程管理: tendering and construction of repairs). */
export const roles = [
  "system_admin",
  "planner",
  "inspector",
  "approver",
  "unit_user",
  "public",
  "works",
] as const;
export type Role = (typeof roles)[number];

/** Who is asking: resolved once per request from a session or a personal access token. */
export interface Principal {
  readonly userId: number;
  readonly username: string;
  readonly roles: readonly Role[];
  /** The user's level: a GB/T 2260 code (province, prefecture or county). */
  readonly regionCode: string;
  /** For unit users: their unit. */
  readonly unitId: number | null;
  /** Units this user's unit supervises under delegated management (universities, SOEs, vertical branches). */
  readonly supervisedUnitIds: readonly number[];
}

/** What a record belongs to, for scope checks. */
export interface Scope {
  readonly regionCode: string;
  readonly unitId?: number | null;
}

/** GB/T 2260 codes nest by prefix: 230000 ⊃ 230100 ⊃ 230103 (⊃ 230103001 for townships). */
export function regionPrefix(code: string): string {
  if (code.endsWith("0000")) return code.slice(0, 2);
  if (code.endsWith("00") && code.length === 6) return code.slice(0, 4);
  return code;
}

/** Whether `code` is the region `ancestor` or lies below it. */
export function regionWithin(code: string, ancestor: string): boolean {
  return code.startsWith(regionPrefix(ancestor));
}

export const isAdministrationStaff = (principal: Principal) =>
  principal.roles.some(
    (role) =>
      role === "system_admin" ||
      role === "planner" ||
      role === "inspector" ||
      role === "approver" ||
      role === "works",
  );

export const isUnitOnly = (principal: Principal) =>
  !isAdministrationStaff(principal) && principal.roles.includes("unit_user");

/**
 * Read access: administration staff see their level and the regions below; a unit user sees their own
 * unit and the units it supervises; the public sees only published material (not these records).
 */
export function canRead(principal: Principal, scope: Scope): boolean {
  if (principal.roles.includes("system_admin")) return true;
  if (isAdministrationStaff(principal) && regionWithin(scope.regionCode, principal.regionCode)) return true;
  if (principal.roles.includes("unit_user") && principal.unitId !== null && scope.unitId != null) {
    return scope.unitId === principal.unitId || principal.supervisedUnitIds.includes(scope.unitId);
  }
  return false;
}

/**
 * Write access to inventory records: planners and system administrators within their region;
 * a unit user only within their own unit's sub-ledger (never supervised units: that is read-only).
 */
export function canWrite(principal: Principal, scope: Scope): boolean {
  if (principal.roles.includes("system_admin")) return true;
  if (principal.roles.includes("planner") && regionWithin(scope.regionCode, principal.regionCode))
    return true;
  return (
    principal.roles.includes("unit_user") && principal.unitId !== null && scope.unitId === principal.unitId
  );
}

/** Row filter for reads: a region subtree and/or a set of units; null means no restriction of that kind. */
export interface ReadScope {
  readonly regionPrefix: string | null;
  readonly unitIds: readonly number[] | null;
}

/** What a principal may read, as a filter repositories apply in SQL. */
export function readScopeOf(principal: Principal): ReadScope {
  if (principal.roles.includes("system_admin")) return { regionPrefix: null, unitIds: null };
  if (isAdministrationStaff(principal))
    return { regionPrefix: regionPrefix(principal.regionCode), unitIds: null };
  if (principal.roles.includes("unit_user") && principal.unitId !== null) {
    return { regionPrefix: null, unitIds: [principal.unitId, ...principal.supervisedUnitIds] };
  }
  return { regionPrefix: null, unitIds: [] };
}

/**
 * The canonical text of a read scope, the same for equal scopes: `all`, `r:2302` (a region subtree),
 * `u:7,9` (units, sorted and deduplicated; `u:` reads nothing), `r:2302;u:7,9` when both apply.
 * Caches of scoped results are keyed by it.
 */
export function readScopeKey(scope: ReadScope): string {
  const parts: string[] = [];
  if (scope.regionPrefix !== null) parts.push(`r:${scope.regionPrefix}`);
  if (scope.unitIds !== null) {
    parts.push(`u:${[...new Set(scope.unitIds)].sort((a, b) => a - b).join(",")}`);
  }
  return parts.length === 0 ? "all" : parts.join(";");
}
