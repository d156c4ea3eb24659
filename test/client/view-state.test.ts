import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  choroplethMetrics,
  defaultView,
  overlayIds,
  parseViewState,
  serializeViewState,
  supervisionTabs,
  tableIds,
  themeIds,
  type ViewState,
} from "../../client/state/view-state.js";

describe("the view in the URL hash", () => {
  it("reads a shared link", () => {
    const view = parseViewState(
      "#c=124.46,47.79&z=15.5&r=230227&sel=b:84&theme=age&layers=idle,leases&choro=leases_in_rent&table=rooms&q=101&sv=findings&svq=status%3Dopen%26unit%3D12",
    );
    expect(view).toEqual({
      center: [124.46, 47.79],
      zoom: 15.5,
      region: "230227",
      selection: { kind: "building", id: 84 },
      theme: "age",
      overlays: ["idle", "leases"],
      choropleth: "leases_in_rent",
      table: "rooms",
      filter: "101",
      supervision: "findings",
      supervisionQuery: "status=open&unit=12",
    });
  });

  it("falls back to the defaults for anything it does not understand", () => {
    const view = parseViewState(
      "#c=500,1&z=99&r=23&sel=x:1&theme=pink&layers=idle,bogus&choro=nope&table=people",
    );
    expect(view).toEqual({ ...defaultView, overlays: ["idle"] });
    expect(parseViewState("")).toEqual(defaultView);
  });

  it("writes what it reads: serialise then parse is the identity (to the written precision)", () => {
    const view = fc
      .record({
        center: fc
          .tuple(
            fc.integer({ min: -17_999_999, max: 17_999_999 }),
            fc.integer({ min: -8_499_999, max: 8_499_999 }),
          )
          .map(([lng, lat]): [number, number] => [lng / 100_000, lat / 100_000]),
        zoom: fc.integer({ min: 0, max: 2200 }).map((value) => value / 100),
        region: fc.option(fc.stringMatching(/^\d{6}$/), { nil: undefined }),
        selection: fc.option(
          fc.record({ kind: fc.constantFrom("building" as const, "unit" as const), id: fc.nat(1e9) }),
          { nil: undefined },
        ),
        theme: fc.constantFrom(...themeIds),
        overlays: fc.subarray([...overlayIds]),
        choropleth: fc.constantFrom(...choroplethMetrics),
        table: fc.option(fc.constantFrom(...tableIds), { nil: undefined }),
        filter: fc.string({ maxLength: 40 }).map((text) => text.trim()),
        // A tab's state is only in the link while the tab is open.
        supervision: fc.option(fc.constantFrom(...supervisionTabs), { nil: undefined }),
        supervisionQuery: fc.string({ maxLength: 60 }),
      })
      .map((view) => (view.supervision ? view : { ...view, supervisionQuery: "" }));
    fc.assert(
      fc.property(view, (original: ViewState) => {
        expect(parseViewState(serializeViewState(original))).toEqual(original);
      }),
    );
  });

  it("leaves defaults out of the link", () => {
    expect(serializeViewState(defaultView)).toBe("#c=126.65500,45.75200&z=14.00");
  });
});
