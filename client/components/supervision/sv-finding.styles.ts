import { css } from "lit";

/** The finding ledger tab and its detail: chips, alert banner, tags, forms with tablet-sized targets. */
export const svFindingStyles = css`
  :host {
    display: block;
    padding: 8px 12px 16px;
  }
  .row {
    display: flex;
    gap: 8px;
    flex-wrap: wrap;
    align-items: center;
    margin: 6px 0;
  }
  .chips button {
    min-height: 36px;
    padding: 4px 12px;
    border: 1px solid #b9c2cc;
    border-radius: 18px;
    background: #fff;
  }
  .chips button[aria-pressed="true"] {
    background: #1d3c5a;
    border-color: #1d3c5a;
    color: #fff;
  }
  .chips .n {
    font-variant-numeric: tabular-nums;
    margin-left: 4px;
    opacity: 0.8;
  }
  select,
  input,
  textarea {
    font: inherit;
    min-height: 32px;
    box-sizing: border-box;
  }
  label.inline {
    display: inline-flex;
    align-items: center;
    gap: 4px;
  }
  .alert {
    border: 1px solid #f0b429;
    background: #fff8e1;
    border-radius: 4px;
    padding: 8px 12px;
    margin: 4px 0 8px;
    display: flex;
    flex-wrap: wrap;
    gap: 4px 16px;
    align-items: center;
  }
  .alert.overdue {
    border-color: #d64545;
    background: #fdecea;
  }
  .alert strong {
    color: #b42318;
  }
  .alert .quiet {
    color: #4a5561;
  }
  .layout {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: 12px;
  }
  .layout.with-detail {
    grid-template-columns: minmax(0, 3fr) minmax(320px, 2fr);
  }
  @media (max-width: 900px) {
    .layout.with-detail {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  table.ledger tbody tr {
    cursor: pointer;
  }
  table.ledger tbody tr:hover {
    background: #f3f7fb;
  }
  table.ledger tbody tr[aria-selected="true"] {
    background: #e3effa;
  }
  table.ledger td.problem {
    max-width: 360px;
  }
  table.ledger .description {
    color: #4a5561;
    display: -webkit-box;
    -webkit-line-clamp: 2;
    -webkit-box-orient: vertical;
    overflow: hidden;
  }
  .tag {
    display: inline-block;
    padding: 0 6px;
    border-radius: 3px;
    background: #eef3f8;
    font-size: 12px;
    white-space: nowrap;
  }
  .tag.status-open {
    background: #fff4d6;
  }
  .tag.status-rectifying {
    background: #e3effa;
  }
  .tag.status-verified {
    background: #e2f3e4;
    color: #1e5e22;
  }
  .tag.status-closed {
    background: #f1f1f1;
    color: #4a5561;
  }
  .tag.status-referred {
    background: #f3e8fd;
    color: #5b2a86;
  }
  .tag.overdue {
    background: #d64545;
    color: #fff;
  }
  .tag.due-soon {
    background: #f0b429;
    color: #3d2b00;
  }
  .tag.severity-high {
    color: #b42318;
    font-weight: 600;
  }
  .tag.severity-medium {
    color: #8a5a00;
  }
  .notice {
    color: #1e5e22;
  }
  .confirm {
    border: 1px solid #d64545;
    background: #fff5f5;
    padding: 8px 10px;
    border-radius: 4px;
    margin: 8px 0;
  }
  .confirm.calm {
    border-color: #2f6fab;
    background: #f3f7fb;
  }
  button.primary {
    background: #1d3c5a;
    color: #fff;
    border-color: #1d3c5a;
  }
  button.danger {
    border-color: #b42318;
    color: #b42318;
  }
  .big button.tool,
  .big input[type="file"],
  .big select,
  .big input {
    min-height: 44px;
  }
  .big button.tool {
    padding: 6px 16px;
  }
  @media print {
    .no-print,
    .alert button,
    .chips,
    .filters {
      display: none;
    }
    .layout.with-detail {
      grid-template-columns: minmax(0, 1fr);
    }
  }
`;
