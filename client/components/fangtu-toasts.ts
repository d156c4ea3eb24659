import { css, html } from "lit";
import { LocalizedElement } from "./localized-element.js";

interface Toast {
  id: number;
  message: string;
  kind: "error" | "info";
}

/** Error toasts with the server's message (ten seconds) and short news (four), or until dismissed. */
export class FangtuToasts extends LocalizedElement {
  static override properties = { ...LocalizedElement.properties, toasts: { state: true } };
  static override styles = css`
    :host {
      position: fixed;
      right: 16px;
      bottom: 16px;
      z-index: 50;
      display: flex;
      flex-direction: column;
      gap: 8px;
      max-width: 420px;
    }
    .toast {
      display: flex;
      gap: 10px;
      align-items: flex-start;
      padding: 10px 12px;
      background: #fff;
      border-left: 4px solid #b42318;
      border-radius: 4px;
      box-shadow: 0 6px 18px rgba(0, 0, 0, 0.18);
      font-size: 13px;
    }
    strong {
      display: block;
      color: #b42318;
    }
    .toast.info {
      border-left-color: #2f7d32;
    }
    .toast.info strong {
      color: #2f7d32;
    }
    button {
      margin-left: auto;
      border: none;
      background: none;
      font-size: 16px;
      cursor: pointer;
    }
  `;

  toasts: Toast[] = [];
  #next = 1;

  /** A failure (the default) or news of a finished action, such as a saved or undone edit. */
  show(message: string, kind: Toast["kind"] = "error"): void {
    // The same failure repeated (a tile server down, say) shows once.
    if (this.toasts.some((toast) => toast.message === message)) return;
    const toast = { id: this.#next++, message, kind };
    this.toasts = [...this.toasts.slice(-3), toast];
    // News goes sooner than failures: it must not cover the inspector while the user works on.
    setTimeout(() => this.dismiss(toast.id), kind === "info" ? 4000 : 10_000);
  }

  dismiss(id: number): void {
    this.toasts = this.toasts.filter((toast) => toast.id !== id);
  }

  override render() {
    return this.toasts.map(
      (toast) => html`<div class="toast ${toast.kind}" role=${toast.kind === "error" ? "alert" : "status"}>
        <div><strong>${this.t(toast.kind === "error" ? "requestFailed" : "done")}</strong>${toast.message}</div>
        <button type="button" aria-label=${this.t("dismiss")} @click=${() => this.dismiss(toast.id)}>×</button>
      </div>`,
    );
  }
}

customElements.define("fangtu-toasts", FangtuToasts);
