import type { TargetField } from "./targets.js";

/** target field → source column */
export type ColumnMapping = Readonly<Record<string, string>>;

/** Headings compared without case, spaces, punctuation, brackets and area units. */
export function normalizeHeading(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[（(][^）)]*[）)]/g, "")
    .replace(/m²|m2|平方米|㎡/g, "")
    .replace(/[\s_\-.:：/\\]+/g, "");
}

/** For each field, the first source column whose heading is its name, label or one of its aliases. */
export function suggestMapping(fields: readonly TargetField[], columns: readonly string[]): ColumnMapping {
  const byHeading = new Map<string, string>();
  for (const column of columns) {
    const key = normalizeHeading(column);
    if (!byHeading.has(key)) byHeading.set(key, column);
  }
  const taken = new Set<string>();
  const mapping: Record<string, string> = {};
  // Two passes: exact names and labels win over aliases (a "面积" column must not steal "建筑面积").
  const candidatesOf = [
    (field: TargetField) => [field.name, field.label_zh],
    (field: TargetField) => field.aliases ?? [],
  ];
  for (const candidates of candidatesOf) {
    for (const field of fields) {
      if (mapping[field.name]) continue;
      for (const candidate of candidates(field)) {
        const column = byHeading.get(normalizeHeading(candidate));
        if (column !== undefined && !taken.has(column)) {
          mapping[field.name] = column;
          taken.add(column);
          break;
        }
      }
    }
  }
  return mapping;
}

export interface MappingProblem {
  readonly path: string;
  readonly message: string;
}

/** Why a mapping cannot be used: unknown fields, columns the file lacks, required fields left out. */
export function mappingProblems(
  fields: readonly TargetField[],
  columns: readonly string[],
  mapping: ColumnMapping,
): MappingProblem[] {
  const problems: MappingProblem[] = [];
  const known = new Set(fields.map((field) => field.name));
  const available = new Set(columns);
  for (const [field, column] of Object.entries(mapping)) {
    if (!known.has(field)) {
      problems.push({
        path: `mapping.${field}`,
        message: `unknown field '${field}'; fields are ${[...known].join(", ")}`,
      });
    } else if (!available.has(column)) {
      problems.push({ path: `mapping.${field}`, message: `the file has no column '${column}'` });
    }
  }
  for (const field of fields) {
    if (field.required && mapping[field.name] === undefined) {
      problems.push({
        path: `mapping.${field.name}`,
        message: `required field '${field.name}' (${field.label_zh}) is not mapped to a column`,
      });
    }
  }
  return problems;
}
