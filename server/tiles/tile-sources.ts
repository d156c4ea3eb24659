import { communityFacilitiesLayer, nonOfficeAssetsLayer } from "./sources/asset-layers.js";
import { buildingsLayer, idleSpaceLayer } from "./sources/building-layers.js";
import { buildingCellsLayer, idleSpaceCellsLayer } from "./sources/cell-layers.js";
import { leasesInLayer } from "./sources/lease-layers.js";
import { regionLabelsLayer, regionsLayer } from "./sources/region-layers.js";
import type { TileSource } from "./tile-layer.js";

/** Credits shown by map clients: the boundaries' sources, and Fangtu for its own inventory. */
const boundaryAttribution = "边界：GeoNames (CC-BY 4.0)、高德派生数据";
const attribution = "房图 Fangtu";

/**
 * The vector tile sources served under /tiles. Every tile holds only what the signed-in reader may
 * read (their region subtree, or their units' and supervised units' space; unit users get no non-office
 * assets or community facilities, which belong to no unit); see the layers.
 */
export const tileSources: readonly TileSource[] = [
  {
    id: "buildings",
    title: "楼宇 Buildings",
    description:
      "Footprints of the buildings you may read from zoom 14; below that, those buildings aggregated per grid cell.",
    attribution,
    minzoom: 0,
    maxzoom: 16,
    layers: [buildingCellsLayer, buildingsLayer],
  },
  {
    id: "regions",
    title: "行政区划 Regions",
    description:
      "Prefecture and county boundaries (all of them) with idle area, units over standard and leases-in rent " +
      "counting only what you may read: 0 outside your scope, `partial` where only your part of a region counts.",
    attribution: `${boundaryAttribution}；${attribution}`,
    minzoom: 0,
    maxzoom: 12,
    layers: [regionsLayer, regionLabelsLayer],
  },
  {
    id: "idle-space",
    title: "闲置房源 Idle space",
    description:
      "Buildings you may read with idle rooms from zoom 14; below that, their idle space per grid cell.",
    attribution,
    minzoom: 0,
    maxzoom: 16,
    layers: [idleSpaceCellsLayer, idleSpaceLayer],
  },
  {
    id: "leases-in",
    title: "在外租房 Leases in",
    description: "Space rented in from the market by the units you may read, as points.",
    attribution,
    minzoom: 0,
    maxzoom: 14,
    layers: [leasesInLayer],
  },
  {
    id: "non-office-assets",
    title: "非办公类资产 Non-office assets",
    description:
      "State assets reported by the finance department in your region subtree, as points (a point on each " +
      "asset's surface); unit users see none.",
    attribution,
    minzoom: 0,
    maxzoom: 14,
    layers: [nonOfficeAssetsLayer],
  },
  {
    id: "community-facilities",
    title: "社区公益设施 Community facilities",
    description:
      "Community venues (群众之家, elderly clubs, service centres, incubators) in your region subtree, as " +
      "points; unit users see none.",
    attribution,
    minzoom: 0,
    maxzoom: 14,
    layers: [communityFacilitiesLayer],
  },
];

export function findTileSource(id: string): TileSource | undefined {
  return tileSources.find((source) => source.id === id);
}
