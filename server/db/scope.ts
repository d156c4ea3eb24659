import { type RawBuilder, sql } from "kysely";
import { type ReadScope, regionPrefix } from "../domain/auth/access.js";

/** Everything: for system administrators and internal callers. */
export const unrestricted: ReadScope = { regionPrefix: null, unitIds: null };

/**
 * The SQL condition of a read scope over a row whose region column is `regionColumn` and whose
 * unit membership is `unitCondition(ids)` (false when the row has no unit, e.g. reference data).
 */
export function scopeCondition(
  scope: ReadScope,
  regionColumn: RawBuilder<unknown>,
  unitCondition: (unitIds: readonly number[]) => RawBuilder<boolean>,
): RawBuilder<boolean> {
  const parts: RawBuilder<unknown>[] = [sql`true`];
  if (scope.regionPrefix !== null) parts.push(sql`${regionColumn} like ${`${scope.regionPrefix}%`}`);
  if (scope.unitIds !== null)
    parts.push(scope.unitIds.length === 0 ? sql`false` : unitCondition(scope.unitIds));
  return sql<boolean>`(${sql.join(parts, sql` and `)})`;
}

/** `column = any(ids)` for a list of unit ids. */
export function unitIn(column: RawBuilder<unknown>, unitIds: readonly number[]): RawBuilder<boolean> {
  return sql<boolean>`${column} = any(${sql.val([...unitIds])}::int[])`;
}

/** A building belongs to the units that occupy any of its rooms. */
export function buildingOccupiedBy(
  buildingId: RawBuilder<unknown>,
  unitIds: readonly number[],
): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from rooms scope_room where scope_room.building_id = ${buildingId}
    and scope_room.occupant_unit_id = any(${sql.val([...unitIds])}::int[]))`;
}

/** The SQL twin of regionPrefix (access.ts): the GB/T 2260 code prefix a region's subtree shares. */
export function regionPrefixOf(code: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`(case when ${code} like '%0000' then left(${code}, 2)
    when ${code} like '%00' and length(${code}) = 6 then left(${code}, 4) else ${code} end)`;
}

/** Buildings a scope reads (alias `b` by default): in the region subtree, or occupied by one of its units. */
export function buildingScope(scope: ReadScope, alias = "b"): RawBuilder<boolean> {
  return scopeCondition(scope, sql.ref(`${alias}.region_code`), (ids) =>
    buildingOccupiedBy(sql.ref(`${alias}.id`), ids),
  );
}

/** Rooms a scope reads: in the region subtree, or occupied by one of its units. */
export function roomScope(scope: ReadScope, alias = "r"): RawBuilder<boolean> {
  return scopeCondition(scope, sql.ref(`${alias}.region_code`), (ids) =>
    unitIn(sql.ref(`${alias}.occupant_unit_id`), ids),
  );
}

/** Units a scope reads: in the region subtree, or one of its units. */
export function unitScope(scope: ReadScope, alias = "u"): RawBuilder<boolean> {
  return scopeCondition(scope, sql.ref(`${alias}.region_code`), (ids) => unitIn(sql.ref(`${alias}.id`), ids));
}

/** Rows that belong to a unit through `unit_id` (leases in, certificates, staffing). */
export function unitOwnedScope(scope: ReadScope, alias: string): RawBuilder<boolean> {
  return scopeCondition(scope, sql.ref(`${alias}.region_code`), (ids) =>
    unitIn(sql.ref(`${alias}.unit_id`), ids),
  );
}

/** Rows of the region's administration only (e.g. leases out): unit users never read them. */
export function regionOnlyScope(scope: ReadScope, alias: string): RawBuilder<boolean> {
  return scopeCondition(scope, sql.ref(`${alias}.region_code`), () => sql<boolean>`false`);
}

/** `column like 'prefix%'`: the region `code` and every region below it (GB/T 2260 prefixes). */
export function inRegion(column: RawBuilder<unknown>, code: string): RawBuilder<boolean> {
  return sql<boolean>`${column} like ${`${regionPrefix(code)}%`}`;
}
