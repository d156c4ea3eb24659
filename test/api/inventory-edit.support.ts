import type { Polygon } from "geojson";
import type { SignedInClient } from "../support/test-app.js";

export type Body = Record<string, unknown> & { audit: string[] };
export interface ErrorBody {
  error: { code: string; message: string; details: Array<{ path?: string; message: string }> };
}

/** A JSON request with a body (none for DELETE). */
export function send<T = Body>(client: SignedInClient, method: string, path: string, body?: unknown) {
  return client.json<T>(path, {
    method,
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const METRES_PER_DEGREE = 111_320;

/** A rectangle `width` × `height` m whose south-west corner is `north` degrees north of `origin`. */
export function box([lng, lat]: [number, number], north: number, width: number, height: number): Polygon {
  const south = lat + north;
  const east = lng + width / (METRES_PER_DEGREE * Math.cos((south * Math.PI) / 180));
  const top = south + height / METRES_PER_DEGREE;
  return {
    type: "Polygon",
    coordinates: [
      [
        [lng, south],
        [east, south],
        [east, top],
        [lng, top],
        [lng, south],
      ],
    ],
  };
}
