import type { PropertyClass, UnitKind } from "../demo/dataset.js";
import {
  type AreaTolerance,
  CERTIFICATE_AREA_TOLERANCE,
  compareMismatches,
  exceedsTolerance,
  type Mismatch,
  round2,
  squareMetres,
} from "./mismatch.js";

/** A building with its title (不动产权证) as the ledger records it. */
export interface TitledBuilding {
  readonly id: number;
  readonly name: string;
  readonly propertyClass: PropertyClass;
  readonly titleCertificateNo: string | null;
  readonly titleHolder: string | null;
}

/** The usable area a unit occupies in a building (rooms in use or being vacated). */
export interface Occupancy {
  readonly unitId: number;
  readonly buildingId: number;
  readonly area: number;
}

/** A use certificate or use agreement valid on the day of the check (issued, not revoked). */
export interface ValidCertificate {
  readonly certificateNo: string;
  readonly unitId: number;
  readonly buildingId: number;
  readonly area: number;
}

/**
 * Who may hold an office building's title other than an administration: the 2017 rules let vertical
 * branches register under their parent department, and universities and state-owned enterprises hold
 * their own buildings (not organ space). A building occupied only by such units is exempt.
 */
const ownTitleKinds: ReadonlySet<UnitKind> = new Set([
  "vertical_branch",
  "university",
  "state_owned_enterprise",
]);

/**
 * Names of offices administrations (机关事务管理局, 机关事务服务中心 …, the units of kind
 * `administration` and the district ones the inventory only knows by name).
 */
const administrationName = /机关事务(管理局|服务中心|管理中心|管理办公室|服务局)$/;

export interface CertificateInput {
  readonly buildings: readonly TitledBuilding[];
  readonly occupancy: readonly Occupancy[];
  readonly certificates: readonly ValidCertificate[];
  readonly unitKinds: ReadonlyMap<number, UnitKind>;
  /** Names of the units of kind `administration`, besides the names the pattern recognises. */
  readonly administrations: ReadonlySet<string>;
}

/** Whether a title holder is an offices administration (the unified title of the 2017 rules). */
export function isAdministrationHolder(holder: string, administrations: ReadonlySet<string>): boolean {
  return administrations.has(holder) || administrationName.test(holder.trim());
}

/**
 * 账证相符: office buildings without a title certificate or titled to someone other than an
 * administration (one mismatch per occupant unit; unitId null when no unit occupies the building);
 * units using a building without a valid use certificate, with a certified area differing from the
 * area they use beyond `tolerance`, or holding one for a building they no longer use.
 */
export function compareCertificates(
  input: CertificateInput,
  tolerance: AreaTolerance = CERTIFICATE_AREA_TOLERANCE,
): Mismatch[] {
  const mismatches: Mismatch[] = [];
  const buildings = new Map(input.buildings.map((building) => [building.id, building]));
  const nameOf = (buildingId: number) => buildings.get(buildingId)?.name ?? `楼宇${buildingId}`;
  const occupantsOf = new Map<number, number[]>();
  for (const { unitId, buildingId } of input.occupancy) {
    const occupants = occupantsOf.get(buildingId);
    if (occupants) occupants.push(unitId);
    else occupantsOf.set(buildingId, [unitId]);
  }

  for (const building of input.buildings) {
    if (building.propertyClass !== "office") continue;
    const occupants = [...new Set(occupantsOf.get(building.id) ?? [])].sort((a, b) => a - b);
    const answerable = occupants.length > 0 ? occupants : [null];
    const subject = {
      kind: "ledger_vs_certificate" as const,
      buildingId: building.id,
      buildingName: building.name,
    };
    if (!building.titleCertificateNo?.trim()) {
      for (const unitId of answerable) {
        mismatches.push({
          ...subject,
          code: "no_title_certificate",
          unitId,
          field: "title_certificate",
          ledgerValue: building.name,
          otherValue: null,
          message: `办公用房${building.name}未办理不动产权证`,
        });
      }
      continue;
    }
    const holder = building.titleHolder?.trim() ?? "";
    const exempt =
      occupants.length > 0 &&
      occupants.every((unitId) => {
        const kind = input.unitKinds.get(unitId);
        return kind !== undefined && ownTitleKinds.has(kind);
      });
    if (!exempt && !isAdministrationHolder(holder, input.administrations)) {
      for (const unitId of answerable) {
        mismatches.push({
          ...subject,
          code: "title_not_administration",
          unitId,
          field: "title_holder",
          ledgerValue: "机关事务管理机构",
          otherValue: holder || null,
          message: `办公用房${building.name}（${building.titleCertificateNo}）产权登记在${holder || "（未载明）"}名下，应统一登记在机关事务管理部门`,
        });
      }
    }
  }

  const certified = new Map<string, ValidCertificate[]>();
  for (const certificate of input.certificates) {
    const key = `${certificate.unitId}/${certificate.buildingId}`;
    const list = certified.get(key);
    if (list) list.push(certificate);
    else certified.set(key, [certificate]);
  }
  const used = new Map<string, Occupancy>();
  for (const occupancy of input.occupancy) {
    const key = `${occupancy.unitId}/${occupancy.buildingId}`;
    const previous = used.get(key);
    used.set(key, previous ? { ...occupancy, area: round2(previous.area + occupancy.area) } : occupancy);
  }
  for (const [key, occupancy] of used) {
    const certificates = certified.get(key) ?? [];
    const subject = {
      kind: "ledger_vs_certificate" as const,
      unitId: occupancy.unitId,
      buildingId: occupancy.buildingId,
      buildingName: nameOf(occupancy.buildingId),
    };
    if (certificates.length === 0) {
      mismatches.push({
        ...subject,
        code: "no_use_certificate",
        field: "use_certificate",
        ledgerValue: occupancy.area,
        otherValue: null,
        message: `本单位使用${subject.buildingName}${squareMetres(occupancy.area)}，无有效的办公用房分配使用凭证`,
      });
      continue;
    }
    const area = round2(certificates.reduce((sum, certificate) => sum + certificate.area, 0));
    if (exceedsTolerance(occupancy.area, area, tolerance)) {
      mismatches.push({
        ...subject,
        code: "certificate_area_differs",
        field: "certificate_area",
        ledgerValue: occupancy.area,
        otherValue: area,
        message: `${subject.buildingName}：台账使用面积${squareMetres(occupancy.area)}，凭证（${numbersOf(certificates)}）核定面积${squareMetres(area)}`,
      });
    }
  }
  for (const [key, certificates] of certified) {
    if (used.has(key)) continue;
    const first = certificates[0];
    if (!first) continue;
    const area = round2(certificates.reduce((sum, certificate) => sum + certificate.area, 0));
    const buildingName = nameOf(first.buildingId);
    mismatches.push({
      kind: "ledger_vs_certificate",
      code: "certificate_without_use",
      unitId: first.unitId,
      buildingId: first.buildingId,
      buildingName,
      field: "use_certificate",
      ledgerValue: null,
      otherValue: numbersOf(certificates),
      message: `本单位持有${buildingName}的使用凭证（${numbersOf(certificates)}，${squareMetres(area)}），台账显示已不再使用`,
    });
  }
  return mismatches.sort(compareMismatches);
}

const numbersOf = (certificates: readonly ValidCertificate[]) =>
  certificates.map((certificate) => certificate.certificateNo).join("、");
