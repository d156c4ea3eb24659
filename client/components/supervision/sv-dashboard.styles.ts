import { css } from "lit";

/** The dashboard tab's layout: cards, a chart and a map side by side, tables; print on A4 portrait. */
export const dashboardStyles = css`
  :host {
    display: block;
    padding: 10px 14px 24px;
  }
  .top {
    display: flex;
    align-items: center;
    gap: 8px;
    flex-wrap: wrap;
    margin-bottom: 8px;
  }
  nav.crumbs {
    display: flex;
    align-items: center;
    gap: 4px;
    flex-wrap: wrap;
    font-size: 14px;
  }
  nav.crumbs .sep {
    color: #9aa5b1;
  }
  nav.crumbs [aria-current="page"] {
    font-weight: 600;
  }
  .top .spacer {
    flex: 1;
  }
  button.link {
    min-height: 28px;
  }
  button.number {
    border: none;
    background: none;
    padding: 0;
    color: #2f6fab;
    font: inherit;
    font-variant-numeric: tabular-nums;
    text-decoration: underline dotted;
    text-underline-offset: 3px;
  }
  button.number:hover {
    text-decoration: underline;
  }
  .cards {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(150px, 1fr));
    gap: 8px;
  }
  .card {
    border: 1px solid #d8dde3;
    border-radius: 6px;
    padding: 8px 10px;
    background: #fbfcfd;
    min-height: 58px;
  }
  .card .label {
    color: #4a5561;
    font-size: 12px;
  }
  .card .value {
    font-size: 18px;
    font-weight: 600;
    margin-top: 4px;
  }
  .card .value button.number {
    font-size: 18px;
    font-weight: 600;
  }
  .card .breakdown {
    display: flex;
    flex-wrap: wrap;
    gap: 2px 8px;
    font-size: 11px;
    margin-top: 4px;
  }
  .panels {
    display: grid;
    grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
    gap: 12px;
    margin-top: 12px;
  }
  .panel {
    border: 1px solid #e4e8ec;
    border-radius: 6px;
    padding: 6px 8px;
    min-width: 0;
  }
  .panel h3 {
    margin: 2px 0 6px;
    display: flex;
    align-items: center;
    gap: 8px;
  }
  .panel h3 select {
    font: inherit;
    font-weight: normal;
    min-height: 28px;
  }
  fangtu-sv-dashboard-chart {
    height: 260px;
  }
  .map {
    height: 260px;
    position: relative;
  }
  .legend {
    display: flex;
    align-items: center;
    gap: 6px;
    font-size: 11px;
    color: #4a5561;
    margin-top: 4px;
  }
  .legend .ramp {
    width: 120px;
    height: 10px;
    background: linear-gradient(90deg, #eef3f8, #6f9fcd, #1d3c5a);
    border: 1px solid #b9c2cc;
  }
  .table-wrap {
    overflow-x: auto;
    margin-top: 12px;
  }
  tr.own td {
    background: #f4f6f8;
  }
  td button.link {
    min-height: 0;
  }
  .status {
    color: #276749;
    font-size: 12px;
  }
  .print-only {
    display: none;
  }
  @media (max-width: 900px) {
    .panels {
      grid-template-columns: 1fr;
    }
  }
  @media print {
    :host {
      padding: 0;
    }
    .no-print,
    .maplibregl-ctrl {
      display: none !important;
    }
    .print-only {
      display: block;
    }
    .panels {
      grid-template-columns: 1fr 1fr;
      break-inside: avoid;
    }
    .panel,
    .card,
    tr {
      break-inside: avoid;
    }
    button.number,
    button.link {
      color: inherit;
      text-decoration: none;
    }
    .table-wrap {
      overflow: visible;
    }
    th,
    td {
      font-size: 10px;
      padding: 2px 4px;
    }
  }
`;
