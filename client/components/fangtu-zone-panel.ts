import type { Polygon } from "geojson";
import { css, html, nothing } from "lit";
import { api } from "../api/fangtu-api.js";
import type { AllocationPlans, ZoneAnalysis } from "../api/types.js";
import { formatDistance, formatSurface } from "../i18n/messages.js";
import {
  type DistrictProblem,
  districtProblem,
  MAX_ZONE_AREA,
  MIN_ZONE_AREA,
} from "../map/district-checks.js";
import { DrawSession } from "../map/draw-session.js";
import type { DrawKind, DrawnShape } from "../map/draw-tool.js";
import type { MapView } from "../map/map-view.js";
import { LocalizedElement } from "./localized-element.js";
import { sharedStyles } from "./shared-styles.js";
import "./fangtu-sites-chart.js";
import "./fangtu-zone-plans.js";

/**
 * The candidates an allocation plan can house: those with space to find (demand above zero) and an
 * entitlement to keep them within (units without authorised staffing have none).
 */
export function housable(analysis: Pick<ZoneAnalysis, "candidateUnits">): number[] {
  return analysis.candidateUnits
    .filter((unit) => unit.demandArea > 0 && unit.entitledArea !== null)
    .map((unit) => unit.unitId);
}

/** How long the outline must rest before the analysis is asked for again (ms). */
const ANALYSIS_DELAY = 350;

/**
 * A centralised office district (集中办公区) drawn on the map, analysed while it is drawn and reshaped:
 * what the zone holds (buildings, areas, idle space by use, units housed), which units nearby should move
 * in (renting outside, split over sites, short of their entitlement) with their demand, rent and move
 * distance, supply against demand, rent saved, convertible non-office assets; then saved by name and
 * turned into allocation plans compared side by side.
 */
export class FangtuZonePanel extends LocalizedElement {
  static override properties = {
    ...LocalizedElement.properties,
    kind: { type: String },
    getMap: { attribute: false },
    shape: { state: true },
    problem: { state: true },
    analysis: { state: true },
    analysing: { state: true },
    radius: { state: true },
    demand: { state: true },
    plans: { state: true },
    planning: { state: true },
  };
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      dl.figures {
        display: grid;
        grid-template-columns: auto 1fr;
        gap: 2px 10px;
        margin: 4px 0;
      }
      dd {
        margin: 0;
        text-align: right;
      }
      .controls {
        display: grid;
        gap: 4px;
        margin: 6px 0;
      }
      label {
        display: grid;
        grid-template-columns: 1fr 110px;
        align-items: center;
        gap: 6px;
      }
      .row {
        display: flex;
        gap: 4px;
        flex-wrap: wrap;
        align-items: center;
        margin-top: 6px;
      }
      .scroll {
        max-height: 260px;
        overflow-y: auto;
      }
      .tag {
        display: inline-block;
        padding: 0 4px;
        margin: 1px 2px 1px 0;
        border-radius: 3px;
        background: #eef3f8;
        font-size: 11px;
      }
      .balance-short {
        color: #b42318;
      }
      .balance-surplus {
        color: #2f7d32;
      }
    `,
  ];

  kind: DrawKind = "polygon";
  getMap: () => MapView | undefined = () => undefined;
  shape: DrawnShape | undefined;
  /** What is wrong with the outline, found before the server is asked. */
  problem: DistrictProblem | undefined;
  analysis: ZoneAnalysis | undefined;
  analysing = false;
  radius = 3000;
  /** Units moving into a district move whole by default (their current area, capped at the entitlement). */
  demand: "gap" | "current" = "current";
  plans: AllocationPlans | undefined;
  planning = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #request: AbortController | undefined;
  readonly #drawing = new DrawSession(
    () => this.getMap(),
    (shape) => {
      this.shape = shape;
      this.problem = shape ? districtProblem(shape.polygon, shape.squareMeters) : undefined;
      this.#schedule();
    },
  );

  override firstUpdated(): void {
    void this.#start(this.kind);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#timer);
    this.#request?.abort();
    this.#drawing.stop();
    this.getMap()?.highlight([]);
  }

  async #start(kind: DrawKind): Promise<void> {
    try {
      this.shape = undefined;
      this.problem = undefined;
      this.analysis = undefined;
      this.plans = undefined;
      (await this.#drawing.tool()).draw(kind);
    } catch (error) {
      this.reportError(error);
    }
  }

  /** Asks for the analysis once the outline rests; a newer outline cancels an older request. */
  #schedule(): void {
    clearTimeout(this.#timer);
    if (!this.shape || this.problem) return;
    this.#timer = setTimeout(() => void this.#analyse(), ANALYSIS_DELAY);
  }

  async #analyse(): Promise<void> {
    const polygon = this.shape?.polygon;
    if (!polygon || this.problem) return;
    this.#request?.abort();
    const controller = new AbortController();
    this.#request = controller;
    this.analysing = true;
    try {
      const analysis = await api.analyzeZone(
        { geometry: polygon, radiusMeters: this.radius, demand: this.demand },
        controller.signal,
      );
      if (controller.signal.aborted) return;
      this.analysis = analysis;
      this.plans = undefined;
      this.getMap()?.highlight(analysis.buildingIds);
      this.emit("zone-analysed", analysis);
    } catch (error) {
      this.reportError(error);
    } finally {
      if (this.#request === controller) this.analysing = false;
    }
  }

  async #save(event: SubmitEvent, polygon: Polygon): Promise<void> {
    event.preventDefault();
    const element = event.target as HTMLFormElement;
    const name = String(new FormData(element).get("name") ?? "").trim();
    try {
      await api.saveZone(name, polygon);
      this.emit("zone-saved", name);
    } catch (error) {
      this.reportError(error);
    }
  }

  async #plan(polygon: Polygon, analysis: ZoneAnalysis): Promise<void> {
    this.planning = true;
    try {
      const request = { geometry: polygon, radiusMeters: this.radius, demand: this.demand };
      this.plans = await api.allocationPlans(request, housable(analysis));
    } catch (error) {
      this.reportError(error);
    } finally {
      this.planning = false;
    }
  }

  #renderProblem(problem: DistrictProblem) {
    const message = (() => {
      switch (problem.kind) {
        case "too-small":
          return this.t("zoneTooSmall", {
            area: formatSurface(this.locale, problem.area),
            minimum: formatSurface(this.locale, MIN_ZONE_AREA),
          });
        case "too-large":
          return this.t("zoneTooLarge", {
            area: formatSurface(this.locale, problem.area),
            maximum: formatSurface(this.locale, MAX_ZONE_AREA),
          });
        case "self-intersection":
          return this.t("zoneSelfIntersection", {
            at: problem.at.map((value) => value.toFixed(5)).join(", "),
          });
      }
    })();
    return html`<p class="invalid balance-short" role="alert">${message}</p>`;
  }

  #renderFigures(analysis: ZoneAnalysis) {
    const balanceClass = analysis.balance < 0 ? "balance-short" : "balance-surplus";
    return html`<dl class="figures zone-figures">
        <dt>${this.t("zoneArea")}</dt><dd>${formatSurface(this.locale, analysis.zoneArea)}</dd>
        <dt>${this.t("zoneBuildings")}</dt><dd>${this.count(analysis.buildings)}</dd>
        <dt>${this.t("grossArea")}</dt><dd>${this.area(analysis.grossArea)}</dd>
        <dt>${this.t("usableArea")}</dt><dd>${this.area(analysis.usableArea)}</dd>
        <dt>${this.t("idleArea")}</dt><dd>${this.area(analysis.idleUsableArea)}</dd>
        <dt>${this.t("zoneUnitsHoused")}</dt><dd>${this.count(analysis.unitsHoused)}</dd>
        <dt>${this.t("zoneSupply")}</dt><dd>${this.area(analysis.supplyArea)}</dd>
        <dt>${this.t("zoneTotalDemand")}</dt><dd>${this.area(analysis.demandArea)}</dd>
        <dt>${this.t("zoneBalance")}</dt><dd class=${balanceClass}>${this.area(analysis.balance)}</dd>
        <dt>${this.t("zoneRentSaved")}</dt><dd>${this.money(analysis.rentSavedPerYear)}</dd>
      </dl>
      <h3>${this.t("zoneIdleByCategory")}</h3>
      <div>
        ${Object.entries(analysis.idleByCategory)
          .filter(([, area]) => area > 0)
          .map(
            ([category, area]) =>
              html`<span class="tag">${this.v("use_category", category)} ${this.area(area)}</span>`,
          )}
      </div>`;
  }

  #renderCandidates(analysis: ZoneAnalysis) {
    if (analysis.candidateUnits.length === 0) return html`<p class="empty">${this.t("zoneNoCandidates")}</p>`;
    return html`<div class="scroll">
      <table class="compact candidates">
        <thead>
          <tr>
            <th>${this.t("unit")}</th>
            <th class="number">${this.t("zoneDemand")}</th>
            <th class="number">${this.t("zoneRent")}</th>
            <th class="number">${this.t("zoneDistance")}</th>
            <th class="number">${this.t("zoneSites")}</th>
          </tr>
        </thead>
        <tbody>
          ${analysis.candidateUnits.map(
            (unit) => html`<tr data-unit=${unit.unitId}>
              <td>${unit.name}<br />${unit.reasons.map((reason) => html`<span class="tag">${this.v("candidate_reason", reason)}</span>`)}</td>
              <td class="number">${this.area(unit.demandArea)}</td>
              <td class="number">${this.money(unit.currentAnnualRent)}</td>
              <td class="number">${unit.moveDistanceMeters === null ? "—" : formatDistance(this.locale, unit.moveDistanceMeters)}</td>
              <td class="number">${unit.sitesBefore} → ${unit.sitesAfter}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  #renderAssets(analysis: ZoneAnalysis) {
    if (analysis.convertibleAssets.length === 0) return html`<p class="empty">${this.t("zoneNoAssets")}</p>`;
    return html`<ul class="plain assets">
      ${analysis.convertibleAssets.map(
        (asset) =>
          html`<li>${asset.name} · ${this.area(asset.grossArea)} · ${this.t("zoneAssetCost")} ${this.money(asset.conversionCost)}</li>`,
      )}
    </ul>`;
  }

  override render() {
    const analysis = this.analysis;
    const polygon = this.shape?.polygon;
    return html`<h2>${this.t("zoneHeading")}</h2>
      <p class="muted">${this.t("zoneHint")}</p>
      <div class="controls">
        <label>${this.t("zoneRadius")}
          <input type="number" name="radius" min="0" max="20000" step="500" .value=${String(this.radius)}
            @change=${(event: Event) => {
              this.radius = Number((event.target as HTMLInputElement).value) || 0;
              this.#schedule();
            }} />
        </label>
        <label>${this.t("zoneDemandMode")}
          <select name="demand" @change=${(event: Event) => {
            this.demand = (event.target as HTMLSelectElement).value as "gap" | "current";
            this.#schedule();
          }}>
            <option value="gap" ?selected=${this.demand === "gap"}>${this.t("zoneDemandGap")}</option>
            <option value="current" ?selected=${this.demand === "current"}>${this.t("zoneDemandCurrent")}</option>
          </select>
        </label>
      </div>
      <div class="row">
        <button type="button" class="tool" @click=${() => this.#start(this.kind)}>${this.t("zoneDraw")}</button>
        <button type="button" class="tool close-zone" @click=${() => this.emit("zone-close", undefined)}>${this.t("closeZone")}</button>
      </div>
      ${this.problem ? this.#renderProblem(this.problem) : nothing}
      ${this.analysing ? html`<div class="progress" role="progressbar" aria-label=${this.t("analysing")}></div>` : nothing}
      ${
        analysis
          ? html`${this.#renderFigures(analysis)}
              <h3>${this.t("zoneCandidates")}（${analysis.candidateUnits.length}）</h3>
              ${this.#renderCandidates(analysis)}
              ${
                analysis.candidateUnits.length > 0
                  ? html`<fangtu-sites-chart .locale=${this.locale} .candidates=${analysis.candidateUnits} .plans=${this.plans}></fangtu-sites-chart>`
                  : nothing
              }
              <h3>${this.t("zoneAssets")}</h3>
              ${this.#renderAssets(analysis)}`
          : nothing
      }
      ${
        analysis && polygon
          ? html`<form class="row save-zone" @submit=${(event: SubmitEvent) => this.#save(event, polygon)}>
                <input name="name" required maxlength="200" placeholder=${this.t("zoneName")} aria-label=${this.t("zoneName")} />
                <button type="submit" class="tool" ?disabled=${this.problem !== undefined}>${this.t("saveZone")}</button>
              </form>
              <div class="row">
                <button type="button" class="tool primary make-plans" ?disabled=${this.planning || this.problem !== undefined || housable(analysis).length === 0}
                  @click=${() => this.#plan(polygon, analysis)}>${this.t("makePlans")}</button>
              </div>
              ${this.planning ? html`<div class="progress" role="progressbar" aria-label=${this.t("analysing")}></div>` : nothing}`
          : nothing
      }
      ${this.plans ? html`<h3>${this.t("plansHeading")}</h3><fangtu-zone-plans .locale=${this.locale} .result=${this.plans}></fangtu-zone-plans>` : nothing}`;
  }
}

customElements.define("fangtu-zone-panel", FangtuZonePanel);
