import { css } from "lit";

/** Layout of the maintenance tab: filters, list and the detail or filing form beside it. */
export const maintenanceStyles = css`
  :host {
    padding: 10px 14px 20px;
  }
  .intro {
    margin: 0 0 8px;
    color: #4a5561;
    max-width: 70em;
  }
  .filters {
    display: flex;
    flex-wrap: wrap;
    gap: 8px 14px;
    align-items: center;
    margin-bottom: 8px;
  }
  .filters label {
    display: inline-flex;
    align-items: center;
    gap: 4px;
  }
  /* Field entry on a tablet: touch targets of at least 44 px. */
  select,
  input,
  textarea {
    font: inherit;
    min-height: 36px;
    box-sizing: border-box;
  }
  form select,
  form input:not([type="checkbox"]):not([type="radio"]) {
    min-height: 44px;
  }
  input[type="checkbox"],
  input[type="radio"] {
    width: 20px;
    height: 20px;
  }
  .layout {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: 14px;
    align-items: start;
  }
  .layout.with-side {
    grid-template-columns: minmax(0, 1fr) minmax(340px, 440px);
  }
  @media (max-width: 900px) {
    .layout.with-side {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  tbody tr {
    cursor: pointer;
  }
  tbody tr:hover {
    background: #f3f6f9;
  }
  tbody tr[aria-selected="true"] {
    background: #e3edf7;
  }
  .badge {
    display: inline-block;
    padding: 0 6px;
    border-radius: 9px;
    font-size: 11px;
    line-height: 18px;
    background: #e4e8ec;
    color: #1f2933;
    white-space: nowrap;
  }
  .badge.violation {
    background: #b42318;
    color: #fff;
  }
  .badge.overdue {
    background: #f5c46b;
  }
  .badge.status-completed {
    background: #cfe3f7;
  }
  .badge.status-accepted,
  .badge.status-done {
    background: #d3ecd8;
  }
  .badge.status-rejected {
    background: #f4d4d0;
  }
  .side {
    border: 1px solid #d5dbe1;
    border-radius: 6px;
    padding: 10px 12px;
    background: #fbfcfd;
  }
  .side h2 {
    margin-top: 0;
    display: flex;
    justify-content: space-between;
    align-items: center;
    gap: 8px;
    color: #1f2933;
  }
  dl.facts dd {
    text-align: left;
    white-space: pre-wrap;
  }
  table.repairs th {
    white-space: nowrap;
  }
  label.attach {
    display: grid;
    gap: 4px;
    margin-top: 6px;
  }
  .actions {
    display: flex;
    flex-direction: column;
    gap: 8px;
  }
  .action {
    border: 1px solid #d5dbe1;
    border-radius: 4px;
    padding: 8px;
    background: #fff;
  }
  .action.blocked {
    background: #fff4f2;
    border-color: #e9b5ad;
  }
  .action form,
  form.filing {
    display: grid;
    gap: 6px;
  }
  .action label,
  form.filing label {
    display: grid;
    gap: 2px;
  }
  button.primary,
  button.tool {
    min-height: 44px;
  }
  button.primary {
    border: 1px solid #1d3c5a;
    background: #1d3c5a;
    color: #fff;
    border-radius: 4px;
    padding: 6px 14px;
  }
  button.primary:disabled,
  button.tool:disabled {
    opacity: 0.5;
    cursor: not-allowed;
  }
  details.action summary {
    cursor: pointer;
    min-height: 32px;
    color: #8a1c12;
  }
  .blocked-reason {
    color: #8a1c12;
    font-size: 12px;
    margin: 4px 0 0;
  }
  ol.history {
    list-style: none;
    padding: 0;
    margin: 0;
    border-left: 2px solid #b9c2cc;
  }
  ol.history li {
    padding: 2px 0 8px 10px;
    position: relative;
  }
  ol.history li::before {
    content: "";
    position: absolute;
    left: -6px;
    top: 6px;
    width: 10px;
    height: 10px;
    border-radius: 50%;
    background: #2f6fab;
  }
  .kinds {
    display: grid;
    gap: 4px;
  }
  .kinds label {
    display: flex !important;
    gap: 6px;
    align-items: flex-start;
    min-height: 44px;
  }
  .rooms {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 10px;
    max-height: 160px;
    overflow: auto;
    border: 1px solid #e4e8ec;
    padding: 6px;
  }
  .rooms label {
    display: inline-flex !important;
    align-items: center;
    gap: 4px;
    min-height: 44px;
  }
  .thumbs {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
  }
  .thumbs img {
    width: 96px;
    height: 72px;
    object-fit: cover;
    border: 1px solid #d5dbe1;
  }
  @media print {
    .filters,
    .actions,
    button {
      display: none !important;
    }
    .layout.with-side {
      grid-template-columns: 1fr;
    }
  }
`;
