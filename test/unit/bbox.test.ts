import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseBBox } from "../../server/domain/bbox.js";

describe("parseBBox", () => {
  it("parses four numbers, including exponents and %.18g-style precision", () => {
    expect(parseBBox("126.6,45.7,126.7,45.8")).toEqual({ ok: true, bbox: [126.6, 45.7, 126.7, 45.8] });
    expect(parseBBox(" -1.5e1 , 4.5E1, 126.70000000000000284, 90")).toEqual({
      ok: true,
      bbox: [-15, 45, 126.7, 90],
    });
  });

  it.each([
    ["", "got 1"],
    ["1,2,3", "got 3"],
    ["1,2,3,4,5", "got 5"],
    ["a,2,3,4", '"a" is not a number'],
    ["1,2,,4", '"" is not a number'],
    ["NaN,2,3,4", '"NaN" is not a number'],
    ["Infinity,2,3,4", '"Infinity" is not a number'],
    ["0x10,2,3,4", '"0x10" is not a number'],
    ["-181,0,1,1", "longitudes must lie within -180..180"],
    ["0,-91,1,1", "latitudes must lie within -90..90"],
    ["2,0,1,1", "minLng (2) is greater than maxLng (1)"],
    ["0,2,1,1", "minLat (2) is greater than maxLat (1)"],
  ])("refuses %j with a message naming the problem", (text, fragment) => {
    const result = parseBBox(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(fragment);
  });

  it("round-trips any valid bbox and refuses any inverted one (property)", () => {
    const longitude = fc.double({ min: -180, max: 180, noNaN: true });
    const latitude = fc.double({ min: -90, max: 90, noNaN: true });
    fc.assert(
      fc.property(longitude, latitude, longitude, latitude, (a, b, c, d) => {
        const text = [a, b, c, d].map((value) => String(value)).join(",");
        const result = parseBBox(text);
        const valid = a <= c && b <= d;
        expect(result.ok).toBe(valid);
        if (result.ok) expect(result.bbox).toEqual([a, b, c, d].map((value) => Number(String(value))));
      }),
    );
  });
});
