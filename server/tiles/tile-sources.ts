import {
  buildingCellsLayer,
  buildingsLayer,
  idleSpaceCellsLayer,
  idleSpaceLayer,
} from "./sources/building-layers.js";
import { leasesInLayer } from "./sources/lease-layers.js";
import { regionsLayer } from "./sources/region-layers.js";
import type { TileSource } from "./tile-layer.js";

/** Credits shown by map clients: the boundaries' sources, and Fangtu for its own inventory. */
const boundaryAttribution = "边界：GeoNames (CC-BY 4.0)、高德派生数据";
const attribution = "房图 Fangtu";

/** The vector tile sources served under /tiles. */
export const tileSources: readonly TileSource[] = [
  {
    id: "buildings",
    title: "楼宇 Buildings",
    description: "Building footprints from zoom 14; below that, buildings aggregated per grid cell.",
    attribution,
    minzoom: 0,
    maxzoom: 16,
    layers: [buildingCellsLayer, buildingsLayer],
  },
  {
    id: "regions",
    title: "行政区划 Regions",
    description: "Prefecture and county boundaries with idle area, units over standard and leases-in rent.",
    attribution: `${boundaryAttribution}；${attribution}`,
    minzoom: 0,
    maxzoom: 12,
    layers: [regionsLayer],
  },
  {
    id: "idle-space",
    title: "闲置房源 Idle space",
    description: "Buildings with idle rooms from zoom 14; below that, idle space per grid cell.",
    attribution,
    minzoom: 0,
    maxzoom: 16,
    layers: [idleSpaceCellsLayer, idleSpaceLayer],
  },
  {
    id: "leases-in",
    title: "在外租房 Leases in",
    description: "Space rented in from the market, as points.",
    attribution,
    minzoom: 0,
    maxzoom: 14,
    layers: [leasesInLayer],
  },
];

export function findTileSource(id: string): TileSource | undefined {
  return tileSources.find((source) => source.id === id);
}
