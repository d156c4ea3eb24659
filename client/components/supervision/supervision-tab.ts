import type { CurrentUser } from "../../api/fangtu-api.js";
import type { SupervisionTab } from "../../state/view-state.js";
import { LocalizedElement } from "../localized-element.js";
import type { SupervisionNavigation } from "./fangtu-supervision.js";

/**
 * A tab of the supervision workspace: it gets who is signed in, the region in focus and its own state
 * as a query string kept in the page's link, and moves the user with {@link navigate}. Filters a user
 * sets go into the link with {@link setQuery}, so a copied link (or a dashboard number) opens the same list.
 */
export class SupervisionTabElement extends LocalizedElement {
  static override properties = {
    ...LocalizedElement.properties,
    user: { attribute: false },
    region: { attribute: false },
    query: { attribute: false },
  };

  user: CurrentUser | null | undefined;
  /** The region in focus (six-digit code). */
  region: string | undefined;
  /** This tab's state, e.g. `status=open&unit=12`. */
  query = "";

  /** The tab's state as parameters. */
  get params(): URLSearchParams {
    return new URLSearchParams(this.query);
  }

  hasRole(...roles: string[]): boolean {
    return this.user?.roles.some((role) => roles.includes(role)) ?? false;
  }

  /** Opens a tab (this one or another) with the given state. */
  navigate(tab: SupervisionTab, query: Record<string, string | number | undefined> | string = ""): void {
    this.emit<SupervisionNavigation>("supervision-navigate", { tab, query: queryString(query) });
  }

  /** Changes this tab's state in the link (undefined or "" removes a parameter). */
  setQuery(tab: SupervisionTab, patch: Record<string, string | number | undefined>): void {
    const params = this.params;
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined || value === "") params.delete(key);
      else params.set(key, String(value));
    }
    this.navigate(tab, params.toString());
  }
}

export function queryString(query: Record<string, string | number | undefined> | string): string {
  if (typeof query === "string") return query;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== "") params.set(key, String(value));
  return params.toString();
}
