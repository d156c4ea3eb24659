import { css, html, nothing } from "lit";
import {
  type DisclosureChoices,
  type DisclosureHistory,
  type DisclosurePreview,
  type DisclosureRecord,
  reportsApi,
} from "../../api/sv-reports.js";
import { sharedStyles } from "../shared-styles.js";
import { SupervisionTabElement } from "./supervision-tab.js";
import { svReportStyles } from "./sv-report-styles.js";

const ADMINISTRATION = ["system_admin", "planner", "inspector", "approver"];

/**
 * 信息公开 (issue 10): the administration of a level chooses what its public page shows (its own rules
 * text, totals frozen at publication, conversions done, idle sites on offer), previews exactly that
 * page, and publishes it after a confirmation, or withdraws it; the history of publications stays.
 * Publishing needs the preview's hash, so what was previewed is what goes out.
 */
export class FangtuSvDisclosure extends SupervisionTabElement {
  static override properties = {
    ...SupervisionTabElement.properties,
    history: { state: true },
    choices: { state: true },
    preview: { state: true },
    previewedFor: { state: true },
    busy: { state: true },
    notice: { state: true },
  };
  static override styles = [
    sharedStyles,
    svReportStyles,
    css`
      form {
        display: grid;
        gap: 10px;
        max-width: 760px;
      }
      form label {
        display: grid;
        gap: 4px;
      }
      form label.check {
        display: flex;
        min-height: 44px;
        align-items: center;
      }
      form label.check input {
        width: 22px;
        height: 22px;
      }
      textarea {
        min-height: 120px;
        resize: vertical;
      }
      iframe {
        width: 100%;
        height: 520px;
        border: 1px solid #b9c2cc;
        border-radius: 4px;
        background: #fff;
      }
      .current {
        padding: 8px 10px;
        background: #f3f8f3;
        border: 1px solid #cfe3cf;
        border-radius: 4px;
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 8px 12px;
      }
    `,
  ];

  history: DisclosureHistory | undefined;
  choices: DisclosureChoices | undefined;
  preview: DisclosurePreview | undefined;
  /** The choices the preview was made for, as JSON: publishing needs them unchanged. */
  previewedFor = "";
  busy: "" | "preview" | "publish" | "withdraw" = "";
  notice = "";
  #loadedRegion = "";

  get #regionCode(): string | undefined {
    return this.params.get("region") ?? this.user?.region_code ?? this.region;
  }

  get #canPublish(): boolean {
    if (this.hasRole("system_admin")) return true;
    return this.hasRole("planner", "approver") && this.user?.region_code === this.#regionCode;
  }

  override updated(): void {
    if (!this.user || !this.hasRole(...ADMINISTRATION)) return;
    const region = this.#regionCode;
    if (region && region !== this.#loadedRegion) {
      this.#loadedRegion = region;
      void this.#load(region);
    }
  }

  async #load(region: string): Promise<void> {
    try {
      const history = await reportsApi.disclosures(region);
      this.history = history;
      const latest = history.items[0];
      this.choices = {
        region,
        title: latest?.title ?? this.t("svdTitleDefault", { region: history.region.name }),
        rules: latest?.rules ?? "",
        includeTotals: latest?.includeTotals ?? true,
        includeConversions: latest?.includeConversions ?? true,
        includeOffers: latest?.includeOffers ?? true,
      };
      this.preview = undefined;
    } catch (error) {
      this.reportError(error);
    }
  }

  #change(patch: Partial<DisclosureChoices>): void {
    if (this.choices) this.choices = { ...this.choices, ...patch };
  }

  async #preview(): Promise<void> {
    if (!this.choices) return;
    this.busy = "preview";
    this.notice = "";
    try {
      this.preview = await reportsApi.previewDisclosure(this.choices);
      this.previewedFor = JSON.stringify(this.choices);
    } catch (error) {
      this.reportError(error);
    } finally {
      this.busy = "";
    }
  }

  async #publish(): Promise<void> {
    const choices = this.choices;
    const preview = this.preview;
    if (!choices || !preview || JSON.stringify(choices) !== this.previewedFor) return;
    if (!confirm(this.t("svdPublishConfirm"))) return;
    this.busy = "publish";
    try {
      await reportsApi.publishDisclosure(choices, preview.contentSha256);
      this.notice = this.t("svdPublished");
      this.history = await reportsApi.disclosures(choices.region);
      this.preview = undefined;
    } catch (error) {
      this.reportError(error);
    } finally {
      this.busy = "";
    }
  }

  async #withdraw(record: DisclosureRecord): Promise<void> {
    if (!confirm(this.t("svdWithdrawConfirm", { title: record.title }))) return;
    const reason = prompt(this.t("svdWithdrawReason")) ?? "";
    this.busy = "withdraw";
    try {
      await reportsApi.withdrawDisclosure(record.id, record.version, reason);
      this.notice = this.t("svdWithdrawn");
      if (this.history) this.history = await reportsApi.disclosures(this.history.region.code);
    } catch (error) {
      this.reportError(error);
    } finally {
      this.busy = "";
    }
  }

  #sections(record: DisclosureRecord): string {
    return [
      record.rules ? this.t("svdRules").split("（")[0] : "",
      record.includeTotals ? this.t("svdTotals").split("（")[0] : "",
      record.includeConversions ? this.t("svdConversions") : "",
      record.includeOffers ? this.t("svdOffers") : "",
    ]
      .filter((part) => part)
      .join("、");
  }

  #renderForm(choices: DisclosureChoices) {
    const stale = this.preview !== undefined && JSON.stringify(choices) !== this.previewedFor;
    return html`<form @submit=${(event: Event) => event.preventDefault()}>
      <label>${this.t("svdTitle")}
        <input type="text" name="title" maxlength="200" .value=${choices.title}
          @input=${(event: Event) => this.#change({ title: (event.target as HTMLInputElement).value })} />
      </label>
      <label>${this.t("svdRules")}
        <textarea name="rules" maxlength="20000" .value=${choices.rules}
          @input=${(event: Event) => this.#change({ rules: (event.target as HTMLTextAreaElement).value })}></textarea>
      </label>
      <label class="check"><input type="checkbox" name="totals" .checked=${choices.includeTotals}
        @change=${(event: Event) => this.#change({ includeTotals: (event.target as HTMLInputElement).checked })} />
        ${this.t("svdTotals")}</label>
      <label class="check"><input type="checkbox" name="conversions" .checked=${choices.includeConversions}
        @change=${(event: Event) => this.#change({ includeConversions: (event.target as HTMLInputElement).checked })} />
        ${this.t("svdConversions")}</label>
      <label class="check"><input type="checkbox" name="offers" .checked=${choices.includeOffers}
        @change=${(event: Event) => this.#change({ includeOffers: (event.target as HTMLInputElement).checked })} />
        ${this.t("svdOffers")}</label>
      <div class="actions">
        <button type="button" class="tool preview" ?disabled=${this.busy !== "" || !choices.title.trim()}
          @click=${() => this.#preview()}>${this.busy === "preview" ? this.t("svdPreviewing") : this.t("svdPreview")}</button>
        ${
          this.#canPublish
            ? html`<button type="button" class="tool primary publish"
              ?disabled=${this.busy !== "" || !this.preview || stale} @click=${() => this.#publish()}>
              ${this.t("svdPublish")}</button>`
            : html`<span class="muted">${this.t("svdReadOnly")}</span>`
        }
      </div>
      ${stale ? html`<p class="pending" role="status">${this.t("svdPreviewStale")}</p>` : nothing}
    </form>`;
  }

  #renderHistory(history: DisclosureHistory) {
    if (history.items.length === 0) return html`<p class="empty">${this.t("svdNoHistory")}</p>`;
    return html`<div class="table-wrap"><table class="history">
      <thead><tr><th scope="col">${this.t("svdWhen")}</th><th scope="col">${this.t("svdTitle")}</th>
        <th scope="col">${this.t("svdSections")}</th><th scope="col">${this.t("svrStatus")}</th>
        <th scope="col">${this.t("svdBy")}</th><th scope="col"></th></tr></thead>
      <tbody>
        ${history.items.map(
          (record) => html`<tr data-status=${record.status}>
            <td>${new Date(record.publishedAt).toLocaleString(this.locale)}</td>
            <td>${record.title}</td>
            <td>${this.#sections(record)}</td>
            <td>${this.t(`svdStatus_${record.status}`)}${
              record.withdrawnAt
                ? html`<br /><span class="muted">${new Date(record.withdrawnAt).toLocaleString(this.locale)}
                  ${record.withdrawnBy ?? ""} ${record.withdrawReason ?? ""}</span>`
                : nothing
            }</td>
            <td>${record.publishedBy}</td>
            <td>${
              record.status === "published" && this.#canPublish
                ? html`<button type="button" class="tool danger withdraw" ?disabled=${this.busy !== ""}
                  @click=${() => this.#withdraw(record)}>${this.t("svdWithdraw")}</button>`
                : nothing
            }</td>
          </tr>`,
        )}
      </tbody>
    </table></div>`;
  }

  override render() {
    if (this.user && !this.hasRole(...ADMINISTRATION))
      return html`<p class="empty">${this.t("svdNoAccess")}</p>`;
    const history = this.history;
    const choices = this.choices;
    if (!history || !choices)
      return html`<div class="progress" role="progressbar" aria-label=${this.t("loading")}></div>`;
    const current = history.items.find((item) => item.id === history.current);
    return html`<h3>${this.t("svdHeading")} · ${history.region.name}</h3>
      <p class="muted">${this.t("svdHint")}</p>
      <div class="current">
        ${
          current
            ? html`${this.t("svdCurrent")}<strong>${current.title}</strong>
              <a class="tool" href=${history.publicUrl} target="_blank" rel="noopener">${this.t("svdOpenPublic")}</a>`
            : html`<span>${this.t("svdNone")}</span>`
        }
      </div>
      <p class="notice" role="status">${this.notice}</p>
      ${this.#renderForm(choices)}
      ${
        this.preview
          ? html`<h3>${this.t("svdPreviewTitle")}</h3>
            <iframe title=${this.t("svdPreviewTitle")} sandbox="" .srcdoc=${this.preview.html}></iframe>`
          : nothing
      }
      <section>
        <h3>${this.t("svdHistory")}</h3>
        ${this.#renderHistory(history)}
      </section>`;
  }
}

customElements.define("fangtu-sv-disclosure", FangtuSvDisclosure);
