import { css } from "lit";

/** The inspections tab: cards and big touch targets (≥ 44 px), usable on a 1024 × 768 tablet. */
export const inspectionStyles = css`
  :host {
    display: block;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: 10px;
    align-items: center;
    margin-bottom: 10px;
  }
  .rule {
    padding: 8px 12px;
    border-radius: 6px;
    margin: 8px 0 12px;
    font-size: 13px;
  }
  .rule.ok {
    background: #e7f5ec;
    color: #1e6b3a;
  }
  .rule.short {
    background: #fdecea;
    color: #9b1c1c;
  }
  .card {
    border: 1px solid #d3dae1;
    border-radius: 8px;
    padding: 10px 12px;
    margin-bottom: 12px;
    background: #fff;
    overflow-x: auto;
  }
  .card header {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 8px;
    justify-content: space-between;
  }
  .card h3 {
    margin: 0;
    font-size: 14px;
    color: #1f2933;
  }
  .badge {
    display: inline-block;
    padding: 1px 8px;
    border-radius: 10px;
    font-size: 12px;
    background: #eef3f8;
    color: #1d3c5a;
  }
  .badge.planned {
    background: #fff4d6;
    color: #7a5200;
  }
  .badge.in_progress {
    background: #e3efff;
    color: #1f4f8f;
  }
  .badge.done {
    background: #e7f5ec;
    color: #1e6b3a;
  }
  .badge.cancelled {
    background: #eceff1;
    color: #6b7682;
  }
  .badge.high {
    background: #fdecea;
    color: #9b1c1c;
  }
  .badge.differs {
    background: #fdecea;
    color: #9b1c1c;
  }
  table {
    width: 100%;
    border-collapse: collapse;
    margin-top: 8px;
  }
  th,
  td {
    text-align: left;
    padding: 6px 6px;
    border-bottom: 1px solid #eef1f4;
    vertical-align: middle;
  }
  th {
    color: #6b7682;
    font-weight: normal;
    font-size: 12px;
  }
  td.open {
    white-space: nowrap;
    width: 1%;
  }
  td.number {
    text-align: right;
    font-variant-numeric: tabular-nums;
  }
  button.big,
  .big-input,
  select.big {
    min-height: 44px;
    min-width: 44px;
    padding: 8px 14px;
    font-size: 15px;
    border-radius: 6px;
  }
  button.big {
    border: 1px solid #b9c2cc;
    background: #fff;
  }
  button.big.primary {
    background: #1d3c5a;
    border-color: #1d3c5a;
    color: #fff;
  }
  button.big:disabled {
    opacity: 0.5;
    cursor: default;
  }
  label.field {
    display: flex;
    flex-direction: column;
    gap: 4px;
    font-size: 13px;
    color: #4a5561;
  }
  .big-input,
  select.big,
  textarea {
    border: 1px solid #b9c2cc;
    font: inherit;
    font-size: 15px;
  }
  textarea {
    border-radius: 6px;
    padding: 8px;
    min-height: 44px;
  }
  .form-grid {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(200px, 1fr));
    gap: 10px;
    margin: 10px 0;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 10px;
    margin-top: 8px;
  }
  .rooms {
    display: grid;
    gap: 10px;
  }
  .room {
    border: 1px solid #d3dae1;
    border-radius: 8px;
    padding: 10px 12px;
    background: #fff;
  }
  .room.checked {
    border-left: 5px solid #2e8b57;
  }
  .room.differs {
    border-left: 5px solid #c0392b;
  }
  .room-head {
    display: flex;
    justify-content: space-between;
    align-items: center;
    gap: 10px;
    min-height: 44px;
  }
  .room-head strong {
    font-size: 16px;
  }
  .ledger {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(150px, 1fr));
    gap: 2px 12px;
    font-size: 13px;
  }
  .ledger span.label {
    color: #6b7682;
    margin-right: 4px;
  }
  .photos {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    margin-top: 8px;
  }
  .photos img {
    width: 96px;
    height: 72px;
    object-fit: cover;
    border-radius: 4px;
    border: 1px solid #d3dae1;
  }
  .photo-input {
    display: inline-flex;
    align-items: center;
    min-height: 44px;
    padding: 0 14px;
    border: 1px dashed #2f6fab;
    border-radius: 6px;
    color: #2f6fab;
    cursor: pointer;
  }
  .photo-input input {
    position: absolute;
    width: 1px;
    height: 1px;
    opacity: 0;
  }
  .proposal {
    display: grid;
    grid-template-columns: 44px 1fr;
    gap: 8px;
    padding: 8px 0;
    border-bottom: 1px solid #eef1f4;
  }
  .proposal input[type="checkbox"] {
    width: 28px;
    height: 28px;
    margin: 8px;
  }
  .notice {
    background: #f4f7fa;
    border-radius: 6px;
    padding: 8px 12px;
    color: #4a5561;
  }
  @media print {
    button,
    .photo-input,
    .actions {
      display: none;
    }
  }
`;
