import { css, html, nothing } from "lit";
import { api, type SearchHit } from "../api/fangtu-api.js";
import { LocalizedElement } from "./localized-element.js";
import { sharedStyles } from "./shared-styles.js";

type SearchState =
  | { status: "idle" }
  | { status: "searching" }
  | { status: "done"; hits: SearchHit[] }
  | { status: "failed"; message: string };

/**
 * Global search as a combobox: type to search units, buildings, addresses and certificate numbers;
 * arrow keys move through the hits, Enter opens one, Escape closes the list. Fires `search-pick`.
 */
export class FangtuSearch extends LocalizedElement {
  static override properties = {
    ...LocalizedElement.properties,
    placeholder: { type: String },
    state: { state: true },
    active: { state: true },
    open: { state: true },
  };
  static override styles = [
    sharedStyles,
    css`
      :host {
        position: relative;
        display: block;
        width: 360px;
        max-width: 40vw;
      }
      input {
        width: 100%;
        box-sizing: border-box;
        padding: 6px 10px;
        font: inherit;
        border: 1px solid #b9c2cc;
        border-radius: 4px;
      }
      ul {
        position: absolute;
        z-index: 20;
        top: calc(100% + 2px);
        left: 0;
        right: 0;
        margin: 0;
        padding: 4px 0;
        list-style: none;
        background: #fff;
        border: 1px solid #b9c2cc;
        border-radius: 4px;
        box-shadow: 0 6px 18px rgba(0, 0, 0, 0.15);
        max-height: 60vh;
        overflow-y: auto;
      }
      li {
        padding: 5px 10px;
        cursor: pointer;
      }
      li[aria-selected="true"],
      li:hover {
        background: #eef3f8;
      }
      .kind {
        display: inline-block;
        min-width: 32px;
        font-size: 11px;
        color: #fff;
        background: #2f6fab;
        border-radius: 3px;
        padding: 0 4px;
        margin-right: 6px;
        text-align: center;
      }
      .kind.building {
        background: #5b6b7a;
      }
      .status {
        padding: 6px 10px;
      }
    `,
  ];

  /** What the box asks for (the header's global search when unset). */
  placeholder: string | undefined;
  state: SearchState = { status: "idle" };
  active = -1;
  open = false;
  #request: AbortController | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  #onInput(event: InputEvent): void {
    const text = (event.target as HTMLInputElement).value.trim();
    clearTimeout(this.#timer);
    this.#request?.abort();
    this.active = -1;
    this.open = text.length > 0;
    if (!text) {
      this.state = { status: "idle" };
      return;
    }
    this.#timer = setTimeout(() => {
      const controller = new AbortController();
      this.#request = controller;
      this.state = { status: "searching" };
      api
        .search(text, controller.signal)
        .then((hits) => {
          this.state = { status: "done", hits };
          this.active = hits.length > 0 ? 0 : -1;
        })
        .catch((error: unknown) => {
          if (!controller.signal.aborted)
            this.state = {
              status: "failed",
              message: error instanceof Error ? error.message : String(error),
            };
        });
    }, 200);
  }

  #onKeyDown(event: KeyboardEvent): void {
    const hits = this.state.status === "done" ? this.state.hits : [];
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        this.open = true;
        if (hits.length) this.active = (this.active + 1) % hits.length;
        break;
      case "ArrowUp":
        event.preventDefault();
        if (hits.length) this.active = (this.active - 1 + hits.length) % hits.length;
        break;
      case "Enter": {
        const hit = hits[this.active];
        if (hit) this.#pick(hit);
        break;
      }
      case "Escape":
        this.open = false;
        break;
      default:
    }
  }

  #pick(hit: SearchHit): void {
    this.open = false;
    this.emit("search-pick", hit);
  }

  #renderList() {
    if (!this.open) return nothing;
    const state = this.state;
    switch (state.status) {
      case "idle":
        return nothing;
      case "searching":
        return html`<ul><li class="status muted" role="status">${this.t("searching")}</li></ul>`;
      case "failed":
        return html`<ul><li class="status" role="alert">${state.message}</li></ul>`;
      case "done":
        if (state.hits.length === 0)
          return html`<ul><li class="status muted">${this.t("noResults")}</li></ul>`;
        return html`<ul id="search-results" role="listbox" aria-label=${this.t("searchPlaceholder")}>
          ${state.hits.map(
            (hit, index) => html`<li
              id="hit-${index}"
              role="option"
              aria-selected=${index === this.active ? "true" : "false"}
              @mousedown=${(event: Event) => event.preventDefault()}
              @click=${() => this.#pick(hit)}
            >
              <span class="kind ${hit.type}">${this.t(hit.type)}</span>${hit.name}
              <span class="muted">${hit.region_name}</span>
            </li>`,
          )}
        </ul>`;
      default: {
        const unreachable: never = state;
        return unreachable;
      }
    }
  }

  override render() {
    return html`<input
        type="search"
        role="combobox"
        aria-expanded=${this.open ? "true" : "false"}
        aria-controls="search-results"
        aria-activedescendant=${this.active >= 0 ? `hit-${this.active}` : ""}
        aria-label=${this.placeholder ?? this.t("searchPlaceholder")}
        placeholder=${this.placeholder ?? this.t("searchPlaceholder")}
        @input=${this.#onInput}
        @keydown=${this.#onKeyDown}
        @focus=${() => (this.open = this.state.status !== "idle")}
        @blur=${() => (this.open = false)}
      />${this.#renderList()}`;
  }
}

customElements.define("fangtu-search", FangtuSearch);
