import { html, nothing } from "lit";
import { api } from "../../api/fangtu-api.js";
import {
  type ReportCatalogue,
  type ReportColumn,
  type ReportEntry,
  type ReportTableBody,
  reportsApi,
  type SubmissionOverview,
} from "../../api/sv-reports.js";
import { saveBlob } from "../../util/save-blob.js";
import { sharedStyles } from "../shared-styles.js";
import { SupervisionTabElement } from "./supervision-tab.js";
import { svReportStyles } from "./sv-report-styles.js";

const ADMINISTRATION = ["system_admin", "planner", "inspector", "approver"];

/** A figure as the form prints it: counts whole, m² and 万元 with two decimals. */
function figure(column: ReportColumn, value: number | undefined, locale: string): string {
  const digits = column.kind === "count" ? 0 : 2;
  return (value ?? 0).toLocaleString(locale, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/**
 * 统计报表 (issue 10): the official statistics tables of a region — pick a table and a year, read it with
 * its rows per child region, 本级 and 合计, download it as XLSX or print it; download the annual
 * package, submit it upward, and see which child regions have submitted theirs. State in the link:
 * `report`, `year`, `region`.
 */
export class FangtuSvReports extends SupervisionTabElement {
  static override properties = {
    ...SupervisionTabElement.properties,
    catalogue: { state: true },
    table: { state: true },
    submissions: { state: true },
    busy: { state: true },
    note: { state: true },
    notice: { state: true },
  };
  static override styles = [sharedStyles, svReportStyles];

  catalogue: ReportCatalogue | undefined;
  table: ReportTableBody | undefined;
  submissions: SubmissionOverview | undefined;
  busy: "" | "xlsx" | "zip" | "submit" = "";
  note = "";
  /** What the last action did, said in a status line. */
  notice = "";
  #loadedKey = "";
  #abort: AbortController | undefined;

  get #reportName(): string {
    return this.params.get("report") ?? this.catalogue?.reports[0]?.name ?? "office-space-basic";
  }
  get #year(): number {
    const year = Number(this.params.get("year"));
    return Number.isInteger(year) && year >= 2000
      ? year
      : (this.catalogue?.currentYear ?? new Date().getFullYear());
  }
  get #regionCode(): string | undefined {
    return this.params.get("region") ?? this.region ?? this.user?.region_code;
  }
  get #entry(): ReportEntry | undefined {
    return this.catalogue?.reports.find((entry) => entry.name === this.#reportName);
  }

  override updated(): void {
    if (!this.user || !this.hasRole(...ADMINISTRATION)) return;
    const region = this.#regionCode;
    if (!region) return;
    const key = `${this.#reportName}|${region}|${this.#year}`;
    if (key !== this.#loadedKey) {
      this.#loadedKey = key;
      void this.#load(region);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#abort?.abort();
  }

  async #load(region: string): Promise<void> {
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    this.table = undefined;
    try {
      this.catalogue ??= await reportsApi.catalogue(abort.signal);
      const [table, submissions] = await Promise.all([
        reportsApi.table(this.#reportName, region, this.#year, abort.signal),
        reportsApi.submissions(region, this.#year, abort.signal),
      ]);
      if (abort.signal.aborted) return;
      this.table = table;
      this.submissions = submissions;
    } catch (error) {
      this.reportError(error);
    }
  }

  async #download(path: string, kind: "xlsx" | "zip"): Promise<void> {
    this.busy = kind;
    try {
      const { blob, filename } = await api.download(path);
      saveBlob(blob, filename);
    } catch (error) {
      this.reportError(error);
    } finally {
      this.busy = "";
    }
  }

  /** Prints the server's printable page (A4 landscape, repeating headers) from a hidden frame. */
  #print(path: string): void {
    const frame = document.createElement("iframe");
    frame.style.cssText = "position:fixed;width:0;height:0;border:0;right:0;bottom:0";
    frame.title = this.t("svrPrint");
    frame.src = path;
    frame.addEventListener("load", () => {
      frame.contentWindow?.focus();
      frame.contentWindow?.print();
      setTimeout(() => frame.remove(), 60_000);
    });
    document.body.append(frame);
  }

  async #submit(region: string, regionName: string): Promise<void> {
    if (!confirm(this.t("svrSubmitConfirm", { region: regionName, year: this.#year }))) return;
    this.busy = "submit";
    try {
      const result = await reportsApi.submit(region, this.#year, this.note);
      this.note = "";
      this.notice = this.t("svrSubmitDone", { recipient: result.recipient });
      this.submissions = await reportsApi.submissions(region, this.#year);
    } catch (error) {
      this.reportError(error);
    } finally {
      this.busy = "";
    }
  }

  #header(columns: readonly ReportColumn[]) {
    const top: Array<{ text: string; colSpan: number; rowSpan: number }> = [];
    columns.forEach((column, index) => {
      const heading = `${this.locale === "en" ? column.label.en : column.label.zh}（${column.unit}）`;
      if (!column.group) top.push({ text: heading, colSpan: 1, rowSpan: 2 });
      else if (columns[index - 1]?.group?.zh === column.group.zh) {
        const last = top[top.length - 1];
        if (last) last.colSpan += 1;
      } else
        top.push({ text: this.locale === "en" ? column.group.en : column.group.zh, colSpan: 1, rowSpan: 1 });
    });
    return html`<thead>
      <tr>
        <th rowspan="2" scope="col">${this.t("svrRegion")}</th>
        <th rowspan="2" scope="col">${this.t("svrCode")}</th>
        ${top.map((cell) => html`<th scope="col" rowspan=${cell.rowSpan} colspan=${cell.colSpan}>${cell.text}</th>`)}
      </tr>
      <tr>
        ${columns
          .filter((column) => column.group)
          .map(
            (column) =>
              html`<th scope="col">${this.locale === "en" ? column.label.en : column.label.zh}（${column.unit}）</th>`,
          )}
      </tr>
    </thead>`;
  }

  #renderTable(entry: ReportEntry, table: ReportTableBody) {
    const columns = entry.columns;
    const empty = columns.every((column) => (table.totals[column.key] ?? 0) === 0);
    return html`<div class="table-wrap">
        <table class="report" data-report=${entry.name}>
          <caption>
            ${table.region.name}${this.locale === "en" ? ` · ${entry.title.en}` : entry.title.zh}
            <span class="muted">${entry.number} · ${this.t("svrAsOf", { date: table.asOf })}</span>
          </caption>
          ${this.#header(columns)}
          <tbody>
            ${table.rows.map(
              (row) => html`<tr>
                <th scope="row">
                  ${
                    row.region.own
                      ? this.t("svrOwn", { name: row.region.name })
                      : html`<button type="button" class="link" title=${this.t("svrDrill", { name: row.region.name })}
                        @click=${() => this.setQuery("reports", { region: row.region.code })}>${row.region.name}</button>`
                  }
                </th>
                <td class="code">${row.region.code}</td>
                ${columns.map((column) => html`<td>${figure(column, row.values[column.key], this.locale)}</td>`)}
              </tr>`,
            )}
            <tr class="total">
              <th scope="row">${this.t("svrTotal")}</th>
              <td class="code">${table.region.code}</td>
              ${columns.map((column) => html`<td data-key=${column.key}>${figure(column, table.totals[column.key], this.locale)}</td>`)}
            </tr>
          </tbody>
        </table>
      </div>
      ${empty ? html`<p class="empty">${this.t("svrEmpty")}</p>` : nothing}
      <ol class="notes muted">${entry.notes.map((note) => html`<li>${note}</li>`)}</ol>`;
  }

  #renderAnnual(region: string, regionName: string) {
    const overview = this.submissions;
    const canSubmit =
      this.hasRole("system_admin") ||
      (this.hasRole("planner", "approver") && this.user?.region_code === region);
    return html`<section class="annual">
      <h3>${this.t("svrAnnual")} · ${this.#year}</h3>
      <p class="muted">${this.t("svrAnnualHint")}</p>
      <div class="actions">
        <button type="button" class="tool" ?disabled=${this.busy !== ""}
          @click=${() => this.#download(reportsApi.annualZipPath(region, this.#year), "zip")}>
          ${this.busy === "zip" ? this.t("svrDownloading") : this.t("svrAnnualZip")}
        </button>
        ${
          canSubmit
            ? html`<label class="note">${this.t("svrSubmitNote")}
                <input type="text" maxlength="2000" .value=${this.note}
                  @input=${(event: Event) => {
                    this.note = (event.target as HTMLInputElement).value;
                  }} />
              </label>
              <button type="button" class="tool primary" ?disabled=${this.busy !== ""}
                @click=${() => this.#submit(region, regionName)}>${this.t("svrSubmit")}</button>`
            : nothing
        }
      </div>
      <p class="notice" role="status">${this.notice}</p>
      ${
        overview
          ? html`<p class="own-submission">
              ${this.t("svrOwnSubmission")}
              ${
                overview.own
                  ? html`<span class="ok">${this.t("svrSubmitted", { revision: overview.own.revision })}</span>
                    · ${new Date(overview.own.submittedAt).toLocaleString(this.locale)}`
                  : html`<span class="pending">${this.t("svrNotSubmitted")}</span>`
              }
            </p>
            <h3>${this.t("svrChildren", { submitted: overview.submitted, count: overview.children.length })}</h3>
            ${
              overview.children.length === 0
                ? html`<p class="empty">${this.t("svrNoChildren")}</p>`
                : html`<div class="table-wrap"><table class="submissions">
                  <thead><tr><th scope="col">${this.t("svrRegion")}</th><th scope="col">${this.t("svrStatus")}</th>
                    <th scope="col">${this.t("svrSubmittedAt")}</th><th scope="col">${this.t("svrSubmittedBy")}</th>
                    <th scope="col">${this.t("svrPackage")}</th></tr></thead>
                  <tbody>
                    ${overview.children.map(
                      ({ region: child, submission }) => html`<tr data-region=${child.code}>
                        <th scope="row">${child.name}</th>
                        <td>${
                          submission
                            ? html`<span class="ok">${this.t("svrSubmitted", { revision: submission.revision })}</span>`
                            : html`<span class="pending">${this.t("svrNotSubmitted")}</span>`
                        }</td>
                        <td>${submission ? new Date(submission.submittedAt).toLocaleString(this.locale) : "—"}</td>
                        <td>${submission?.submittedBy.displayName ?? "—"}</td>
                        <td>${
                          submission
                            ? html`<button type="button" class="link" @click=${() => this.#download(submission.packageUrl, "zip")}>ZIP</button>`
                            : "—"
                        }</td>
                      </tr>`,
                    )}
                  </tbody>
                </table></div>`
            }`
          : nothing
      }
    </section>`;
  }

  override render() {
    if (this.user && !this.hasRole(...ADMINISTRATION))
      return html`<p class="empty">${this.t("svrNoAccess")}</p>`;
    const region = this.#regionCode;
    const entry = this.#entry;
    const table = this.table;
    const years = this.catalogue
      ? Array.from({ length: 5 }, (_, index) => (this.catalogue?.currentYear ?? 0) - index)
      : [this.#year];
    return html`<div class="toolbar">
        <label>${this.t("svrReport")}
          <select @change=${(event: Event) => this.setQuery("reports", { report: (event.target as HTMLSelectElement).value })}>
            ${(this.catalogue?.reports ?? []).map(
              (report) => html`<option value=${report.name} ?selected=${report.name === this.#reportName}>
                ${report.number} ${this.locale === "en" ? report.title.en : report.title.zh}</option>`,
            )}
          </select>
        </label>
        <label>${this.t("svrYear")}
          <select @change=${(event: Event) => this.setQuery("reports", { year: (event.target as HTMLSelectElement).value })}>
            ${years.map((year) => html`<option value=${year} ?selected=${year === this.#year}>${year}</option>`)}
          </select>
        </label>
        ${
          this.params.get("region") && this.params.get("region") !== this.user?.region_code
            ? html`<button type="button" class="tool" @click=${() => this.setQuery("reports", { region: undefined })}>
              ${this.t("svrUp")}</button>`
            : nothing
        }
        <span class="spacer"></span>
        ${
          region && entry
            ? html`<button type="button" class="tool" ?disabled=${this.busy !== ""}
                @click=${() => this.#download(reportsApi.xlsxPath(entry.name, region, this.#year), "xlsx")}>
                ${this.busy === "xlsx" ? this.t("svrDownloading") : this.t("svrXlsx")}</button>
              <button type="button" class="tool" @click=${() => this.#print(reportsApi.htmlPath(entry.name, region, this.#year))}>
                ${this.t("svrPrint")}</button>`
            : nothing
        }
      </div>
      ${
        entry && table
          ? this.#renderTable(entry, table)
          : html`<div class="progress" role="progressbar" aria-label=${this.t("svrLoading")}></div>
            <p class="muted">${this.t("svrLoading")}</p>`
      }
      ${region && table ? this.#renderAnnual(region, table.region.name) : nothing}`;
  }
}

customElements.define("fangtu-sv-reports", FangtuSvReports);
