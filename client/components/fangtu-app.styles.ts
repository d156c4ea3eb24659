import { css } from "lit";
import { sharedStyles } from "./shared-styles.js";

export const appStyles = [
  sharedStyles,
  css`
    :host {
      display: flex;
      flex-direction: column;
      height: 100%;
    }
    header {
      display: flex;
      align-items: center;
      gap: 14px;
      height: 52px;
      flex: none;
      padding: 0 16px;
      background: #8b1e1e;
      color: #fff;
    }
    header h1 {
      margin: 0;
      font-size: 22px;
      letter-spacing: 2px;
    }
    header .subtitle {
      font-size: 14px;
      opacity: 0.9;
    }
    header .spacer {
      flex: 1;
    }
    header .user {
      font-size: 14px;
    }
    header button {
      background: transparent;
      color: #fff;
      border: 1px solid rgba(255, 255, 255, 0.6);
      border-radius: 4px;
      padding: 4px 10px;
    }
    .login,
    .checking {
      margin: 0 auto;
    }
    .body {
      flex: 1;
      min-height: 0;
      display: grid;
      grid-template-columns: 290px 1fr;
    }
    .body.with-inspector {
      grid-template-columns: 290px 1fr 380px;
    }
    /* Allocation requests compare up to five plans side by side. */
    .body.with-inspector.wide {
      grid-template-columns: 290px 1fr 580px;
    }
    aside.panel,
    aside.inspector {
      overflow-y: auto;
      padding: 4px 12px 12px;
      background: #fff;
    }
    aside.panel {
      border-right: 1px solid #d8dde3;
    }
    aside.inspector {
      position: relative;
      border-left: 1px solid #d8dde3;
    }
    aside.inspector .close {
      position: absolute;
      top: 8px;
      right: 8px;
      border: none;
      background: none;
      font-size: 20px;
      line-height: 1;
    }
    main {
      display: flex;
      flex-direction: column;
      min-width: 0;
      min-height: 0;
    }
    .map-wrap {
      position: relative;
      flex: 1;
      min-height: 200px;
    }
    /* The comparison and the split maps cover the map, which stays alive underneath. */
    .scenario-view {
      position: absolute;
      inset: 0;
      z-index: 5;
      background: #fff;
    }
    fangtu-table-panel {
      height: 300px;
      flex: none;
      border-top: 1px solid #b9c2cc;
    }
    .tools {
      display: flex;
      flex-wrap: wrap;
      gap: 6px;
    }
    .measurement {
      margin-top: 8px;
      padding: 8px;
      background: #fff7e6;
      border: 1px solid #f0d9a8;
      border-radius: 4px;
      display: grid;
      gap: 4px;
    }
    .notice {
      margin-top: 16px;
      padding: 8px;
      background: #fff7e6;
      border: 1px solid #f0d9a8;
      border-radius: 4px;
      font-size: 12px;
    }
    .print-sheet {
      display: none;
    }
    @media print {
      header,
      .body {
        display: none;
      }
      .print-sheet {
        display: block;
      }
      .print-sheet img {
        width: 100%;
        border: 1px solid #999;
      }
      .print-charts {
        display: grid;
        grid-template-columns: 1fr 1fr;
        gap: 8px;
        margin-top: 8px;
      }
      .print-sheet .delta {
        display: block;
        font-size: 10px;
      }
      .print-sheet .best,
      .print-sheet .status {
        font-weight: bold;
      }
      .print-legend {
        display: flex;
        flex-wrap: wrap;
        gap: 4px 14px;
        margin: 8px 0;
      }
    }
  `,
];
