import { roundArea } from "../standards/entitlement.js";
import {
  type ScenarioFigures,
  type StateFigures,
  scenarioFigures,
  type UnitFigures,
} from "./scenario-figures.js";
import type {
  ActionEffect,
  ScenarioMetrics,
  ScenarioState,
  ScenarioTotals,
  ScenarioUnit,
  UnitChange,
} from "./scenario-model.js";
import { isOverStandard, officeChange, overStandardPersonsAfter, standardGap } from "./scenario-standards.js";

// Metrics of a scenario (issue 8 §4). Totals before are the live ledger's region-wide sums (the
// baseline); totals after are the baseline plus the change inside the working set, so a province is
// never loaded. Areas m² (2 decimals), rent 元 per year, distances metres.

const ratio = (sum: number, count: number) => (count > 0 ? roundArea(sum / count) : 0);

/** Region-wide quantities a working-set unit contributes to. */
interface Contribution {
  sites: number;
  withSpace: number;
  renting: number;
  overUnits: number;
  overPersons: number;
}

function contribution(
  unit: ScenarioUnit,
  figures: UnitFigures | undefined,
  overPersons: number,
): Contribution {
  const sites = figures?.sites ?? 0;
  return {
    sites,
    withSpace: sites > 0 ? 1 : 0,
    renting: (figures?.activeLeases ?? 0) > 0 ? 1 : 0,
    overUnits: isOverStandard(unit, figures?.core ?? 0) ? 1 : 0,
    overPersons,
  };
}

function buildingsTouched(after: ScenarioState, effects: readonly ActionEffect[]): Set<number> {
  const touched = new Set<number>();
  for (const effect of effects) {
    for (const change of effect.roomChanges) touched.add(change.buildingId);
    for (const roomId of effect.roomsLeftInventory) {
      const room = after.rooms.get(roomId);
      if (room) touched.add(room.buildingId);
    }
    for (const buildingId of effect.buildingsDisposed) touched.add(buildingId);
  }
  return touched;
}

/** Buildings occupied before and empty after, not disposed: the disposal candidates. */
function buildingsEmptied(
  after: ScenarioState,
  figuresBefore: StateFigures,
  figuresAfter: StateFigures,
): number[] {
  const emptied: number[] = [];
  for (const building of after.buildings.values()) {
    if (building.disposed || (building.unloadedOccupiedRooms ?? 0) > 0) continue;
    if (figuresBefore.occupied.has(building.id) && !figuresAfter.occupied.has(building.id)) {
      emptied.push(building.id);
    }
  }
  return emptied.sort((a, b) => a - b);
}

/** Metrics of the state `after` that `applyActions` made from `before`, with its effects (figures: when already summed). */
export function scenarioMetrics(
  before: ScenarioState,
  after: ScenarioState,
  effects: readonly ActionEffect[],
  figures: ScenarioFigures = scenarioFigures(before, after),
): ScenarioMetrics {
  const { before: figuresBefore, after: figuresAfter, officeKept: offices } = figures;
  const named = new Set<number>();
  for (const effect of effects) {
    for (const change of effect.roomChanges) {
      if (change.fromUnitId !== null) named.add(change.fromUnitId);
      if (change.toUnitId !== null) named.add(change.toUnitId);
    }
  }
  const delta: Contribution = { sites: 0, withSpace: 0, renting: 0, overUnits: 0, overPersons: 0 };
  const units: UnitChange[] = [];
  for (const unit of after.units.values()) {
    const was = figuresBefore.units.get(unit.id);
    const is = figuresAfter.units.get(unit.id);
    const persons = overStandardPersonsAfter(unit, officeChange(was, is, offices.get(unit.id)));
    const b = contribution(unit, was, unit.overStandardPersons);
    const a = contribution(unit, is, persons);
    for (const key of Object.keys(delta) as (keyof Contribution)[]) delta[key] += a[key] - b[key];
    const change: UnitChange = {
      unitId: unit.id,
      name: unit.name,
      areaBefore: roundArea(was?.area ?? 0),
      areaAfter: roundArea(is?.area ?? 0),
      gapBefore: standardGap(unit, was?.core ?? 0),
      gapAfter: standardGap(unit, is?.core ?? 0),
      sitesBefore: b.sites,
      sitesAfter: a.sites,
    };
    if (
      named.has(unit.id) ||
      change.areaBefore !== change.areaAfter ||
      change.sitesBefore !== change.sitesAfter ||
      change.gapBefore !== change.gapAfter
    ) {
      units.push(change);
    }
  }
  const flows = effects.flatMap((effect) => effect.flows);
  const flowArea = flows.reduce((sum, flow) => sum + flow.area, 0);
  const touched = buildingsTouched(after, effects);
  const baseline = before.baseline;
  const totalsBefore: ScenarioTotals = {
    idleArea: roundArea(baseline.idleArea),
    annualRentOutside: roundArea(baseline.annualRentOutside),
    rentSavedPerYear: 0,
    sitesPerUnit: ratio(baseline.sites, baseline.unitsWithSpace),
    unitsRentingOutside: baseline.unitsRentingOutside,
    overStandardUnits: baseline.overStandardUnits,
    overStandardPersons: baseline.overStandardPersons,
    buildingsEmptied: [],
    averageMoveDistanceMeters: 0,
    buildingsTouched: 0,
  };
  const rentAfter = roundArea(
    baseline.annualRentOutside + figuresAfter.annualRent - figuresBefore.annualRent,
  );
  const totalsAfter: ScenarioTotals = {
    idleArea: roundArea(baseline.idleArea + figuresAfter.idleArea - figuresBefore.idleArea),
    annualRentOutside: rentAfter,
    rentSavedPerYear: roundArea(totalsBefore.annualRentOutside - rentAfter),
    sitesPerUnit: ratio(baseline.sites + delta.sites, baseline.unitsWithSpace + delta.withSpace),
    unitsRentingOutside: baseline.unitsRentingOutside + delta.renting,
    overStandardUnits: baseline.overStandardUnits + delta.overUnits,
    overStandardPersons: baseline.overStandardPersons + delta.overPersons,
    buildingsEmptied: buildingsEmptied(after, figuresBefore, figuresAfter),
    // Weighted by the area each flow moves: a whole unit's move counts more than one room's.
    averageMoveDistanceMeters:
      flowArea > 0
        ? Math.round(flows.reduce((sum, flow) => sum + flow.area * flow.distanceMeters, 0) / flowArea)
        : 0,
    buildingsTouched: touched.size,
  };
  const buildingChanges = [...touched]
    .sort((a, b) => a - b)
    .map((buildingId) => ({
      buildingId,
      occupiedDelta: roundArea(
        (figuresAfter.occupied.get(buildingId)?.area ?? 0) -
          (figuresBefore.occupied.get(buildingId)?.area ?? 0),
      ),
    }));
  return { before: totalsBefore, after: totalsAfter, units, flows, buildingChanges };
}
