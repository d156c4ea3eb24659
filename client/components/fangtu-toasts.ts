import { css, html } from "lit";
import { LocalizedElement } from "./localized-element.js";

interface Toast {
  id: number;
  message: string;
}

/** Error toasts with the server's message; each goes after ten seconds or when dismissed. */
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

  show(message: string): void {
    // The same failure repeated (a tile server down, say) shows once.
    if (this.toasts.some((toast) => toast.message === message)) return;
    const toast = { id: this.#next++, message };
    this.toasts = [...this.toasts.slice(-3), toast];
    setTimeout(() => this.dismiss(toast.id), 10_000);
  }

  dismiss(id: number): void {
    this.toasts = this.toasts.filter((toast) => toast.id !== id);
  }

  override render() {
    return this.toasts.map(
      (toast) => html`<div class="toast" role="alert">
        <div><strong>${this.t("requestFailed")}</strong>${toast.message}</div>
        <button type="button" aria-label=${this.t("dismiss")} @click=${() => this.dismiss(toast.id)}>×</button>
      </div>`,
    );
  }
}

customElements.define("fangtu-toasts", FangtuToasts);
