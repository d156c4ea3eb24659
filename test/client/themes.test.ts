import { describe, expect, it } from "vitest";
import { translate } from "../../client/i18n/messages.js";
import { choroplethFill, choropleths, themeById, themes } from "../../client/map/themes.js";
import { themeIds } from "../../client/state/view-state.js";

describe("thematic building styles", () => {
  it("has one theme per id the URL accepts, each with a translated label and legend", () => {
    expect(themes.map((theme) => theme.id)).toEqual([...themeIds]);
    for (const theme of themes) {
      for (const locale of ["zh-CN", "en"] as const) {
        expect(translate(locale, theme.label)).not.toBe("");
        for (const entry of theme.legend) expect(translate(locale, entry.label)).not.toBe("");
      }
    }
  });

  it("paints with exactly the colours its legend shows", () => {
    for (const theme of themes) {
      const painted = JSON.stringify(theme.fillColor).match(/#[0-9a-f]{6}/g) ?? [];
      expect(new Set(painted), theme.id).toEqual(new Set(theme.legend.map((entry) => entry.color)));
    }
  });

  it("colours by the tile properties the buildings layer carries", () => {
    const properties = themes.map((theme) => /"get","([a-z_]+)"/.exec(JSON.stringify(theme.fillColor))?.[1]);
    expect(properties).toEqual([
      "use_status",
      "compliance",
      "main_unit_level",
      "main_unit_kind",
      "built_year",
      "condition",
    ]);
    expect(themeById("age").id).toBe("age");
  });

  it("steps each region figure through its ramp, from no data to the top class", () => {
    for (const choropleth of choropleths) {
      const fill = choroplethFill(choropleth) as unknown[];
      expect(fill.slice(0, 3)).toEqual(["step", ["get", choropleth.metric], choropleth.colors[0]]);
      expect(fill.length).toBe(3 + 2 * choropleth.breaks.length);
      expect(choropleth.colors).toHaveLength(choropleth.breaks.length + 1);
    }
  });
});
