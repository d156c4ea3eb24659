import { css, html, nothing } from "lit";
import type { SearchHit } from "../api/fangtu-api.js";
import type { ScenarioAction, SpaceSelector } from "../api/scenario-types.js";
import type { MessageKey } from "../i18n/messages.js";
import type { PickedBuilding } from "./fangtu-scenario-panel.js";
import { LocalizedElement } from "./localized-element.js";
import { scenarioStyles } from "./scenario.styles.js";
import { sharedStyles } from "./shared-styles.js";
import "./fangtu-search.js";

type FormKind = "move" | "swap" | "vacate";
type Slot = "unit" | "fromBuilding" | "toBuilding" | "unitB" | "buildingB";
interface Pick {
  readonly id: number;
  readonly name: string;
}

/** Which pickers each kind of action asks for, with their labels; `required` ones must be filled. */
const fields: Record<FormKind, ReadonlyArray<{ slot: Slot; label: MessageKey; required: boolean }>> = {
  move: [
    { slot: "unit", label: "scenarioUnit", required: true },
    { slot: "fromBuilding", label: "scenarioFromBuilding", required: false },
    { slot: "toBuilding", label: "scenarioToBuilding", required: true },
  ],
  swap: [
    { slot: "unit", label: "scenarioUnitA", required: true },
    { slot: "fromBuilding", label: "scenarioBuildingA", required: false },
    { slot: "unitB", label: "scenarioUnitB", required: true },
    { slot: "buildingB", label: "scenarioBuildingB", required: false },
  ],
  vacate: [
    { slot: "unit", label: "scenarioUnit", required: true },
    { slot: "fromBuilding", label: "scenarioVacateBuilding", required: false },
  ],
};

const isUnitSlot = (slot: Slot) => slot === "unit" || slot === "unitB";

/** A unit's space: all of it, or what it holds in one building. */
const selector = (unit: Pick, building: Pick | undefined): SpaceSelector =>
  building ? { unitId: unit.id, buildingIds: [building.id] } : { unitId: unit.id };

/**
 * The add-action form of a scenario: move, swap or vacate, with units and buildings picked through the
 * search (or the building selected on the map). Fires `action-add` with the action.
 */
export class FangtuScenarioActionForm extends LocalizedElement {
  static override properties = {
    ...LocalizedElement.properties,
    selectedBuilding: { attribute: false },
    kind: { state: true },
    picks: { state: true },
  };
  static override styles = [
    sharedStyles,
    scenarioStyles,
    css`
      fieldset {
        border: 1px solid #d8dde3;
        border-radius: 4px;
        margin: 6px 0;
        padding: 6px 8px;
        display: grid;
        gap: 6px;
      }
      .field {
        display: grid;
        gap: 2px;
      }
      fangtu-search {
        width: 100%;
        max-width: none;
      }
      .picked {
        display: flex;
        gap: 6px;
        align-items: center;
        padding: 3px 6px;
        background: #eef3f8;
        border-radius: 4px;
      }
      .picked span {
        flex: 1;
      }
    `,
  ];

  selectedBuilding: PickedBuilding | undefined;
  kind: FormKind = "move";
  picks: Partial<Record<Slot, Pick>> = {};

  #pick(slot: Slot, hit: SearchHit): void {
    const wanted = isUnitSlot(slot) ? "unit" : "building";
    if (hit.type !== wanted) {
      this.reportError(this.t("scenarioWrongPick", { kind: this.t(wanted) }));
      return;
    }
    this.picks = { ...this.picks, [slot]: { id: hit.id, name: hit.name } };
  }

  #clear(slot: Slot): void {
    const { [slot]: _removed, ...rest } = this.picks;
    this.picks = rest;
  }

  /** The action the picks describe, or undefined while a required pick is missing. */
  get action(): ScenarioAction | undefined {
    const { unit, fromBuilding, toBuilding, unitB, buildingB } = this.picks;
    if (!unit) return undefined;
    switch (this.kind) {
      case "move":
        return toBuilding
          ? { kind: "move", from: selector(unit, fromBuilding), to: { buildingId: toBuilding.id } }
          : undefined;
      case "swap":
        return unitB
          ? { kind: "swap", a: selector(unit, fromBuilding), b: selector(unitB, buildingB) }
          : undefined;
      case "vacate":
        return { kind: "vacate", space: selector(unit, fromBuilding) };
      default: {
        const unreachable: never = this.kind;
        return unreachable;
      }
    }
  }

  #submit(event: SubmitEvent): void {
    event.preventDefault();
    const action = this.action;
    if (!action) {
      this.reportError(this.t("scenarioIncomplete"));
      return;
    }
    this.emit("action-add", action);
    this.picks = {};
  }

  #renderField(field: (typeof fields)[FormKind][number]) {
    const picked = this.picks[field.slot];
    const selected = this.selectedBuilding;
    return html`<div class="field" data-slot=${field.slot}>
      <span class="muted">${this.t(field.label)}${field.required ? " *" : ""}</span>
      ${
        picked
          ? html`<div class="picked"><span>${picked.name}</span>
              <button type="button" class="link" @click=${() => this.#clear(field.slot)}>${this.t("scenarioClear")}</button></div>`
          : html`<fangtu-search .locale=${this.locale}
              .placeholder=${this.t(isUnitSlot(field.slot) ? "scenarioPickUnit" : "scenarioPickBuilding")}
              @search-pick=${(event: CustomEvent<SearchHit>) => {
                event.stopPropagation();
                this.#pick(field.slot, event.detail);
              }}></fangtu-search>
            ${
              !isUnitSlot(field.slot) && selected
                ? html`<button type="button" class="link use-selection" @click=${() => (this.picks = { ...this.picks, [field.slot]: selected })}>
                    ${this.t("scenarioUseSelection")}：${selected.name}</button>`
                : nothing
            }`
      }
    </div>`;
  }

  override render() {
    return html`<form class="add-action" @submit=${this.#submit}>
      <fieldset>
        <legend>${this.t("scenarioAddAction")}</legend>
        <label class="field">
          <span class="muted">${this.t("scenarioActionKind")}</span>
          <select name="kind" @change=${(event: Event) => {
            this.kind = (event.target as HTMLSelectElement).value as FormKind;
          }}>
            ${(Object.keys(fields) as FormKind[]).map(
              (kind) =>
                html`<option value=${kind} ?selected=${kind === this.kind}>${this.v("scenario_action", kind)}</option>`,
            )}
          </select>
        </label>
        ${fields[this.kind].map((field) => this.#renderField(field))}
        <div class="row">
          <button type="submit" class="tool primary add" ?disabled=${this.action === undefined}>${this.t("scenarioAdd")}</button>
        </div>
      </fieldset>
    </form>`;
  }
}

customElements.define("fangtu-scenario-action-form", FangtuScenarioActionForm);
