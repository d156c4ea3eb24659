import { z } from "zod";
import type { AdminLevel } from "../demo/dataset.js";

/** The organ levels of the 2014 standard's table, top to bottom. */
export const organLevels = ["central", "provincial", "prefecture", "county", "township"] as const;

/** The county 副职 figure: the ceiling of any township office limit a province sets (2014 standard). */
export const TOWNSHIP_LIMIT_CEILING = 24;

const area = z.number().finite().nonnegative();
const townshipLimit = z
  .number()
  .finite()
  .positive()
  .max(
    TOWNSHIP_LIMIT_CEILING,
    `township office limits may not exceed the county 副职 figure (${TOWNSHIP_LIMIT_CEILING} m²)`,
  );

/**
 * The provincial, versioned figures of the standards engine. The national office-room table is code
 * (ranks.ts); what the 2014 standard leaves to provinces or states as ranges lives here, as data, in the
 * `standard_parameters` table. Validated whenever read from the database (a trust boundary).
 */
export const standardParametersSchema = z
  .object({
    /** Version id of this parameter set, e.g. `230000-default-2014.1`. */
    version: z.string().min(1).max(60),
    /** Date from which the set applies, YYYY-MM-DD. */
    effectiveFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    /** The region (province) that set the figures. */
    regionCode: z.string().regex(/^\d{6}$/),
    /** Whether these are Fangtu's shipped defaults rather than figures a province confirmed. */
    isDefault: z.boolean(),
    /** 服务用房: m² of usable area per authorised person, per organ level. */
    serviceAllowancePerPerson: z.object({
      central: area,
      provincial: area,
      prefecture: area,
      county: area,
      township: area,
    }),
    /** 乡级机关 office limits, m² per person: set by the province, each ≤ 24. */
    townshipOfficeLimits: z.object({
      township_head: townshipLimit,
      township_deputy: townshipLimit,
      township_staff: townshipLimit,
    }),
    /** 设备用房 as a share of offices + service rooms. */
    equipmentShare: z.number().min(0).max(1),
    /** 使用面积系数 K (usable ÷ gross), the standard's minimums by building height. */
    netToGross: z.object({
      multiStorey: z.number().gt(0).max(1),
      highRise: z.number().gt(0).max(1),
    }),
    /** Buildings with at least this many storeys above ground count as high-rise. */
    highRiseMinFloors: z.number().int().min(2),
    /** Largest washroom in a leader's office, m² (inside the office limit). */
    washroomMax: area,
    /** Sub-provincial cities (副省级城市) of the province: their organs get the note's higher figures. */
    subProvincialCities: z.array(z.object({ code: z.string().regex(/^\d{6}$/), name: z.string().min(1) })),
    /** A unit with less than this share of its entitled core area is short of space. */
    shortBelowShare: z.number().gt(0).max(1),
  })
  .strict();

export type StandardParameters = z.infer<typeof standardParametersSchema>;

/**
 * Fangtu's default figures for Heilongjiang (230000), all of them labelled defaults (`isDefault`):
 *
 * - Service-room allowance: the official per-level figures were not confirmed from the 2014 text; one
 *   source gives 7–9 m² per person for central and provincial organs, so both take the middle, 8 m².
 *   Lower levels have fewer specialised service rooms (archives, network, confidential and printing
 *   rooms are smaller or shared), so each level below steps down by 1 m², as the office limits step
 *   down: prefecture 7, county 6, township 5. A province replaces them with a new parameter row.
 * - Township office limits: the 科级-like figures ranks.ts and the frozen `ranks` table hold
 *   (head 18, deputy 12, staff 9), all under the 24 m² ceiling.
 * - Equipment rooms 9 % and K 0.65 / 0.60 are the standard's own figures; high-rise from 7 storeys
 *   because GB 50352 makes a public building high-rise above 24 m, about 7 storeys of 3.6 m.
 * - Harbin (230100) is Heilongjiang's sub-provincial city.
 * - Short below 90 % of the entitlement, as the map's interim compliance rule (server/tiles).
 */
export const defaultStandardParameters: StandardParameters = {
  version: "230000-default-2014.1",
  effectiveFrom: "2014-12-31",
  regionCode: "230000",
  isDefault: true,
  serviceAllowancePerPerson: { central: 8, provincial: 8, prefecture: 7, county: 6, township: 5 },
  townshipOfficeLimits: { township_head: 18, township_deputy: 12, township_staff: 9 },
  equipmentShare: 0.09,
  netToGross: { multiStorey: 0.65, highRise: 0.6 },
  highRiseMinFloors: 7,
  washroomMax: 6,
  subProvincialCities: [{ code: "230100", name: "哈尔滨市" }],
  shortBelowShare: 0.9,
};

/** Parses a stored parameter set; throws a ZodError naming the offending field. */
export function parseStandardParameters(value: unknown): StandardParameters {
  return standardParametersSchema.parse(value);
}

/** The service-room allowance of a level under `parameters`. */
export const serviceAllowanceOf = (parameters: StandardParameters, level: AdminLevel): number =>
  parameters.serviceAllowancePerPerson[level];
