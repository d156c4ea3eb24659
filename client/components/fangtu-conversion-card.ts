import { html, nothing } from "lit";
import { api } from "../api/fangtu-api.js";
import {
  type Conversion,
  type ConversionSource,
  type ConversionStep,
  type Site,
  TARGET_USES,
  type TargetUse,
} from "../api/site-types.js";
import type { MessageKey } from "../i18n/messages.js";
import { conversionSource, sourceSiteId } from "../state/sites.js";
import { LocalizedElement } from "./localized-element.js";
import { sharedStyles } from "./shared-styles.js";
import { siteStyles } from "./site-styles.js";

/**
 * A site's conversion to public use: the proposal form, then the proposal's status and the next step the
 * user's role may take (approvers approve and publish; planners start and complete). Once completed, the
 * coverage of the facility kind is asked again: the new facility now counts as existing.
 */
export class FangtuConversionCard extends LocalizedElement {
  static override properties = {
    ...LocalizedElement.properties,
    site: { attribute: false },
    targetUse: { type: String },
    walkMeters: { type: Number },
    canPropose: { type: Boolean },
    canApprove: { type: Boolean },
    conversion: { attribute: false },
    busy: { state: true },
    coverageBefore: { state: true },
    coverageNow: { state: true },
  };
  static override styles = [sharedStyles, siteStyles];

  site: Site | undefined;
  targetUse: TargetUse = "people_home";
  /** undefined: the use's default walking distance. */
  walkMeters: number | undefined;
  canPropose = false;
  canApprove = false;
  conversion: Conversion | undefined;
  busy = false;
  /** People within reach of the use's existing facilities just before completion. */
  coverageBefore: number | undefined;
  /** The same after completion. */
  coverageNow: number | undefined;

  /** People within reach of existing facilities of the conversion's first use (none without a site id). */
  async #coveredNow(conversion: Conversion): Promise<number | undefined> {
    const siteId = sourceSiteId(conversion.source);
    const use = conversion.uses[0]?.kind ?? this.targetUse;
    return siteId ? (await api.coverage([siteId], use, this.walkMeters)).before : undefined;
  }

  async #propose(event: SubmitEvent, source: ConversionSource): Promise<void> {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const text = (name: string) => String(form.get(name) ?? "").trim();
    const use = text("use") as TargetUse;
    const second = text("use2") as TargetUse | "";
    const cost = text("cost");
    this.busy = true;
    try {
      this.conversion = await api.proposeConversion({
        name: text("name"),
        source,
        uses: [
          { kind: use, name: text("useName"), area: Number(text("area")) },
          // Fuyu's building became a 群众之家 and an 老年人俱乐部: a second facility is optional.
          ...(second === ""
            ? []
            : [
                {
                  kind: second,
                  name: text("useName2") || this.t(`siteUse_${second}` as MessageKey),
                  area: Number(text("area2")),
                },
              ]),
        ],
        ...(cost === "" ? {} : { estimatedCost: Number(cost) }),
        ...(text("summary") === "" ? {} : { publicSummary: text("summary") }),
      });
      this.emit("conversion-proposed", this.t("conversionProposed", { name: this.conversion.name }));
    } catch (error) {
      this.reportError(error);
    } finally {
      this.busy = false;
    }
  }

  async #refresh(): Promise<void> {
    if (!this.conversion) return;
    try {
      this.conversion = await api.conversion(this.conversion.id);
    } catch (error) {
      this.reportError(error);
    }
  }

  async #step(step: ConversionStep): Promise<void> {
    const conversion = this.conversion;
    if (!conversion) return;
    if (step === "complete" && !confirm(this.t("conversionCompleteConfirm", { name: conversion.name })))
      return;
    this.busy = true;
    try {
      if (step === "complete") this.coverageBefore = await this.#coveredNow(conversion);
      await api.conversionStep(conversion.id, step, conversion.version);
      this.conversion = await api.conversion(conversion.id);
      if (step === "complete") {
        this.coverageNow = await this.#coveredNow(conversion);
        this.emit("conversion-completed", this.t("conversionDone", { name: conversion.name }));
      }
    } catch (error) {
      this.reportError(error);
      await this.#refresh();
    } finally {
      this.busy = false;
    }
  }

  #renderForm(site: Site) {
    const source = conversionSource(site);
    if (!source) return html`<p class="muted">${this.t("conversionFloorHint")}</p>`;
    const useLabel = this.t(`siteUse_${this.targetUse}` as MessageKey);
    return html`<form class="conversion" @submit=${(event: SubmitEvent) => this.#propose(event, source)}>
      <h4>${this.t("conversionHeading")}</h4>
      <label>${this.t("conversionName")}<input name="name" required maxlength="200" .value=${`${site.name}改造`} /></label>
      <label>${this.t("conversionUse")}
        <select name="use">${TARGET_USES.map((use) => html`<option value=${use} ?selected=${use === this.targetUse}>${this.t(`siteUse_${use}` as MessageKey)}</option>`)}</select></label>
      <label>${this.t("conversionUseName")}<input name="useName" required maxlength="200" .value=${useLabel.split("/")[0] ?? useLabel} /></label>
      <label>${this.t("conversionArea")}<input name="area" type="number" required min="1" step="1" max=${Math.floor(site.usableArea)} .value=${String(Math.floor(site.usableArea))} /></label>
      <label>${this.t("conversionSecondUse")}
        <select name="use2"><option value="">${this.t("conversionNoSecondUse")}</option>${TARGET_USES.map((use) => html`<option value=${use}>${this.t(`siteUse_${use}` as MessageKey)}</option>`)}</select></label>
      <label>${this.t("conversionUseName")}<input name="useName2" maxlength="200" /></label>
      <label>${this.t("conversionArea")}<input name="area2" type="number" min="0" step="1" max=${Math.floor(site.usableArea)} /></label>
      <label>${this.t("conversionCost")}<input name="cost" type="number" min="0" step="0.01" /></label>
      <label>${this.t("conversionSummary")}<input name="summary" maxlength="500" /></label>
      <div class="row">
        <button type="submit" class="tool primary submit-conversion" ?disabled=${this.busy}>${this.t("conversionSubmit")}</button>
        <button type="button" class="tool" @click=${() => this.emit("conversion-cancel", undefined)}>${this.t("conversionCancelForm")}</button>
      </div>
    </form>`;
  }

  #renderStatus(conversion: Conversion) {
    const action = (step: ConversionStep, label: MessageKey) =>
      html`<button type="button" class=${`tool step-${step}`} ?disabled=${this.busy} @click=${() => this.#step(step)}>${this.t(label)}</button>`;
    const status = conversion.status;
    const publishable = status === "approved" || status === "converting" || status === "done";
    const use = conversion.uses[0]?.kind ?? this.targetUse;
    return html`<h4>${conversion.name}</h4>
      <p>${this.t("conversionStatus")}：<strong class="conversion-status" data-status=${status}>${this.t(`conversionStatus_${status}` as MessageKey)}</strong>
        ${conversion.isPublished ? html`<span class="tag published">${this.t("conversionPublished")}</span>` : nothing}
        · ${this.area(conversion.area)}</p>
      <div class="row">
        ${status === "proposed" && this.canApprove ? action("approve", "conversionApprove") : nothing}
        ${status === "approved" && this.canPropose ? action("start", "conversionStart") : nothing}
        ${status === "converting" && this.canPropose ? action("complete", "conversionComplete") : nothing}
        ${publishable && this.canApprove && !conversion.isPublished ? action("publish", "conversionPublish") : nothing}
        <button type="button" class="tool refresh-conversion" ?disabled=${this.busy} @click=${this.#refresh}>${this.t("conversionRefresh")}</button>
        <a class="tool public-link" href="/public/listings" target="_blank" rel="noopener">${this.t("conversionPublicLink")}</a>
      </div>
      ${
        this.coverageNow !== undefined && this.coverageBefore !== undefined
          ? html`<p class="rose coverage-rose">${this.t("conversionCoverageRose", {
              use: this.t(`siteUse_${use}` as MessageKey),
              before: this.count(this.coverageBefore),
              after: this.count(this.coverageNow),
            })}</p>`
          : nothing
      }`;
  }

  override render() {
    if (this.conversion) return html`<div class="card">${this.#renderStatus(this.conversion)}</div>`;
    return this.site ? html`<div class="card">${this.#renderForm(this.site)}</div>` : nothing;
  }
}

customElements.define("fangtu-conversion-card", FangtuConversionCard);
