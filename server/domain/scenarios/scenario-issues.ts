import type { ValidationCode, ValidationIssue } from "./scenario-model.js";

// Validation issues in both languages, one template per code, so the engine (apply, validate) and the
// API say the same thing about the same problem. Areas in m², rounded to 2 decimals by the caller.

/** Why an action is out of order: what happens only in a later action. */
export type OrderReason =
  | "room_freed_later"
  | "room_given_later"
  | "building_emptied_later"
  | "lease_added_later";

export interface IssueDetails {
  unknown_unit: { unitId: number };
  unknown_building: { buildingId: number };
  /** `buildingId` when the room exists but is not in the destination building. */
  unknown_room: { roomId: number; buildingId?: number };
  unknown_lease: { leaseId: number | string };
  capacity: { buildingId: number; building: string; needed: number; available: number; shortfall: number };
  room_given_twice: { roomId: number; room: string; firstAction?: number };
  not_administration_titled: { buildingId: number; building: string; unitId: number };
  new_over_standard_unit: {
    unitId: number;
    unit: string;
    entitledCore: number;
    coreBefore: number;
    coreAfter: number;
    gapAfter: number;
  };
  new_over_standard_person: {
    unitId: number;
    unit: string;
    entitledOffice: number;
    officeBefore: number;
    officeAfter: number;
    personsBefore: number;
    personsAfter: number;
  };
  unequal_swap: { areaA: number; areaB: number; difference: number; tolerance: number; party?: number };
  action_order: {
    reason: OrderReason;
    laterAction: number;
    roomId?: number;
    room?: string;
    buildingId?: number;
    leaseId?: number | string;
  };
  not_empty: { buildingId: number; building: string; occupiedRooms: number; roomIds: readonly number[] };
  nothing_selected: { unitId: number | null; unit?: string };
  room_occupied: {
    roomId: number;
    room: string;
    occupantUnitId: number | null;
    occupant?: string;
    status: string;
  };
  room_not_held: { roomId: number; room: string; unitId: number; unit: string };
  left_inventory: { roomId?: number; buildingId?: number; label: string };
  lease_ended: { leaseId: number | string };
  same_unit: { unitId: number; unit: string };
}

type Templates = { [C in ValidationCode]: (detail: IssueDetails[C]) => readonly [en: string, zh: string] };

const percent = (share: number) => `${Math.round(share * 1000) / 10} %`;

const orderText: Record<OrderReason, (d: IssueDetails["action_order"]) => readonly [string, string]> = {
  room_freed_later: (d) => [
    `Room ${d.room} only becomes free in action ${d.laterAction + 1}: move that action before this one.`,
    `房间 ${d.room} 在第 ${d.laterAction + 1} 步才腾出，应先执行该步。`,
  ],
  room_given_later: (d) => [
    `Room ${d.room} only reaches the unit in action ${d.laterAction + 1}: move that action before this one.`,
    `房间 ${d.room} 在第 ${d.laterAction + 1} 步才归该单位使用，应先执行该步。`,
  ],
  building_emptied_later: (d) => [
    `The building is only emptied in action ${d.laterAction + 1}: put this action after that one.`,
    `该楼栋（房间）在第 ${d.laterAction + 1} 步才腾空，本步应在其后执行。`,
  ],
  lease_added_later: (d) => [
    `Lease ${d.leaseId} is only added in action ${d.laterAction + 1}.`,
    `租赁 ${d.leaseId} 在第 ${d.laterAction + 1} 步才新增。`,
  ],
};

const templates: Templates = {
  unknown_unit: (d) => [`Unit ${d.unitId} does not exist.`, `单位 ${d.unitId} 不存在。`],
  unknown_building: (d) => [`Building ${d.buildingId} does not exist.`, `楼栋 ${d.buildingId} 不存在。`],
  unknown_room: (d) =>
    d.buildingId === undefined
      ? [`Room ${d.roomId} does not exist.`, `房间 ${d.roomId} 不存在。`]
      : [
          `Room ${d.roomId} is not in building ${d.buildingId}.`,
          `房间 ${d.roomId} 不在楼栋 ${d.buildingId} 内。`,
        ],
  unknown_lease: (d) => [`Lease ${d.leaseId} does not exist.`, `租赁 ${d.leaseId} 不存在。`],
  capacity: (d) => [
    `${d.building} has ${d.available} m² idle, ${d.needed} m² are needed: ${d.shortfall} m² short.`,
    `${d.building} 闲置 ${d.available} m²，需要 ${d.needed} m²，缺 ${d.shortfall} m²。`,
  ],
  room_given_twice: (d) =>
    d.firstAction === undefined
      ? [`Room ${d.room} is named twice in this action.`, `房间 ${d.room} 在本步中重复出现。`]
      : [
          `Room ${d.room} was already given away in action ${d.firstAction + 1}.`,
          `房间 ${d.room} 已在第 ${d.firstAction + 1} 步分配，不得重复分配。`,
        ],
  not_administration_titled: (d) => [
    `${d.building} is not titled to the administration: its space cannot be allocated until the title is transferred.`,
    `${d.building} 产权不属机关事务管理局，产权划转前不得调配。`,
  ],
  new_over_standard_unit: (d) => [
    `${d.unit} would be over standard: core office space ${d.coreAfter} m² against ${d.entitledCore} m² entitled (${d.gapAfter} m² over; ${d.coreBefore} m² before).`,
    `${d.unit} 将超标：基本办公用房 ${d.coreAfter} m²，核定 ${d.entitledCore} m²，超 ${d.gapAfter} m²（调整前 ${d.coreBefore} m²）。`,
  ],
  new_over_standard_person: (d) => [
    `${d.unit} would have ${d.officeAfter} m² of offices (${d.officeBefore} m² before) for ${d.entitledOffice} m² entitled to its people: at least ${d.personsAfter} over their limit (${d.personsBefore} now).`,
    `${d.unit} 办公室面积将为 ${d.officeAfter} m²（调整前 ${d.officeBefore} m²），超过人员核定办公室面积 ${d.entitledOffice} m²：至少 ${d.personsAfter} 人超标（现为 ${d.personsBefore} 人）。`,
  ],
  unequal_swap: (d) => {
    const who = d.party === undefined ? "" : ` (party ${d.party + 1})`;
    const whoZh = d.party === undefined ? "" : `（第 ${d.party + 1} 方）`;
    return [
      `Unequal swap${who}: ${d.areaA} m² against ${d.areaB} m², ${d.difference} m² apart, more than ${percent(d.tolerance)} of the larger side.`,
      `非等面积置换${whoZh}：${d.areaA} m² 对 ${d.areaB} m²，相差 ${d.difference} m²，超过较大一方的 ${percent(d.tolerance)}。`,
    ];
  },
  action_order: (d) => orderText[d.reason](d),
  not_empty: (d) => [
    `${d.building} still has ${d.occupiedRooms} occupied room(s): empty it first.`,
    `${d.building} 仍有 ${d.occupiedRooms} 间在用房间，须先腾空。`,
  ],
  nothing_selected: (d) =>
    d.unitId === null
      ? ["The action selects no space.", "本步未选中任何房源。"]
      : [
          `${d.unit ?? d.unitId} has no space in the selection.`,
          `${d.unit ?? d.unitId} 在所选范围内没有用房。`,
        ],
  room_occupied: (d) =>
    d.occupantUnitId === null
      ? [`Room ${d.room} is not idle (${d.status}).`, `房间 ${d.room} 不是闲置状态（${d.status}）。`]
      : [
          `Room ${d.room} is held by ${d.occupant ?? d.occupantUnitId} and no action frees it.`,
          `房间 ${d.room} 由 ${d.occupant ?? d.occupantUnitId} 使用，且没有步骤将其腾出。`,
        ],
  room_not_held: (d) => [`${d.unit} does not hold room ${d.room}.`, `${d.unit} 未使用房间 ${d.room}。`],
  left_inventory: (d) => [
    `${d.label} has already left the office inventory (converted or disposed of).`,
    `${d.label} 已转换用途或处置，不在办公用房清单内。`,
  ],
  lease_ended: (d) => [`Lease ${d.leaseId} has already ended.`, `租赁 ${d.leaseId} 已终止。`],
  same_unit: (d) => [`${d.unit} cannot swap with itself.`, `${d.unit} 不能与自身置换。`],
};

/** One issue of action `action` (0-based), its messages filled from the details. */
export function scenarioIssue<C extends ValidationCode>(
  action: number,
  code: C,
  detail: IssueDetails[C],
  severity: ValidationIssue["severity"] = "error",
): ValidationIssue {
  const [message, messageZh] = templates[code](detail);
  return { action, code, severity, message, messageZh, detail: { ...detail } };
}
