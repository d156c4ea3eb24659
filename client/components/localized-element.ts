import { LitElement } from "lit";
import {
  formatArea,
  formatCount,
  formatMoney,
  type Locale,
  type MessageKey,
  translate,
  type VocabularyGroup,
  vocabulary,
} from "../i18n/messages.js";

/** A Lit element that renders in the app's language: `locale` comes from the app shell. */
export class LocalizedElement extends LitElement {
  static override properties = { locale: { type: String } };

  locale: Locale = "zh-CN";

  t(key: MessageKey, values?: Record<string, string | number>): string {
    return translate(this.locale, key, values);
  }

  /** A code from the API in words. */
  v(group: VocabularyGroup, code: string | null | undefined): string {
    return vocabulary(this.locale, group, code);
  }

  /** An area in whole m², or to `digits` decimals where a fraction matters (a share over a limit). */
  area(value: number | null | undefined, digits = 0): string {
    return value === null || value === undefined ? "—" : formatArea(this.locale, value, digits);
  }

  count(value: number): string {
    return formatCount(this.locale, value);
  }

  money(yuan: number): string {
    return formatMoney(this.locale, yuan);
  }

  /** Tells the app shell something went wrong; it shows a toast with the server's message. */
  reportError(error: unknown): void {
    if (error instanceof DOMException && error.name === "AbortError") return;
    const message = error instanceof Error ? error.message : String(error);
    this.dispatchEvent(new CustomEvent("fangtu-error", { detail: message, bubbles: true, composed: true }));
  }

  /** Fires a bubbling, composed event the app shell listens for. */
  emit<T>(name: string, detail: T): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }
}
