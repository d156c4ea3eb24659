import { z } from "@hono/zod-openapi";
import {
  blockingRooms,
  findAsset,
  findBuilding,
  sourceRooms,
} from "../../db/repositories/conversion.repository.js";
import type { AppDependencies } from "../context.js";
import { ApiError } from "../errors.js";
import { cents, recordId } from "./outflow-access.js";

/** What a conversion converts: a whole building, some of its rooms, or a non-office asset. */
export const sourceSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("building"), buildingId: recordId("buildingId") }).strict(),
  z
    .object({
      kind: z.literal("rooms"),
      buildingId: recordId("buildingId"),
      roomIds: z.array(recordId("roomIds")).min(1, "roomIds must name at least one room").max(2000),
    })
    .strict(),
  z.object({ kind: z.literal("asset"), assetId: recordId("assetId") }).strict(),
]);

/** The source's region, area (usable m² of its rooms, or an asset's gross m²) and rooms, validated. */
export async function resolveSource(db: AppDependencies["db"], source: z.infer<typeof sourceSchema>) {
  if (source.kind === "asset") {
    const asset = await findAsset(db, source.assetId);
    if (!asset) throw new ApiError("not_found", `No non-office asset ${source.assetId}`);
    if (asset.status === "taken_over" || asset.status === "rejected")
      throw new ApiError("domain_rule", `Asset ${asset.id} is ${asset.status}: it is no longer available`);
    return {
      regionCode: asset.region_code,
      area: Number(asset.gross_area),
      buildingId: null,
      assetId: asset.id,
      roomIds: [],
    };
  }
  const building = await findBuilding(db, source.buildingId);
  if (!building) throw new ApiError("not_found", `No building ${source.buildingId}`);
  if (building.property_class === "community_use" || building.property_class === "commercial")
    throw new ApiError(
      "domain_rule",
      `Building ${building.id} is ${building.property_class}, not office space`,
    );
  const roomIds = source.kind === "rooms" ? [...new Set(source.roomIds)] : null;
  const rooms = await sourceRooms(db, building.id, roomIds);
  const foreign = roomIds?.filter(
    (id) => !rooms.some((room) => room.id === id && room.building_id === building.id),
  );
  if (foreign && foreign.length > 0)
    throw new ApiError(
      "invalid_request",
      `Rooms ${foreign.join(", ")} are not rooms of building ${building.id}`,
      [{ path: "source.roomIds", message: foreign.join(", ") }],
    );
  if (rooms.length === 0)
    throw new ApiError("domain_rule", `Building ${building.id} has no rooms to convert`);
  const blocked = blockingRooms(rooms);
  if (blocked.length > 0)
    throw new ApiError(
      "domain_rule",
      `${blocked.length} room(s) are still in use, leased, lent or already out of the office inventory: vacate them first`,
      blocked
        .slice(0, 20)
        .map((room) => ({ path: `rooms.${room.id}`, message: `${room.number}: ${room.status}` })),
    );
  const area = cents(rooms.reduce((sum, room) => sum + Number(room.usable_area), 0));
  return {
    regionCode: building.region_code,
    area,
    buildingId: building.id,
    assetId: null,
    roomIds: roomIds ?? [],
  };
}
