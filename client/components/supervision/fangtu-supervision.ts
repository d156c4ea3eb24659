import { css, html, nothing } from "lit";
import type { CurrentUser } from "../../api/fangtu-api.js";
import {
  FINDING_ALERTS_EVENT,
  type FindingAlertsEventDetail,
  loadFindingBadge,
} from "../../api/sv-findings.js";
import type { MessageKey } from "../../i18n/messages.js";
import { type SupervisionTab, supervisionTabs } from "../../state/view-state.js";
import { LocalizedElement } from "../localized-element.js";
import { sharedStyles } from "../shared-styles.js";

/** What a tab is told: the language, who is signed in, the region in focus and the tab's own state. */
export interface SupervisionTabProperties {
  locale: string;
  user: CurrentUser | null | undefined;
  /** The region in focus (six-digit code), undefined before the region loads. */
  region: string | undefined;
  /** The tab's state as a query string (`status=open&unit=12`), kept in the page's link. */
  query: string;
}

/** Where a link inside a tab leads: another tab (or the same) with its state. */
export interface SupervisionNavigation {
  tab: SupervisionTab;
  query?: string;
}

/** Each tab is its own element in its own module, loaded when first opened. */
const tabModules: Record<SupervisionTab, () => Promise<unknown>> = {
  dashboard: () => import("./fangtu-sv-dashboard.js"),
  inspections: () => import("./fangtu-sv-inspections.js"),
  findings: () => import("./fangtu-sv-findings.js"),
  maintenance: () => import("./fangtu-sv-maintenance.js"),
  reports: () => import("./fangtu-sv-reports.js"),
  disclosure: () => import("./fangtu-sv-disclosure.js"),
};

const tabLabels: Record<SupervisionTab, MessageKey> = {
  dashboard: "svTab_dashboard",
  inspections: "svTab_inspections",
  findings: "svTab_findings",
  maintenance: "svTab_maintenance",
  reports: "svTab_reports",
  disclosure: "svTab_disclosure",
};

/**
 * The supervision and reporting workspace (监督与报告, issue 10): dashboards, inspections, the finding
 * ledger, maintenance, official reports and public disclosure as tabs over the map, which stays alive
 * underneath. The open tab and its state live in the link (`sv`, `svq`), so every number on the
 * dashboard can link to the list behind it. A tab moves the user with a bubbling
 * `supervision-navigate` event ({@link SupervisionNavigation}); the shell fires `supervision-close`.
 */
export class FangtuSupervision extends LocalizedElement {
  static override properties = {
    ...LocalizedElement.properties,
    tab: { attribute: false },
    query: { attribute: false },
    region: { attribute: false },
    user: { attribute: false },
    loaded: { state: true },
    findingBadge: { state: true },
  };
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        box-sizing: border-box;
        background: #fff;
      }
      .head {
        display: flex;
        align-items: center;
        gap: 4px;
        padding: 6px 12px 0;
        border-bottom: 1px solid #b9c2cc;
        flex-wrap: wrap;
      }
      .head h2 {
        margin: 0 12px 0 0;
        font-size: 16px;
      }
      [role="tab"] {
        border: 1px solid transparent;
        border-bottom: none;
        background: none;
        padding: 6px 12px;
        font: inherit;
        cursor: pointer;
        border-radius: 4px 4px 0 0;
      }
      [role="tab"][aria-selected="true"] {
        border-color: #b9c2cc;
        background: #fff;
        margin-bottom: -1px;
        font-weight: 600;
      }
      .badge {
        display: inline-block;
        min-width: 18px;
        margin-left: 4px;
        padding: 0 5px;
        border-radius: 9px;
        background: #c0392b;
        color: #fff;
        font-size: 12px;
        line-height: 18px;
        text-align: center;
      }
      .close-supervision {
        margin-left: auto;
      }
      .tab-body {
        flex: 1;
        min-height: 0;
        overflow: auto;
      }
      .tab-body > * {
        display: block;
        box-sizing: border-box;
        min-height: 100%;
      }
      @media print {
        .head {
          display: none;
        }
        .tab-body {
          overflow: visible;
        }
      }
    `,
  ];

  tab: SupervisionTab = "dashboard";
  query = "";
  region: string | undefined;
  user: CurrentUser | null | undefined;
  loaded = new Set<SupervisionTab>();
  /** Findings overdue or due within a week in the region: a count on the finding ledger's tab. */
  findingBadge = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    // The findings tab tells the shell whenever it reads the alerts (after an answer, a verification…).
    this.addEventListener(FINDING_ALERTS_EVENT, (event) => {
      this.findingBadge = (event as CustomEvent<FindingAlertsEventDetail>).detail.badge;
    });
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("tab") && !this.loaded.has(this.tab)) void this.#load(this.tab);
    if ((changed.has("region") || changed.has("user")) && this.user)
      void loadFindingBadge(this.region).then((count) => {
        this.findingBadge = count;
      });
  }

  async #load(tab: SupervisionTab): Promise<void> {
    try {
      await tabModules[tab]();
      this.loaded = new Set([...this.loaded, tab]);
    } catch (error) {
      this.reportError(error);
    }
  }

  #go(tab: SupervisionTab): void {
    this.emit<SupervisionNavigation>("supervision-navigate", { tab, query: "" });
  }

  override render() {
    return html`<div class="head">
        <h2>${this.t("svHeading")}</h2>
        <div role="tablist" aria-label=${this.t("svHeading")}>
          ${supervisionTabs.map(
            (tab) => html`<button type="button" role="tab" data-tab=${tab} aria-selected=${tab === this.tab}
              @click=${() => this.#go(tab)}>${this.t(tabLabels[tab])}${
                tab === "findings" && this.findingBadge > 0
                  ? html`<span class="badge finding-badge" title=${this.t("svFindingBadge")}>${this.findingBadge}</span>`
                  : nothing
              }</button>`,
          )}
        </div>
        <button type="button" class="tool close-supervision" @click=${() => this.emit("supervision-close", undefined)}>
          ${this.t("svClose")}
        </button>
      </div>
      <div class="tab-body" role="tabpanel">${this.loaded.has(this.tab) ? this.#renderTab() : html`<div class="progress" role="progressbar" aria-label=${this.t("loading")}></div>`}</div>`;
  }

  #renderTab() {
    const common = { locale: this.locale, user: this.user, region: this.region, query: this.query };
    switch (this.tab) {
      case "dashboard":
        return html`<fangtu-sv-dashboard .locale=${common.locale} .user=${common.user} .region=${common.region} .query=${common.query}></fangtu-sv-dashboard>`;
      case "inspections":
        return html`<fangtu-sv-inspections .locale=${common.locale} .user=${common.user} .region=${common.region} .query=${common.query}></fangtu-sv-inspections>`;
      case "findings":
        return html`<fangtu-sv-findings .locale=${common.locale} .user=${common.user} .region=${common.region} .query=${common.query}></fangtu-sv-findings>`;
      case "maintenance":
        return html`<fangtu-sv-maintenance .locale=${common.locale} .user=${common.user} .region=${common.region} .query=${common.query}></fangtu-sv-maintenance>`;
      case "reports":
        return html`<fangtu-sv-reports .locale=${common.locale} .user=${common.user} .region=${common.region} .query=${common.query}></fangtu-sv-reports>`;
      case "disclosure":
        return html`<fangtu-sv-disclosure .locale=${common.locale} .user=${common.user} .region=${common.region} .query=${common.query}></fangtu-sv-disclosure>`;
      default:
        return nothing;
    }
  }
}

customElements.define("fangtu-supervision", FangtuSupervision);
