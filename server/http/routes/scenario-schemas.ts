import { z } from "@hono/zod-openapi";
import type { ScenarioAction } from "../../domain/scenarios/scenario-model.js";
import { versionField } from "./edit-support.js";

// Request bodies of the scenario routes: the engine's ScenarioAction union (scenario-model.ts) as strict
// zod objects, so an unknown kind or field is a 400 naming it before anything reaches the database.

const id = (noun: string) =>
  z.number().int(`${noun} must be a whole number`).positive(`${noun} must be positive`);
const idList = (noun: string) =>
  z.array(id(noun)).min(1, `${noun}s must list at least one id`).max(10_000, `at most 10,000 ${noun}s`);

const selector = z
  .object({
    unitId: id("unitId"),
    buildingIds: idList("buildingId").optional(),
    roomIds: idList("roomId").optional(),
  })
  .strict()
  .openapi("SpaceSelector", { description: "All of a unit's space, or the listed buildings or rooms of it" });

const destination = z
  .object({ buildingId: id("buildingId"), roomIds: idList("roomId").optional() })
  .strict()
  .openapi("Destination", {
    description: "Listed rooms, or (without roomIds) idle rooms of the building until the area is covered",
  });

const longitude = z
  .number()
  .min(73, "longitude must lie in China (73–136° E)")
  .max(136, "longitude must lie in China (73–136° E)");
const latitude = z
  .number()
  .min(3, "latitude must lie in China (3–54° N)")
  .max(54, "latitude must lie in China (3–54° N)");

/** Target uses of a conversion (the conversions table's list). */
export const conversionUses = [
  "people_home",
  "elderly_club",
  "community_service_center",
  "convenience_service",
  "startup_incubator",
  "other",
] as const;
/** Disposal methods (the disposals table's list; lending is not one). */
export const disposalMethods = [
  "reallocation",
  "change_of_use",
  "swap",
  "lease",
  "auction",
  "demolition",
] as const;

const move = z.object({ kind: z.literal("move"), from: selector, to: destination }).strict();
const swap = z.object({ kind: z.literal("swap"), a: selector, b: selector }).strict();
const chain = z
  .object({
    kind: z.literal("chain"),
    parties: z.array(selector).min(3, "a chain needs at least 3 parties (two are a swap)").max(50),
  })
  .strict();
const vacate = z.object({ kind: z.literal("vacate"), space: selector }).strict();
const leaseIn = z
  .object({
    kind: z.literal("lease_in"),
    unitId: id("unitId"),
    name: z.string().trim().min(1, "name must not be empty").max(200),
    location: z.tuple([longitude, latitude]),
    grossArea: z.number().positive("grossArea must be positive (m²)").max(1_000_000),
    annualRent: z.number().min(0, "annualRent must not be negative (元/年)").max(1e10),
  })
  .strict();
const endLease = z
  .object({
    kind: z.literal("end_lease"),
    leaseId: z.union([
      id("leaseId"),
      z.string().regex(/^a\d{1,4}$/, "leaseId must be a lease id or 'a<n>' (added by action n)"),
    ]),
  })
  .strict();
const convert = z
  .object({
    kind: z.literal("convert"),
    buildingId: id("buildingId"),
    roomIds: idList("roomId").optional(),
    targetUse: z.enum(conversionUses, `targetUse must be one of ${conversionUses.join(", ")}`),
  })
  .strict();
const dispose = z
  .object({
    kind: z.literal("dispose"),
    buildingId: id("buildingId"),
    method: z.enum(disposalMethods, `method must be one of ${disposalMethods.join(", ")}`),
  })
  .strict();
const allocate = z
  .object({
    kind: z.literal("allocate"),
    zoneId: id("zoneId").optional(),
    assignments: z
      .array(
        z
          .object({
            unitId: id("unitId"),
            buildingId: id("buildingId"),
            area: z.number().positive("area must be positive (m²)"),
          })
          .strict(),
      )
      .min(1, "assignments must not be empty")
      .max(10_000),
    releaseCurrentSpace: z.boolean().optional(),
  })
  .strict();

/** One action of the engine's union; `kind` picks the shape. */
export const actionSchema = z
  .discriminatedUnion(
    "kind",
    [move, swap, chain, vacate, leaseIn, endLease, convert, dispose, allocate],
    "kind must be one of move, swap, chain, vacate, lease_in, end_lease, convert, dispose, allocate",
  )
  .openapi("ScenarioAction");

// The schema and the engine's type must not drift apart: each is assignable to the other.
type Parsed = z.infer<typeof actionSchema>;
const _toEngine = (action: Parsed): ScenarioAction => action;
const _fromEngine = (action: ScenarioAction): Parsed => action as Parsed;
void _toEngine;
void _fromEngine;

export const MAX_ACTIONS = 5000;
const actionList = z.array(actionSchema).max(MAX_ACTIONS, `a scenario has at most ${MAX_ACTIONS} actions`);

const name = z
  .string()
  .trim()
  .min(1, "name must not be empty")
  .max(200, "name must be at most 200 characters");
const description = z
  .string()
  .max(4000, "description must be at most 4,000 characters")
  .nullable()
  .optional();
const regionCode = z.string().regex(/^\d{6}$/, "regionCode must be a 6-digit GB/T 2260 code");

export const scenarioCreate = z
  .object({ name, description, regionCode: regionCode.optional(), actions: actionList.optional() })
  .strict();

/** Status changes PATCH may make; validated, approved and applied have their own endpoints. */
export const patchableStatuses = ["draft", "archived"] as const;

export const scenarioChange = z
  .object({
    version: versionField,
    name: name.optional(),
    description,
    status: z
      .enum(
        patchableStatuses,
        "status may be set to draft or archived here (validate, approve and apply have their own endpoints)",
      )
      .optional(),
  })
  .strict();

export const scenarioCopy = z.object({ name: name.optional(), description }).strict();

/** Append (`actions`), or replace the whole list (`replace: true`). */
export const actionsBody = z
  .object({ version: versionField.optional(), actions: actionList.min(0), replace: z.boolean().optional() })
  .strict();

export const validateBody = z
  .object({
    /** Equal-area tolerance of swaps, a share of the larger side. */
    swapTolerance: z
      .number()
      .min(0, "swapTolerance must be between 0 and 0.5")
      .max(0.5, "swapTolerance must be between 0 and 0.5")
      .optional(),
  })
  .strict();

export const versionBody = z.object({ version: versionField }).strict();

export const actionIndexParameters = z.object({
  id: z
    .string()
    .regex(/^\d{1,9}$/, "id must be a whole number")
    .transform(Number)
    .openapi({ param: { name: "id", in: "path" }, type: "integer" }),
  index: z
    .string()
    .regex(/^\d{1,5}$/, "index must be a whole number (0-based)")
    .transform(Number)
    .openapi({ param: { name: "index", in: "path" }, type: "integer" }),
});

export const compareQuery = z
  .object({
    ids: z
      .string()
      .regex(/^\d{1,9}(,\d{1,9}){1,5}$/, "ids must list 2 to 6 scenario ids separated by commas")
      .transform((text) => text.split(",").map(Number))
      .refine((list) => new Set(list).size === list.length, "ids must not repeat a scenario"),
  })
  .strict();
