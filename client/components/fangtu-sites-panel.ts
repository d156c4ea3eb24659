import type { Polygon } from "geojson";
import { html, nothing } from "lit";
import { api } from "../api/fangtu-api.js";
import {
  type Allocation,
  type Conversion,
  type Coverage,
  CRITERIA,
  type Criterion,
  type Site,
  type SiteSearch,
  TARGET_USES,
  type TargetUse,
  type Weights,
} from "../api/site-types.js";
import { formatDistance, type MessageKey } from "../i18n/messages.js";
import type { MapView } from "../map/map-view.js";
import type { PlacedSite } from "../map/site-layers.js";
import { sitePoint, weightSum } from "../state/sites.js";
import { LocalizedElement } from "./localized-element.js";
import { sharedStyles } from "./shared-styles.js";
import { siteStyles } from "./site-styles.js";
import "./fangtu-conversion-card.js";

/** The map view's extent as a closed polygon (the finder's `within`). */
function viewPolygon(map: MapView): Polygon {
  const bounds = map.map.getBounds();
  const [west, south, east, north] = [
    bounds.getWest(),
    bounds.getSouth(),
    bounds.getEast(),
    bounds.getNorth(),
  ];
  return {
    type: "Polygon",
    coordinates: [
      [
        [west, south],
        [east, south],
        [east, north],
        [west, north],
        [west, south],
      ],
    ],
  };
}

const numberOrUndefined = (text: string) => (text.trim() === "" ? undefined : Number(text));

/**
 * Idle sites to public use (DOMAIN.md workflow 4): finds idle rooms, floors, vacated buildings and
 * non-office assets for a target use, ranks them by weighted suitability with each criterion's part shown,
 * draws them on the map, tells how many people a set of them would newly bring within (straight-line)
 * walking distance, chooses the best k, and proposes a site's conversion.
 */
export class FangtuSitesPanel extends LocalizedElement {
  static override properties = {
    ...LocalizedElement.properties,
    getMap: { attribute: false },
    canPropose: { type: Boolean },
    canApprove: { type: Boolean },
    targetUse: { state: true },
    minArea: { state: true },
    maxArea: { state: true },
    walk: { state: true },
    inView: { state: true },
    weights: { state: true },
    result: { state: true },
    searching: { state: true },
    selected: { state: true },
    coverage: { state: true },
    k: { state: true },
    allocation: { state: true },
    working: { state: true },
    proposing: { state: true },
    conversions: { state: true },
  };
  static override styles = [sharedStyles, siteStyles];

  getMap: () => MapView | undefined = () => undefined;
  canPropose = false;
  canApprove = false;
  targetUse: TargetUse = "people_home";
  minArea = "";
  maxArea = "";
  /** Empty: the use's default walking distance. */
  walk = "";
  inView = false;
  /** Weights the user set; undefined: the use's defaults (shown once a search answered). */
  weights: Weights | undefined;
  result: SiteSearch | undefined;
  searching = false;
  selected: ReadonlySet<string> = new Set();
  coverage: Coverage | undefined;
  k = 3;
  allocation: Allocation | undefined;
  working = false;
  /** The site whose conversion form is open. */
  proposing: Site | undefined;
  /** The conversions register, once opened (approvers approve and publish from it). */
  conversions: Conversion[] | undefined;
  #request: AbortController | undefined;
  #placed: PlacedSite[] = [];

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#request?.abort();
    void this.getMap()?.setAnalysisLayers([]);
  }

  get #shownWeights(): Weights | undefined {
    return this.weights ?? this.result?.weights;
  }

  async #search(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const weights = this.weights;
    if (weights && weightSum(weights) !== 100) return;
    const map = this.getMap();
    const minArea = numberOrUndefined(this.minArea);
    const maxArea = numberOrUndefined(this.maxArea);
    const walkMeters = numberOrUndefined(this.walk);
    this.#request?.abort();
    const controller = new AbortController();
    this.#request = controller;
    this.searching = true;
    try {
      const result = await api.findSites(
        {
          targetUse: this.targetUse,
          ...(minArea === undefined ? {} : { minArea }),
          ...(maxArea === undefined ? {} : { maxArea }),
          ...(walkMeters === undefined ? {} : { walkMeters }),
          ...(this.inView && map ? { within: viewPolygon(map) } : {}),
          ...(weights ? { weights } : {}),
        },
        controller.signal,
      );
      if (controller.signal.aborted) return;
      this.result = result;
      this.selected = new Set();
      this.coverage = undefined;
      this.allocation = undefined;
      this.proposing = undefined;
      this.#placed = result.sites.map((site) => ({ ...site, point: sitePoint(site.geometry) }));
      await this.#drawSites();
    } catch (error) {
      this.reportError(error);
    } finally {
      if (this.#request === controller) this.searching = false;
    }
  }

  async #drawSites(): Promise<void> {
    const map = this.getMap();
    const result = this.result;
    if (!map || !result) return;
    const { siteLayer, walkRadiusLayer } = await import("../map/site-layers.js");
    await map.setAnalysisLayers(
      [walkRadiusLayer(this.#placed, result.walkMeters), siteLayer(this.#placed, this.selected)],
      (layerId, object) => {
        if (layerId !== "sites") return [];
        const site = object as PlacedSite;
        return [site.name, `${this.t("siteScore")} ${site.score.toFixed(1)} · ${this.area(site.usableArea)}`];
      },
    );
  }

  #show(site: Site): void {
    const placed = this.#placed.find((candidate) => candidate.id === site.id);
    if (placed) this.getMap()?.flyTo([placed.point[0], placed.point[1]], 16);
  }

  #toggle(site: Site, on: boolean): void {
    const selected = new Set(this.selected);
    if (on) selected.add(site.id);
    else selected.delete(site.id);
    this.selected = selected;
    this.coverage = undefined;
    void this.#drawSites();
  }

  async #cover(): Promise<void> {
    const result = this.result;
    if (!result || this.selected.size === 0) return;
    this.working = true;
    try {
      this.coverage = await api.coverage([...this.selected], result.targetUse, result.walkMeters);
    } catch (error) {
      this.reportError(error);
    } finally {
      this.working = false;
    }
  }

  async #allocate(): Promise<void> {
    const result = this.result;
    if (!result || result.sites.length === 0) return;
    this.working = true;
    try {
      const ids = result.sites.map((site) => site.id);
      this.allocation = await api.locationAllocation(result.targetUse, this.k, result.walkMeters, ids);
    } catch (error) {
      this.reportError(error);
    } finally {
      this.working = false;
    }
  }

  async #toggleConversions(): Promise<void> {
    if (this.conversions) {
      this.conversions = undefined;
      return;
    }
    try {
      this.conversions = await api.conversions();
    } catch (error) {
      this.reportError(error);
    }
  }

  #renderConversions(conversions: readonly Conversion[]) {
    return html`<section class="conversions">
      <h3>${this.t("conversionsHeading", { count: conversions.length })}</h3>
      ${conversions.length === 0 ? html`<p class="empty">${this.t("conversionsEmpty")}</p>` : nothing}
      ${conversions.map(
        (conversion) => html`<fangtu-conversion-card .locale=${this.locale} .conversion=${conversion}
          .canApprove=${this.canApprove} .canPropose=${this.canPropose}></fangtu-conversion-card>`,
      )}
    </section>`;
  }

  #setWeight(criterion: Criterion, value: number): void {
    const base = this.#shownWeights;
    if (!base) return;
    this.weights = { ...base, [criterion]: Number.isFinite(value) ? value : 0 };
  }

  #walkText(meters: number): string {
    return formatDistance(this.locale, meters);
  }

  #renderForm() {
    const weights = this.#shownWeights;
    const sum = weights ? weightSum(weights) : 100;
    return html`<form class="controls site-search" @submit=${this.#search}>
      <label>${this.t("sitesTargetUse")}
        <select name="targetUse" @change=${(event: Event) => {
          this.targetUse = (event.target as HTMLSelectElement).value as TargetUse;
          // Another use has other default weights and walking distance.
          this.weights = undefined;
          this.result = undefined;
        }}>
          ${TARGET_USES.map((use) => html`<option value=${use} ?selected=${use === this.targetUse}>${this.t(`siteUse_${use}` as MessageKey)}</option>`)}
        </select>
      </label>
      <label>${this.t("sitesMinArea")}
        <input type="number" name="minArea" min="0" step="50" .value=${this.minArea}
          @input=${(event: Event) => (this.minArea = (event.target as HTMLInputElement).value)} /></label>
      <label>${this.t("sitesMaxArea")}
        <input type="number" name="maxArea" min="0" step="50" .value=${this.maxArea}
          @input=${(event: Event) => (this.maxArea = (event.target as HTMLInputElement).value)} /></label>
      <label>${this.t("sitesWalk")}
        <input type="number" name="walk" min="50" max="10000" step="50" .value=${this.walk}
          placeholder=${this.result ? String(this.result.walkMeters) : ""}
          @input=${(event: Event) => (this.walk = (event.target as HTMLInputElement).value)} /></label>
      <label class="check"><input type="checkbox" name="inView" .checked=${this.inView}
          @change=${(event: Event) => (this.inView = (event.target as HTMLInputElement).checked)} />${this.t("sitesInView")}</label>
      ${weights ? this.#renderWeights(weights, sum) : nothing}
      <div class="row">
        <button type="submit" class="tool primary find-sites" ?disabled=${this.searching || sum !== 100}>
          ${this.searching ? this.t("sitesSearching") : this.t("sitesSearch")}</button>
        <button type="button" class="tool open-conversions" aria-pressed=${this.conversions !== undefined}
          @click=${this.#toggleConversions}>${this.t("conversionsOpen")}</button>
        <button type="button" class="tool close-sites" @click=${() => this.emit("sites-close", undefined)}>${this.t("sitesClose")}</button>
      </div>
    </form>`;
  }

  #renderWeights(weights: Weights, sum: number) {
    return html`<fieldset class="weights">
      <legend>${this.t("sitesWeights")}</legend>
      ${CRITERIA.map(
        (criterion) => html`<label>${this.t(`siteCriterion_${criterion}` as MessageKey)}
          <input type="number" name=${`weight-${criterion}`} min="0" max="100" step="1" .value=${String(weights[criterion])}
            @input=${(event: Event) => this.#setWeight(criterion, Number((event.target as HTMLInputElement).value))} /></label>`,
      )}
      <p class=${sum === 100 ? "muted weight-sum" : "weight-sum invalid"} role=${sum === 100 ? "status" : "alert"}>
        ${sum === 100 ? this.t("sitesWeightsSum", { sum }) : this.t("sitesWeightsInvalid", { sum })}
        ${this.weights ? html`<button type="button" class="link" @click=${() => (this.weights = undefined)}>${this.t("sitesWeightsReset")}</button>` : nothing}
      </p>
    </fieldset>`;
  }

  #renderBreakdown(site: Site) {
    return html`<table class="breakdown">
      ${CRITERIA.filter((criterion) => (site.criteria[criterion]?.weight ?? 0) > 0).map((criterion) => {
        const part = site.criteria[criterion];
        if (!part) return nothing;
        return html`<tr data-criterion=${criterion}>
          <th>${this.t(`siteCriterion_${criterion}` as MessageKey)} <span class="muted">${part.weight}%</span></th>
          <td><span class="bar"><span style=${`width:${Math.max(0, Math.min(100, part.score))}%`}></span></span></td>
          <td class="number">+${part.contribution.toFixed(1)}</td>
        </tr>`;
      })}
    </table>`;
  }

  #renderSite(site: Site, rank: number, result: SiteSearch) {
    return html`<li class="site" data-site=${site.id}>
      <div class="site-head">
        <input type="checkbox" aria-label=${this.t("siteSelect")} .checked=${this.selected.has(site.id)}
          @change=${(event: Event) => this.#toggle(site, (event.target as HTMLInputElement).checked)} />
        <span class="rank">${rank}</span>
        <button type="button" class="link site-name" title=${this.t("siteShow")} @click=${() => this.#show(site)}>${site.name}</button>
        <span class="score">${site.score.toFixed(1)}</span>
      </div>
      <div class="muted site-facts">
        <span class="tag">${this.t(`siteKind_${site.kind}` as MessageKey)}</span>
        ${this.t("siteUsableArea")} ${this.area(site.usableArea)}${site.areaEstimated ? this.t("siteAreaEstimated") : ""} ·
        ${this.t("sitePopulation", { walk: this.#walkText(result.walkMeters) })} ${this.t("sitePeople", { count: this.count(site.populationWithin) })}
      </div>
      ${this.#renderBreakdown(site)}
      ${
        this.canPropose && this.proposing?.id !== site.id
          ? html`<button type="button" class="tool propose" @click=${() => (this.proposing = site)}>${this.t("conversionPropose")}</button>`
          : nothing
      }
      ${
        this.proposing?.id === site.id
          ? html`<fangtu-conversion-card .locale=${this.locale} .site=${site} .targetUse=${result.targetUse}
              .walkMeters=${result.walkMeters} .canApprove=${this.canApprove} .canPropose=${this.canPropose}
              @conversion-cancel=${() => (this.proposing = undefined)}></fangtu-conversion-card>`
          : nothing
      }
    </li>`;
  }

  #renderCoverage(coverage: Coverage) {
    return html`<h3>${this.t("coverageHeading", { walk: this.#walkText(coverage.walkMeters) })}</h3>
      <dl class="figures coverage">
        <dt>${this.t("coverageBefore")}</dt><dd class="before">${this.t("sitePeople", { count: this.count(coverage.before) })}</dd>
        <dt>${this.t("coverageAfter")}</dt><dd class="after">${this.t("sitePeople", { count: this.count(coverage.after) })}</dd>
        <dt>${this.t("coverageGained")}</dt><dd class="gained">${this.t("sitePeople", { count: this.count(coverage.gained) })}</dd>
      </dl>`;
  }

  #renderAllocation(allocation: Allocation, result: SiteSearch) {
    const names = new Map(allocation.sites.map((site) => [site.id, site.name]));
    const choice = (label: string, chosen: Allocation["greedy"], extra: string) =>
      html`<h4>${label}</h4>
        <p class="muted">${this.t("allocationCovered", { covered: this.count(chosen.covered), gained: this.count(chosen.gained) })} ${extra}</p>
        <ol class="plain-list">${chosen.siteIds.map((id) => html`<li>${names.get(id) ?? id}</li>`)}</ol>`;
    return html`<div class="allocation">
      <h3>${this.t("allocationHeading", { k: this.k, walk: this.#walkText(result.walkMeters) })}</h3>
      ${choice(this.t("allocationOptimal"), allocation.optimal, this.t("allocationGap", { gap: (allocation.optimal.gap * 100).toFixed(2) }))}
      ${choice(this.t("allocationGreedy"), allocation.greedy, "")}
    </div>`;
  }

  #renderResult(result: SiteSearch) {
    if (result.sites.length === 0) return html`<p class="empty">${this.t("sitesEmpty")}</p>`;
    return html`<h3>${this.t("sitesResults", { shown: result.sites.length, candidates: result.candidates })}</h3>
      <div class="row analysis-actions">
        <button type="button" class="tool run-coverage" ?disabled=${this.working || this.selected.size === 0}
          title=${this.selected.size === 0 ? this.t("coverageSelectFirst") : ""} @click=${this.#cover}>${this.t("coverageRun")}</button>
        <label class="inline">${this.t("allocationK")}
          <input type="number" name="k" min="1" max="50" .value=${String(this.k)}
            @input=${(event: Event) => (this.k = Math.max(1, Math.min(50, Number((event.target as HTMLInputElement).value) || 1)))} /></label>
        <button type="button" class="tool run-allocation" ?disabled=${this.working} @click=${this.#allocate}>${this.t("allocationRun")}</button>
      </div>
      ${this.working ? html`<div class="progress" role="progressbar" aria-label=${this.t("analysing")}></div>` : nothing}
      ${this.coverage ? this.#renderCoverage(this.coverage) : nothing}
      ${this.allocation ? this.#renderAllocation(this.allocation, result) : nothing}
      <ol class="sites">${result.sites.map((site, index) => this.#renderSite(site, index + 1, result))}</ol>`;
  }

  override render() {
    return html`<h2>${this.t("sitesHeading")}</h2>
      <p class="muted">${this.t("sitesHint")}</p>
      ${this.#renderForm()}
      ${this.conversions ? this.#renderConversions(this.conversions) : nothing}
      ${this.searching ? html`<div class="progress" role="progressbar" aria-label=${this.t("sitesSearching")}></div>` : nothing}
      ${this.result ? this.#renderResult(this.result) : html`<p class="empty">${this.t("sitesNone")}</p>`}`;
  }
}

customElements.define("fangtu-sites-panel", FangtuSitesPanel);
