import { css, html, LitElement, nothing } from "lit";
import { ApiRequestError, api, type CurrentUser } from "../api/fangtu-api.js";
import { type Locale, type MessageKey, translate } from "../i18n/messages.js";

/** Fired with the signed-in user. */
export type SignedInEvent = CustomEvent<CurrentUser>;

/** The sign-in card. */
export class FangtuLogin extends LitElement {
  static override styles = css`
    :host {
      display: flex;
      align-items: center;
      justify-content: center;
      height: 100%;
      background: #eef1f4;
    }
    form {
      width: 340px;
      padding: 24px;
      background: #fff;
      border: 1px solid #d8dde3;
      border-radius: 6px;
      box-shadow: 0 2px 8px rgba(0, 0, 0, 0.06);
    }
    h2 {
      margin: 0 0 16px;
      font-size: 18px;
    }
    label {
      display: block;
      margin: 10px 0 4px;
      font-size: 14px;
      color: #4a5561;
    }
    input {
      width: 100%;
      box-sizing: border-box;
      padding: 8px 10px;
      font-size: 14px;
      border: 1px solid #b9c2cc;
      border-radius: 4px;
    }
    button {
      margin-top: 16px;
      width: 100%;
      padding: 9px;
      font-size: 15px;
      color: #fff;
      background: #8b1e1e;
      border: none;
      border-radius: 4px;
      cursor: pointer;
    }
    button[disabled] {
      opacity: 0.6;
    }
    .error {
      color: #b42318;
      font-size: 13px;
      margin-top: 10px;
    }
    .hint {
      margin-top: 14px;
      padding: 8px;
      font-size: 12px;
      background: #fff7e6;
      border: 1px solid #f0d9a8;
      border-radius: 4px;
    }
  `;
  static override properties = {
    locale: { type: String },
    demo: { type: Boolean },
    error: { state: true },
    busy: { state: true },
  };

  locale: Locale = "zh-CN";
  demo = false;
  error: string | undefined;
  busy = false;

  t(key: MessageKey): string {
    return translate(this.locale, key);
  }

  async #submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    this.busy = true;
    this.error = undefined;
    try {
      const user = await api.login(String(form.get("username") ?? ""), String(form.get("password") ?? ""));
      this.dispatchEvent(new CustomEvent("signed-in", { detail: user, bubbles: true, composed: true }));
    } catch (error) {
      this.error = this.#explain(error);
    } finally {
      this.busy = false;
    }
  }

  /** Clients switch on the error code, never on the server's (English) message. */
  #explain(error: unknown): string {
    if (!(error instanceof ApiRequestError)) return String(error);
    switch (error.code) {
      case "unauthorized":
        return this.t("wrongCredentials");
      case "account_locked":
        return this.t("accountLocked");
      case "too_many_requests":
        return this.t("tooManyAttempts");
      default:
        return error.message;
    }
  }

  override render() {
    return html`<form @submit=${this.#submit}>
      <h2>${this.t("signIn")}</h2>
      <label for="username">${this.t("username")}</label>
      <input id="username" name="username" autocomplete="username" required />
      <label for="password">${this.t("password")}</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required />
      <button type="submit" ?disabled=${this.busy}>${this.busy ? this.t("loading") : this.t("signIn")}</button>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${this.demo ? html`<p class="hint">${this.t("demoAccountsHint")}</p>` : nothing}
    </form>`;
  }
}

customElements.define("fangtu-login", FangtuLogin);
