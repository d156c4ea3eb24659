import { css, html, nothing } from "lit";
import { api } from "../api/fangtu-api.js";
import type { ImportOptions, ImportTarget, Job, RowError, StagedImport } from "../api/types.js";
import type { MessageKey } from "../i18n/messages.js";
import { LocalizedElement } from "./localized-element.js";
import { sharedStyles } from "./shared-styles.js";

const TARGETS: readonly ImportTarget[] = ["buildings", "rooms", "staffing", "people", "non_office_assets"];
/** How often a running job is asked for its progress. */
const POLL_MS = 400;

type Step =
  | { readonly kind: "choose"; readonly uploading?: number }
  | { readonly kind: "map"; readonly staged: StagedImport }
  | {
      readonly kind: "job";
      readonly staged: StagedImport;
      readonly commit: boolean;
      readonly job: Job | undefined;
    }
  | { readonly kind: "checked"; readonly staged: StagedImport; readonly job: Job }
  | { readonly kind: "finished"; readonly staged: StagedImport; readonly job: Job };

/**
 * Import in four steps: choose what and which file (uploaded with a progress bar); map the file's
 * columns to the ledger's fields (the server suggests a mapping, the first rows show beside it); a
 * dry run lists every row error (line, field, reason) and writes nothing; the import writes all rows
 * or none. Running jobs show their progress and can be cancelled.
 */
export class FangtuImportDialog extends LocalizedElement {
  static override properties = {
    ...LocalizedElement.properties,
    step: { state: true },
    target: { state: true },
    mapping: { state: true },
    gcj02: { state: true },
  };
  static override styles = [
    sharedStyles,
    css`
      dialog {
        width: min(760px, 92vw);
        max-height: 86vh;
        overflow: auto;
        border: 1px solid #b9c2cc;
        border-radius: 6px;
        padding: 14px 18px;
      }
      dialog::backdrop {
        background: rgba(20, 30, 40, 0.35);
      }
      h2 {
        margin-top: 0;
      }
      label.field {
        display: grid;
        grid-template-columns: 100px 1fr;
        gap: 6px;
        align-items: center;
        margin: 6px 0;
      }
      .row {
        display: flex;
        gap: 6px;
        flex-wrap: wrap;
        align-items: center;
        margin-top: 10px;
      }
      progress {
        width: 100%;
      }
      .errors {
        max-height: 240px;
        overflow: auto;
      }
      .bad {
        color: #b42318;
      }
      .good {
        color: #2f7d32;
      }
      .sample {
        max-height: 140px;
        overflow: auto;
      }
    `,
  ];

  step: Step = { kind: "choose" };
  target: ImportTarget = "buildings";
  mapping: Record<string, string> = {};
  gcj02 = false;
  #polling: AbortController | undefined;

  /** Opens the dialog at its first step. */
  open(): void {
    this.step = { kind: "choose" };
    void this.updateComplete.then(() => this.renderRoot.querySelector("dialog")?.showModal());
  }

  close(): void {
    this.#polling?.abort();
    this.renderRoot.querySelector("dialog")?.close();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#polling?.abort();
  }

  get #options(): ImportOptions {
    return this.gcj02 ? { sourceCrs: "GCJ02" } : {};
  }

  async #upload(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const file = (event.target as HTMLFormElement).querySelector<HTMLInputElement>("input[type=file]")
      ?.files?.[0];
    if (!file) return;
    this.step = { kind: "choose", uploading: 0 };
    try {
      const staged = await api.stageImport(file, this.target, (fraction) => {
        this.step = { kind: "choose", uploading: fraction };
      });
      this.mapping = { ...staged.suggestedMapping };
      this.step = { kind: "map", staged };
    } catch (error) {
      this.step = { kind: "choose" };
      this.reportError(error);
    }
  }

  async #start(staged: StagedImport, commit: boolean): Promise<void> {
    try {
      const mapping = Object.fromEntries(Object.entries(this.mapping).filter(([, column]) => column));
      const { jobId } = commit
        ? await api.commitImport(staged.id, mapping, this.#options)
        : await api.dryRunImport(staged.id, mapping, this.#options);
      this.step = { kind: "job", staged, commit, job: undefined };
      const job = await this.#follow(jobId);
      if (!job) return;
      if (commit && job.state === "done") {
        this.step = { kind: "finished", staged, job };
        this.emit("inventory-imported", job);
      } else this.step = commit ? { kind: "finished", staged, job } : { kind: "checked", staged, job };
    } catch (error) {
      this.step = { kind: "map", staged };
      this.reportError(error);
    }
  }

  /** Polls the job until it ends; undefined when the dialog stopped following it. */
  async #follow(jobId: string): Promise<Job | undefined> {
    this.#polling?.abort();
    const controller = new AbortController();
    this.#polling = controller;
    for (;;) {
      const job = await api.job(jobId, controller.signal);
      if (controller.signal.aborted) return undefined;
      const step = this.step;
      if (step.kind === "job") this.step = { ...step, job };
      if (job.state !== "running") return job;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  async #cancel(job: Job | undefined): Promise<void> {
    if (!job) return;
    try {
      await api.cancelJob(job.id);
    } catch (error) {
      this.reportError(error);
    }
  }

  #renderChoose(uploading: number | undefined) {
    return html`<form @submit=${this.#upload}>
      <label class="field">${this.t("importTargetLabel")}
        <select name="target" @change=${(event: Event) => (this.target = (event.target as HTMLSelectElement).value as ImportTarget)}>
          ${TARGETS.map((target) => html`<option value=${target} ?selected=${target === this.target}>${this.t(`importTarget_${target}` as MessageKey)}</option>`)}
        </select>
      </label>
      <label class="field">${this.t("importFile")}
        <input type="file" name="file" required accept=".geojson,.json,.zip,.gpkg,.csv,.xlsx" />
      </label>
      <p class="muted">${this.t("importFormats")}</p>
      ${
        uploading === undefined
          ? nothing
          : html`<progress max="1" .value=${uploading} aria-label=${this.t("importUploading")}></progress>
              <span class="muted">${this.t("importUploading")}</span>`
      }
      <div class="row">
        <button type="submit" class="tool primary upload" ?disabled=${uploading !== undefined}>${this.t("importUpload")}</button>
        <button type="button" class="tool" @click=${() => this.close()}>${this.t("close")}</button>
      </div>
    </form>`;
  }

  #renderMapping(staged: StagedImport, busy: boolean) {
    const columns = staged.columns;
    return html`<p>${this.t("importRows", { count: this.count(staged.rowCount), format: staged.format })}</p>
      <h3>${this.t("importMapping")}</h3>
      <table class="compact mapping">
        <thead><tr><th>${this.t("importTargetField")}</th><th>${this.t("importSourceColumn")}</th></tr></thead>
        <tbody>
          ${staged.targetFields.map(
            (field) => html`<tr>
              <td>${this.locale === "zh-CN" && field.label_zh ? field.label_zh : field.name}
                ${field.required ? html`<span class="bad">*${this.t("importRequired")}</span>` : nothing}</td>
              <td>
                <select data-field=${field.name} ?disabled=${busy} aria-label=${field.label_zh ?? field.name}
                  @change=${(event: Event) => {
                    this.mapping = {
                      ...this.mapping,
                      [field.name]: (event.target as HTMLSelectElement).value,
                    };
                  }}>
                  <option value="" ?selected=${!this.mapping[field.name]}>${this.t("importNotMapped")}</option>
                  ${columns.map((column) => html`<option value=${column} ?selected=${this.mapping[field.name] === column}>${column}</option>`)}
                </select>
              </td>
            </tr>`,
          )}
        </tbody>
      </table>
      ${
        staged.target === "buildings" || staged.target === "non_office_assets"
          ? html`<label class="row"><input type="checkbox" .checked=${this.gcj02} ?disabled=${busy}
              @change=${(event: Event) => (this.gcj02 = (event.target as HTMLInputElement).checked)} />${this.t("importGcj")}</label>`
          : nothing
      }
      <h3>${this.t("importSample")}</h3>
      <div class="sample">
        <table class="compact">
          <thead><tr>${columns.map((column) => html`<th>${column}</th>`)}</tr></thead>
          <tbody>${staged.sample.map((row) => html`<tr>${columns.map((column) => html`<td>${String(row[column] ?? "")}</td>`)}</tr>`)}</tbody>
        </table>
      </div>`;
  }

  #renderJob(job: Job | undefined) {
    const total = job?.total ?? 0;
    return html`<progress max=${Math.max(total, 1)} .value=${job?.processed ?? 0} aria-label=${this.t("loading")}></progress>
      <div class="row">
        <span class="muted">${job ? this.t("importProgress", { processed: this.count(job.processed), total: this.count(total) }) : this.t("loading")}</span>
        <button type="button" class="tool cancel-job" @click=${() => this.#cancel(job)}>${this.t("importCancelJob")}</button>
      </div>`;
  }

  #renderErrors(errors: readonly RowError[]) {
    if (errors.length === 0) return nothing;
    return html`<h3>${this.t("importErrorsHeading")}</h3>
      <div class="errors">
        <table class="compact row-errors">
          <thead><tr><th>${this.t("importLine")}</th><th>${this.t("importField")}</th><th>${this.t("importReason")}</th></tr></thead>
          <tbody>${errors.map((error) => html`<tr><td>${error.line}</td><td>${error.field}</td><td>${error.reason}</td></tr>`)}</tbody>
        </table>
      </div>`;
  }

  #jobMessage(job: Job): string {
    if (job.state === "cancelled") return this.t("importCancelled");
    if (job.state === "failed") {
      const message = typeof job.error === "string" ? job.error : (job.error?.message ?? "");
      return this.t("importFailed", { message });
    }
    return this.t("importDone", {
      count: this.count(Number(job.result?.inserted ?? job.result?.valid ?? job.processed)),
    });
  }

  #renderBody() {
    const step = this.step;
    switch (step.kind) {
      case "choose":
        return this.#renderChoose(step.uploading);
      case "map":
        return html`${this.#renderMapping(step.staged, false)}
          <div class="row">
            <button type="button" class="tool dry-run" @click=${() => this.#start(step.staged, false)}>${this.t("importDryRun")}</button>
            <button type="button" class="tool" @click=${() => (this.step = { kind: "choose" })}>${this.t("importStartOver")}</button>
          </div>`;
      case "job":
        return html`${this.#renderMapping(step.staged, true)} ${this.#renderJob(step.job)}`;
      case "checked": {
        const result = step.job.result ?? {};
        const invalid = Number(result.invalid ?? 0);
        const ok = step.job.state === "done" && invalid === 0;
        return html`${this.#renderMapping(step.staged, false)}
          <p class=${ok ? "good" : "bad"} role="status">
            ${step.job.state === "done" ? this.t("importValid", { valid: this.count(Number(result.valid ?? 0)), invalid: this.count(invalid) }) : this.#jobMessage(step.job)}
          </p>
          ${this.#renderErrors(result.errors ?? [])}
          <div class="row">
            <button type="button" class="tool dry-run" @click=${() => this.#start(step.staged, false)}>${this.t("importDryRun")}</button>
            <button type="button" class="tool primary commit" ?disabled=${!ok} @click=${() => this.#start(step.staged, true)}>${this.t("importCommit")}</button>
            <button type="button" class="tool" @click=${() => (this.step = { kind: "choose" })}>${this.t("importStartOver")}</button>
          </div>`;
      }
      case "finished": {
        const errors =
          step.job.result?.errors ?? (step.job.error as { details?: RowError[] } | undefined)?.details ?? [];
        return html`<p class=${step.job.state === "done" ? "good" : "bad"} role="status">${this.#jobMessage(step.job)}</p>
          ${this.#renderErrors(Array.isArray(errors) ? errors : [])}
          <div class="row">
            <button type="button" class="tool" @click=${() => (this.step = { kind: "choose" })}>${this.t("importStartOver")}</button>
            <button type="button" class="tool" @click=${() => this.close()}>${this.t("close")}</button>
          </div>`;
      }
      default: {
        const unreachable: never = step;
        return unreachable;
      }
    }
  }

  override render() {
    return html`<dialog aria-labelledby="import-title" @close=${() => this.#polling?.abort()}>
      <h2 id="import-title">${this.t("importTitle")}</h2>
      ${this.#renderBody()}
    </dialog>`;
  }
}

customElements.define("fangtu-import-dialog", FangtuImportDialog);
