import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import {
  type BuildingExportFilter,
  countExportBuildings,
  exportBuildingBatches,
} from "../../db/repositories/building-export.repository.js";
import { type Principal, readScopeOf } from "../../domain/auth/access.js";
import type { PropertyClass } from "../../domain/demo/dataset.js";
import {
  type BuildingExportFormat,
  buildingExportFields,
  buildingExportFileNames,
  EXPORT_BATCH_SIZE,
  MAX_EXPORT_BUILDINGS,
} from "../../domain/exports/building-export.js";
import { propertyClassLabels } from "../../domain/labels.js";
import { writeGeoPackage } from "../../formats/geopackage.js";
import { requireReader } from "../auth/authenticate.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { errorResponses, regionCodeParameter } from "../schemas.js";
import { validationHook } from "../validation.js";
import { attachmentDisposition, beijingTime } from "./tables.route.js";

const GEOJSON = "application/geo+json";
/** The media type registered for GeoPackage (OGC 12-128r18, IANA). */
const GEOPACKAGE = "application/geopackage+sqlite3";

const propertyClasses = Object.keys(propertyClassLabels) as [PropertyClass, ...PropertyClass[]];

const exportQuery = z
  .object({
    region: regionCodeParameter.optional(),
    property_class: z
      .enum(propertyClasses, { error: `property_class must be one of: ${propertyClasses.join(", ")}` })
      .optional(),
  })
  .strict();

const exportRoute = (format: BuildingExportFormat) =>
  createRoute({
    method: "get",
    path: `/exports/buildings.${format}`,
    summary:
      format === "geojson"
        ? "Building footprints of a region (default: the reader's own) within the reader's scope, as GeoJSON"
        : "Building footprints of a region (default: the reader's own) within the reader's scope, as a GeoPackage",
    request: { query: exportQuery },
    responses: {
      200: {
        content:
          format === "geojson"
            ? { [GEOJSON]: { schema: z.any() } }
            : { [GEOPACKAGE]: { schema: z.string().openapi({ format: "binary" }) } },
        description: `At most ${MAX_EXPORT_BUILDINGS} buildings with their recorded areas (m²)`,
      },
      ...errorResponses,
    },
  });

interface PreparedExport {
  readonly filter: BuildingExportFilter;
  readonly region: { readonly code: string; readonly name: string };
  readonly count: number;
}

/** Resolves the region, scopes the filter and refuses an export too large to hold. */
async function prepareExport(
  deps: AppDependencies,
  principal: Principal,
  query: z.infer<typeof exportQuery>,
): Promise<PreparedExport> {
  const code = query.region ?? principal.regionCode;
  const region = await deps.db
    .selectFrom("regions")
    .select(["code", "name"])
    .where("code", "=", code)
    .executeTakeFirst();
  if (!region) {
    throw new ApiError("not_found", `Unknown region ${code}`, [
      { path: "region", message: `no region has the code ${code}` },
    ]);
  }
  const filter = { region: code, propertyClass: query.property_class, scope: readScopeOf(principal) };
  const count = await countExportBuildings(deps.db, filter);
  if (count > MAX_EXPORT_BUILDINGS) {
    throw new ApiError(
      "payload_too_large",
      `${count} buildings match in ${region.name}, but an export holds at most ${MAX_EXPORT_BUILDINGS}: ` +
        "export a smaller region (a prefecture or county) instead",
      [{ path: "region", message: `${count} buildings; at most ${MAX_EXPORT_BUILDINGS}` }],
    );
  }
  return { filter, region, count };
}

function downloadHeaders(prepared: PreparedExport, format: BuildingExportFormat, contentType: string) {
  const { name, asciiName } = buildingExportFileNames(prepared.region, beijingTime(new Date()).day, format);
  return {
    "Content-Type": contentType,
    "Content-Disposition": attachmentDisposition(name, asciiName),
    "Cache-Control": "private, no-store",
  };
}

/**
 * A FeatureCollection streamed a batch at a time; PostGIS writes each geometry's GeoJSON, which is
 * spliced in as text. `name` is the layer name GDAL and QGIS give the file.
 */
function geoJsonStream(deps: AppDependencies, filter: BuildingExportFilter): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const batches = exportBuildingBatches(deps.db, filter, "geojson", EXPORT_BATCH_SIZE);
  let first = true;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode('{"type":"FeatureCollection","name":"buildings","features":['));
    },
    async pull(controller) {
      const next = await batches.next();
      if (next.done) {
        controller.enqueue(encoder.encode("]}\n"));
        controller.close();
        return;
      }
      const features = next.value.map(
        ({ footprint, properties }) =>
          `{"type":"Feature","id":${properties.id},"geometry":${footprint},"properties":${JSON.stringify(properties)}}`,
      );
      const text = `${first ? "\n" : ",\n"}${features.join(",\n")}`;
      first = false;
      controller.enqueue(encoder.encode(text));
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
}

/** `/exports/buildings.geojson` and `/exports/buildings.gpkg`: building footprints for GIS tools. */
export function exportRoutes(deps: AppDependencies) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(exportRoute("geojson"), async (c) => {
      const prepared = await prepareExport(deps, requireReader(c), c.req.valid("query"));
      return c.body(geoJsonStream(deps, prepared.filter), 200, downloadHeaders(prepared, "geojson", GEOJSON));
    })
    .openapi(exportRoute("gpkg"), async (c) => {
      const prepared = await prepareExport(deps, requireReader(c), c.req.valid("query"));
      const { stamp } = beijingTime(new Date());
      const batches = exportBuildingBatches(deps.db, prepared.filter, "wkb", EXPORT_BATCH_SIZE);
      async function* features() {
        for await (const batch of batches) {
          for (const { footprint, properties } of batch) yield { geometryWkb: footprint, properties };
        }
      }
      const bytes = await writeGeoPackage({
        name: "buildings",
        srsId: 4326,
        geometryType: "MULTIPOLYGON",
        fields: buildingExportFields,
        features: features(),
        description: `${prepared.region.name}建筑（区划代码 ${prepared.region.code}；导出时间 ${stamp}（北京时间）；共 ${prepared.count} 栋）`,
      });
      return c.body(bytes, 200, downloadHeaders(prepared, "gpkg", GEOPACKAGE));
    });
}
