import type { DemoBuilding, DemoDataset, DemoRoom, DemoSubLedgerRow, UseCategory } from "./dataset.js";

/**
 * The demo's three-consistencies (三相符) cases, chosen by fixed rules from the generated inventory
 * (no random draws, so the rest of the demo is unchanged). With the demo as generated:
 * - 账账相符: every unit occupying rooms submits a sub-ledger (2026-09/10/11) mirroring the master ledger
 *   except every tenth unit, which has none; among the submitters, 10 report a wrong area, 5 leave a
 *   room out, 4 list an idle room of their building as theirs and 3 report a wrong use category —
 *   22 mismatches. Three units also have an older (2025) partial submission that no longer counts.
 * - 账实相符: six routine inspections (2026-10) of three provincial units, the education department and
 *   two 富裕县 units with field results for eight rooms each: one area, one status, one category, one
 *   area and one occupant differ — 5 mismatches; a spring spot check's wrong area in the last
 *   inspection's rooms is superseded by the autumn result.
 * - 账证相符: two district office buildings without a title certificate, one titled to its occupant
 *   (self-registered), two revoked use certificates, two certificates 10 % below the area used and
 *   one certificate for an idle building the unit left — 8 mismatches.
 */
export function addConsistencyCases(data: DemoDataset): void {
  addSubLedgers(data);
  addFieldChecks(data);
  addCertificateCases(data);
}

/** Units occupying rooms, in id order, with their rooms in id order. */
function roomsByUnit(data: DemoDataset): Map<number, DemoRoom[]> {
  const byUnit = new Map<number, DemoRoom[]>();
  for (const room of [...data.rooms].sort((a, b) => a.id - b.id)) {
    if (room.occupant_unit_id === null) continue;
    const rooms = byUnit.get(room.occupant_unit_id);
    if (rooms) rooms.push(room);
    else byUnit.set(room.occupant_unit_id, [room]);
  }
  return new Map([...byUnit].sort(([a], [b]) => a - b));
}

const rowOf = (room: DemoRoom): Omit<DemoSubLedgerRow, "id" | "submission_id" | "region_code"> => ({
  building_id: room.building_id,
  room_number: room.number,
  use_category: room.use_category,
  usable_area: room.usable_area,
  status: room.status,
  note: null,
});

function addSubLedgers(data: DemoDataset): void {
  const units = new Map(data.units.map((unit) => [unit.id, unit]));
  const idleByBuilding = new Map<number, DemoRoom>();
  for (const room of [...data.rooms].sort((a, b) => a.id - b.id)) {
    if (room.status === "idle" && !idleByBuilding.has(room.building_id))
      idleByBuilding.set(room.building_id, room);
  }
  const submit = (unitId: number, submittedOn: string, rows: ReturnType<typeof rowOf>[]) => {
    const regionCode = units.get(unitId)?.region_code ?? "";
    const submission = {
      id: data.subLedgerSubmissions.length + 1,
      unit_id: unitId,
      region_code: regionCode,
      submitted_on: submittedOn,
    };
    data.subLedgerSubmissions.push(submission);
    for (const row of rows) {
      data.subLedgerRows.push({
        id: data.subLedgerRows.length + 1,
        submission_id: submission.id,
        region_code: regionCode,
        ...row,
      });
    }
  };
  const wanted = { area: 10, missing: 5, idle: 4, category: 3 };
  const made = { area: 0, missing: 0, idle: 0, category: 0 };
  let older = 0;
  [...roomsByUnit(data)].forEach(([unitId, rooms], index) => {
    if (index % 10 === 9) return;
    const rows = rooms.map(rowOf);
    const month = 9 + (index % 3);
    // Every fifth submitter gets one kind of discrepancy, in turn, until each kind has its count.
    const slot = index % 5;
    if (slot === 0 && made.area < wanted.area) {
      const office = rows.find((row) => row.use_category === "office") ?? rows[0];
      if (office) {
        office.usable_area = Math.round((office.usable_area + 3.5 + (made.area % 4)) * 100) / 100;
        made.area += 1;
      }
    } else if (slot === 2 && made.missing < wanted.missing && rows.length > 1) {
      rows.pop();
      made.missing += 1;
    } else if (slot === 4 && made.idle < wanted.idle) {
      const idle = [...new Set(rooms.map((room) => room.building_id))]
        .map((buildingId) => idleByBuilding.get(buildingId))
        .find((room) => room !== undefined);
      if (idle) {
        rows.push({ ...rowOf(idle), status: "in_use", note: "本单位临时使用" });
        made.idle += 1;
      }
    } else if (slot === 1 && made.category < wanted.category) {
      const service = rows.find((row) => row.use_category === "service");
      if (service) {
        service.use_category = "office";
        made.category += 1;
      }
    }
    if (older < 3 && index % 7 === 3) {
      // An earlier, partial return: superseded by the one below, it must not count.
      submit(unitId, "2025-10-20", rows.slice(0, 1));
      older += 1;
    }
    submit(unitId, `2026-${String(month).padStart(2, "0")}-15`, rows);
  });
}

/** The building where a unit has most rooms (lowest id on a tie). */
function mainBuildingOf(rooms: readonly DemoRoom[]): number {
  const counts = new Map<number, number>();
  for (const room of rooms) counts.set(room.building_id, (counts.get(room.building_id) ?? 0) + 1);
  return [...counts].sort(([a, countA], [b, countB]) => countB - countA || a - b)[0]?.[0] ?? 0;
}

function addFieldChecks(data: DemoDataset): void {
  const byUnit = roomsByUnit(data);
  const unitNamed = (name: string) => data.units.find((unit) => unit.name === name)?.id;
  const fuyu = data.units.filter((unit) => unit.region_code === "230227" && byUnit.has(unit.id));
  const inspected = [
    ...[...byUnit.keys()].slice(0, 3),
    unitNamed("黑龙江省教育厅"),
    fuyu[0]?.id,
    fuyu[1]?.id,
  ].filter((id): id is number => id !== undefined);
  const buildings = new Map(data.buildings.map((building) => [building.id, building]));
  const inspect = (unitId: number, kind: "routine" | "spot_check", on: string) => {
    const rooms = byUnit.get(unitId) ?? [];
    const building = buildings.get(mainBuildingOf(rooms)) as DemoBuilding;
    const inspection = {
      id: data.inspections.length + 1,
      region_code: building.region_code,
      kind,
      unit_id: unitId,
      building_id: building.id,
      planned_on: on,
      done_on: on,
      status: "done" as const,
    };
    data.inspections.push(inspection);
    return { inspection, rooms: rooms.filter((room) => room.building_id === building.id).slice(0, 8) };
  };
  const flip = (category: UseCategory): UseCategory => (category === "office" ? "service" : "office");
  inspected.forEach((unitId, index) => {
    const { inspection, rooms } = inspect(
      unitId,
      "routine",
      `2026-10-${String(12 + index).padStart(2, "0")}`,
    );
    const other = fuyu.find((unit) => unit.id !== unitId)?.id ?? null;
    rooms.forEach((room, position) => {
      const observed = {
        observed_status: room.status,
        observed_use_category: room.use_category,
        observed_usable_area: room.usable_area,
        observed_occupant_unit_id: room.occupant_unit_id,
        note: null as string | null,
      };
      if (position === index) {
        if (index === 0) observed.observed_usable_area = Math.round((room.usable_area + 6) * 100) / 100;
        if (index === 1) {
          observed.observed_status = "idle";
          observed.observed_occupant_unit_id = null;
          observed.note = "现场无人办公";
        }
        if (index === 2) observed.observed_use_category = flip(room.use_category);
        if (index === 3) observed.observed_usable_area = Math.round((room.usable_area - 4) * 100) / 100;
        if (index === 4) {
          observed.observed_occupant_unit_id = other;
          observed.note = "现场为其他单位使用";
        }
      }
      data.fieldCheckResults.push({
        id: data.fieldCheckResults.length + 1,
        inspection_id: inspection.id,
        room_id: room.id,
        region_code: room.region_code,
        checked_on: inspection.done_on,
        ...observed,
      });
    });
  });
  // A spring spot check of the last unit found a wrong area; the autumn inspection above supersedes it.
  const last = inspected.at(-1);
  if (last !== undefined) {
    const { inspection, rooms } = inspect(last, "spot_check", "2026-05-20");
    const room = rooms[0];
    if (room) {
      data.fieldCheckResults.push({
        id: data.fieldCheckResults.length + 1,
        inspection_id: inspection.id,
        room_id: room.id,
        region_code: room.region_code,
        checked_on: inspection.done_on,
        observed_status: null,
        observed_use_category: null,
        observed_usable_area: Math.round((room.usable_area + 10) * 100) / 100,
        observed_occupant_unit_id: null,
        note: "抽查实测",
      });
    }
  }
}

function addCertificateCases(data: DemoDataset): void {
  const byUnit = roomsByUnit(data);
  const occupants = new Map<number, Set<number>>();
  for (const [unitId, rooms] of byUnit) {
    for (const room of rooms) {
      if (room.status !== "in_use") continue;
      const set = occupants.get(room.building_id) ?? new Set<number>();
      set.add(unitId);
      occupants.set(room.building_id, set);
    }
  }
  const firstOccupiedIn = (regionCode: string) =>
    data.buildings.find(
      (building) =>
        building.region_code === regionCode &&
        building.property_class === "office" &&
        !building.name.endsWith("附属楼") &&
        occupants.get(building.id)?.size === 1,
    );
  for (const regionCode of ["230104", "230108"]) {
    const building = firstOccupiedIn(regionCode);
    if (building) {
      building.title_certificate_no = null;
      building.note = "产权登记未办理（演示数据：账证不符）";
    }
  }
  const selfTitled = firstOccupiedIn("230110");
  const occupant = selfTitled && [...(occupants.get(selfTitled.id) ?? [])][0];
  const unitName = data.units.find((unit) => unit.id === occupant)?.name;
  if (selfTitled && unitName) {
    selfTitled.title_holder = unitName;
    selfTitled.note = "使用单位自行登记产权（演示数据：账证不符）";
  }

  for (const certificate of data.certificates) certificate.revoked_on = null;
  const qiqihar = data.certificates.filter((certificate) => certificate.region_code === "230202");
  for (const certificate of qiqihar.slice(0, 2)) certificate.revoked_on = "2026-03-31";
  const fuyu = data.certificates.filter(
    (certificate) => certificate.region_code === "230227" && certificate.area > 100,
  );
  for (const certificate of fuyu.slice(0, 2))
    certificate.area = Math.round(certificate.area * 0.9 * 100) / 100;

  const vacated = data.buildings.find(
    (building) =>
      building.region_code === "230227" && building.name.includes("（闲置") && !occupants.has(building.id),
  );
  const leaver = data.units.find((unit) => unit.name === "富裕县住房和城乡建设局");
  if (vacated && leaver) {
    data.certificates.push({
      id: data.certificates.length + 1,
      kind: "allocation_certificate",
      certificate_no: "黑机管配字〔2018〕第90001号",
      unit_id: leaver.id,
      building_id: vacated.id,
      region_code: vacated.region_code,
      area: 320,
      issued_on: "2018-06-30",
      revoked_on: null,
    });
  }
}
