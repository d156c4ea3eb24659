import { css } from "lit";

/** Layout of the 统计报表 and 信息公开 tabs: a toolbar, wide tables that scroll, touch-sized controls. */
export const svReportStyles = css`
  :host {
    display: block;
    padding: 12px 16px 24px;
  }
  .toolbar,
  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px 12px;
    margin-bottom: 10px;
  }
  .spacer {
    flex: 1;
  }
  label {
    display: inline-flex;
    align-items: center;
    gap: 6px;
  }
  select,
  input[type="text"],
  textarea {
    font: inherit;
    min-height: 36px;
    padding: 4px 8px;
    border: 1px solid #b9c2cc;
    border-radius: 4px;
    box-sizing: border-box;
  }
  button.tool {
    min-height: 36px;
  }
  button.tool.primary {
    background: #1d3c5a;
    color: #fff;
    border-color: #1d3c5a;
  }
  button.tool.danger {
    color: #a61b1b;
    border-color: #d9a3a3;
  }
  button.tool:disabled {
    opacity: 0.55;
    cursor: default;
  }
  .table-wrap {
    overflow-x: auto;
    max-width: 100%;
  }
  table {
    border-collapse: collapse;
    font-variant-numeric: tabular-nums;
    min-width: 100%;
  }
  caption {
    text-align: left;
    font-weight: 600;
    font-size: 14px;
    padding: 4px 0 8px;
  }
  caption .muted {
    font-weight: normal;
    margin-left: 8px;
  }
  th,
  td {
    border: 1px solid #c9d1da;
    padding: 4px 6px;
  }
  thead th {
    background: #eef3f8;
    font-weight: 600;
    text-align: center;
    font-size: 12px;
  }
  tbody th {
    text-align: left;
    font-weight: normal;
    white-space: nowrap;
  }
  table.report td {
    text-align: right;
    white-space: nowrap;
  }
  td.code {
    text-align: center;
    color: #6b7682;
  }
  tr.total th,
  tr.total td {
    font-weight: 700;
    background: #f6f8fa;
  }
  .notes {
    margin: 8px 0 0;
    padding-left: 18px;
  }
  section {
    margin-top: 18px;
    border-top: 1px solid #dde3e9;
    padding-top: 6px;
  }
  .ok {
    color: #1e7b3a;
    font-weight: 600;
  }
  .pending {
    color: #9a6700;
  }
  .notice {
    color: #1e7b3a;
    min-height: 1em;
    margin: 4px 0;
  }
  label.note input {
    width: 260px;
  }
  @media print {
    .toolbar,
    .actions,
    section {
      display: none;
    }
  }
`;
