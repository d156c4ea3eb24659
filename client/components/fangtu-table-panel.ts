import { css, html, nothing } from "lit";
import { api, tableExportUrl } from "../api/fangtu-api.js";
import type { TableColumn, TablePage, TableQuery, TableRow } from "../api/types.js";
import type { VocabularyGroup } from "../i18n/messages.js";
import { type TableId, tableIds } from "../state/view-state.js";
import { saveBlob } from "../util/save-blob.js";
import { LocalizedElement } from "./localized-element.js";
import { sharedStyles } from "./shared-styles.js";

const PAGE_SIZE = 50;

const tableLabels = { buildings: "tableBuildings", units: "tableUnits", rooms: "tableRooms" } as const;

/** Code columns shown in words. */
const codeColumns: Record<string, VocabularyGroup> = {
  property_class: "property_class",
  use_category: "use_category",
  status: "room_status",
  kind: "unit_kind",
  admin_level: "admin_level",
  condition: "condition",
};

/**
 * The bottom panel: buildings, units or rooms of the region in focus, a page at a time from the
 * server, sortable by any column, filtered by text, exportable as CSV or XLSX with the same filter
 * and order. A row click fires `row-pick`; `selectedId` marks the row of the map's selection.
 */
export class FangtuTablePanel extends LocalizedElement {
  static override properties = {
    ...LocalizedElement.properties,
    table: { type: String },
    region: { type: String },
    filter: { type: String },
    selectedId: { type: Number },
    page: { state: true },
    loading: { state: true },
    sort: { state: true },
    order: { state: true },
    offset: { state: true },
    exporting: { state: true },
  };
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        min-height: 0;
        background: #fff;
      }
      .bar {
        display: flex;
        align-items: center;
        gap: 8px;
        padding: 6px 10px;
        border-bottom: 1px solid #d8dde3;
        flex-wrap: wrap;
      }
      [role="tablist"] button {
        border: 1px solid #b9c2cc;
        background: #fff;
        padding: 3px 10px;
        border-radius: 4px;
      }
      [role="tablist"] button[aria-selected="true"] {
        background: #1d3c5a;
        color: #fff;
        border-color: #1d3c5a;
      }
      input[type="search"] {
        font: inherit;
        padding: 3px 8px;
        border: 1px solid #b9c2cc;
        border-radius: 4px;
        width: 180px;
      }
      .spacer {
        flex: 1;
      }
      .rows {
        overflow: auto;
        flex: 1;
        min-height: 0;
      }
      thead th {
        position: sticky;
        top: 0;
        background: #f6f8fa;
        z-index: 1;
      }
      th button {
        border: none;
        background: none;
        padding: 0;
        font-weight: 600;
      }
      tbody tr {
        cursor: pointer;
      }
      tbody tr:hover {
        background: #eef3f8;
      }
      tbody tr[aria-selected="true"] {
        background: #fff3c4;
      }
    `,
  ];

  table: TableId = "buildings";
  region: string | undefined;
  filter = "";
  selectedId: number | undefined;
  page: TablePage | undefined;
  loading = false;
  sort: string | undefined;
  order: "asc" | "desc" = "asc";
  offset = 0;
  exporting = false;
  #request: AbortController | undefined;
  #filterTimer: ReturnType<typeof setTimeout> | undefined;

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("table")) {
      this.sort = undefined;
      this.order = "asc";
    }
    if (changed.has("table") || changed.has("region") || changed.has("filter")) this.offset = 0;
    if (["table", "region", "filter", "sort", "order", "offset"].some((key) => changed.has(key)))
      this.#load();
  }

  #query(): TableQuery {
    return {
      region: this.region,
      q: this.filter || undefined,
      sort: this.sort,
      order: this.sort ? this.order : undefined,
      limit: PAGE_SIZE,
      offset: this.offset,
    };
  }

  #load(): void {
    this.#request?.abort();
    const controller = new AbortController();
    this.#request = controller;
    this.loading = true;
    api
      .table(this.table, this.#query(), controller.signal)
      .then((page) => (this.page = page))
      .catch((error: unknown) => this.reportError(error))
      .finally(() => {
        if (this.#request === controller) this.loading = false;
      });
  }

  /** Downloads the export; a refusal (say, too many rows) shows the server's message instead. */
  async #export(format: "csv" | "xlsx", query: TableQuery): Promise<void> {
    this.exporting = true;
    try {
      const { blob, filename } = await api.download(tableExportUrl(this.table, format, query));
      saveBlob(blob, filename);
    } catch (error) {
      this.reportError(error);
    } finally {
      this.exporting = false;
    }
  }

  #sortBy(column: TableColumn): void {
    if (this.sort === column.key) this.order = this.order === "asc" ? "desc" : "asc";
    else {
      this.sort = column.key;
      // Figures are most useful largest first.
      this.order = column.type === "text" ? "asc" : "desc";
    }
  }

  /** The heading's unit; money is shown in 万元 whatever unit the API counts it in. */
  #unitOf(column: TableColumn): string {
    if (column.type === "money") return this.locale === "zh-CN" ? "（万元）" : " (10k CNY)";
    return column.unit ? `（${column.unit}）` : "";
  }

  #cell(column: TableColumn, row: TableRow) {
    const value = row[column.key];
    if (value === null || value === undefined || value === "") return "—";
    const group = codeColumns[column.key];
    if (group) return this.v(group, String(value));
    switch (column.type) {
      case "area":
        return this.area(Number(value));
      case "money":
        return this.money(Number(value));
      case "number":
        return column.key === "built_year" || column.key === "id" ? String(value) : this.count(Number(value));
      case "boolean":
        return value ? this.t("yes") : this.t("no");
      default:
        return String(value);
    }
  }

  #renderRows(page: TablePage) {
    if (page.rows.length === 0)
      return html`<p class="empty" style="padding:10px">${this.t("tableEmpty")}</p>`;
    const numeric = (column: TableColumn) => ["area", "money", "number"].includes(column.type);
    return html`<table>
      <thead>
        <tr>
          ${page.columns.map(
            (column) => html`<th
              class=${numeric(column) ? "number" : ""}
              aria-sort=${this.sort === column.key ? (this.order === "asc" ? "ascending" : "descending") : "none"}
            >
              <button type="button" @click=${() => this.#sortBy(column)}>
                ${this.locale === "zh-CN" ? column.label_zh : column.label_en}${this.#unitOf(column)}
                ${this.sort === column.key ? (this.order === "asc" ? "▲" : "▼") : ""}
              </button>
            </th>`,
          )}
        </tr>
      </thead>
      <tbody>
        ${page.rows.map(
          (row) => html`<tr
            tabindex="0"
            data-id=${row.id}
            aria-selected=${row.id === this.selectedId ? "true" : "false"}
            @click=${() => this.emit("row-pick", { table: this.table, row })}
            @keydown=${(event: KeyboardEvent) => {
              if (event.key === "Enter") this.emit("row-pick", { table: this.table, row });
            }}
          >
            ${page.columns.map((column) => html`<td class=${numeric(column) ? "number" : ""}>${this.#cell(column, row)}</td>`)}
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  override render() {
    const page = this.page;
    const query = this.#query();
    const from = page && page.total > 0 ? page.offset + 1 : 0;
    const to = page ? page.offset + page.rows.length : 0;
    return html`<div class="bar">
        <div role="tablist" aria-label=${this.t("tablesHeading")}>
          ${tableIds.map(
            (
              id,
            ) => html`<button type="button" role="tab" aria-selected=${id === this.table ? "true" : "false"} @click=${() => this.emit("table-change", id)}>
              ${this.t(tableLabels[id])}
            </button>`,
          )}
        </div>
        <input
          type="search"
          aria-label=${this.t("tableFilter")}
          placeholder=${this.t("tableFilter")}
          .value=${this.filter}
          @input=${(event: InputEvent) => {
            const value = (event.target as HTMLInputElement).value.trim();
            clearTimeout(this.#filterTimer);
            this.#filterTimer = setTimeout(() => this.emit("filter-change", value), 300);
          }}
        />
        <span class="muted range">${page ? this.t("tableRange", { from: this.count(from), to: this.count(to), total: this.count(page.total) }) : ""}</span>
        <button type="button" class="tool" ?disabled=${this.offset === 0} @click=${() => (this.offset = Math.max(0, this.offset - PAGE_SIZE))}>${this.t("previousPage")}</button>
        <button type="button" class="tool" ?disabled=${!page || to >= page.total} @click=${() => (this.offset += PAGE_SIZE)}>${this.t("nextPage")}</button>
        <span class="spacer"></span>
        <button type="button" class="tool export-csv" ?disabled=${this.exporting} @click=${() => this.#export("csv", query)}>${this.t("exportCsv")}</button>
        <button type="button" class="tool export-xlsx" ?disabled=${this.exporting} @click=${() => this.#export("xlsx", query)}>${this.t("exportXlsx")}</button>
        <button type="button" class="tool" @click=${() => this.emit("table-close", null)}>${this.t("collapse")}</button>
      </div>
      ${this.loading || this.exporting ? html`<div class="progress" role="progressbar" aria-label=${this.t("loading")}></div>` : nothing}
      <div class="rows">${page ? this.#renderRows(page) : html`<p class="empty" style="padding:10px">${this.t("loading")}</p>`}</div>`;
  }
}

customElements.define("fangtu-table-panel", FangtuTablePanel);
