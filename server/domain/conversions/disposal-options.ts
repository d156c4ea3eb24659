import type { PropertyClass } from "../demo/dataset.js";
import type { Label } from "../labels.js";

/**
 * Disposal of idle space under the 2017 management rules (党政机关办公用房管理办法): re-allocation,
 * change of use, swap, lease, auction, demolition. Lending (出借) is not a disposal method.
 */
export const disposalMethods = [
  "reallocation",
  "change_of_use",
  "swap",
  "lease",
  "auction",
  "demolition",
] as const;
export type DisposalMethod = (typeof disposalMethods)[number];

export const disposalMethodLabels: Readonly<Record<DisposalMethod, Label>> = {
  reallocation: { zh: "调剂使用", en: "Re-allocation" },
  change_of_use: { zh: "改变用途（公益用房等）", en: "Change of use (public-benefit venues)" },
  swap: { zh: "置换", en: "Swap" },
  lease: { zh: "出租", en: "Lease" },
  auction: { zh: "拍卖", en: "Auction" },
  demolition: { zh: "拆除", en: "Demolition" },
};

/** Words a client may send for lending; each is refused with the rule, not as an unknown method. */
export const lendingWords = ["lending", "lend", "loan", "lent_out", "出借"] as const;

export const LENDING_REFUSAL: Label = {
  zh: "出借不是办公用房的处置方式（《党政机关办公用房管理办法》）：可选调剂使用、改变用途、置换、出租、拍卖、拆除",
  en: "Lending (出借) is not a disposal method under the 2017 management rules: choose re-allocation, change of use, swap, lease, auction or demolition",
};

/** What the options of one idle site depend on; areas are usable m². */
export interface DisposalSite {
  /** A whole building, some of its rooms, a non-office asset, or an entry of the commercial register. */
  readonly kind: "building" | "rooms" | "asset" | "commercial";
  readonly propertyClass: PropertyClass | null;
  readonly condition: "good" | "fair" | "poor" | "dangerous";
  /** Area no unit uses: idle, vacating or pending disposal (for an asset: its gross area). */
  readonly idleArea: number;
  /** Area units still use (in use, leased or lent out) within the site. */
  readonly occupiedArea: number;
  readonly hasTitle: boolean;
  /** For assets: whether finance reported it as suitable for office use. */
  readonly suitsOfficeUse: boolean | null;
  /** Area asked for by open allocation requests in the site's region (demand for re-allocation). */
  readonly openRequestArea: number;
}

export interface DisposalOption {
  readonly method: DisposalMethod;
  readonly label: Label;
  readonly applicable: boolean;
  readonly reasons: readonly Label[];
}

const why = (zh: string, en: string): Label => ({ zh, en });
const area = (value: number) => `${Math.round(value).toLocaleString("en-US")} m²`;

type Check = (site: DisposalSite) => readonly [boolean, Label[]];

const notDangerous = (site: DisposalSite): Label | undefined =>
  site.condition === "dangerous"
    ? why(
        "危房不得继续使用，只能拆除或整体处置",
        "A dangerous building may not be used: demolish or dispose of it whole",
      )
    : undefined;
const hasIdle = (site: DisposalSite): Label | undefined =>
  site.idleArea > 0 ? undefined : why("没有闲置面积", "No idle area");
const whole = (site: DisposalSite): Label | undefined =>
  site.kind === "rooms"
    ? why(
        "部分房间不能单独处置产权，需整栋或先剥离登记",
        "Rooms cannot be disposed of apart from their building: take the whole building or separate them first",
      )
    : undefined;
const vacant = (site: DisposalSite): Label | undefined =>
  site.occupiedArea > 0
    ? why(
        `仍有 ${area(site.occupiedArea)} 在用、出租或出借，须先腾退`,
        `${area(site.occupiedArea)} is still used, leased or lent: vacate it first`,
      )
    : undefined;
const titled = (site: DisposalSite): Label | undefined =>
  site.hasTitle ? undefined : why("权属不清，须先完成产权登记", "No clear title: register the title first");

function verdict(problems: ReadonlyArray<Label | undefined>, ok: Label[]): readonly [boolean, Label[]] {
  const found = problems.filter((problem): problem is Label => problem !== undefined);
  return found.length > 0 ? [false, found] : [true, ok];
}

const checks: Readonly<Record<DisposalMethod, Check>> = {
  reallocation: (site) =>
    verdict(
      [
        notDangerous(site),
        hasIdle(site),
        site.kind === "commercial"
          ? why(
              "经营用房已从办公用房剥离，不再调剂为办公用房",
              "Commercial property was separated from office space: it is not re-allocated as offices",
            )
          : undefined,
        site.kind === "asset" && site.suitsOfficeUse === false
          ? why("财政部门报告该资产不适合办公", "Finance reported the asset as unsuitable for offices")
          : undefined,
      ],
      [
        site.openRequestArea > 0
          ? why(
              `本地区待办调配申请需求 ${area(site.openRequestArea)}，优先调剂使用`,
              `Open allocation requests in the region ask for ${area(site.openRequestArea)}: re-allocation comes first`,
            )
          : why("可纳入调剂房源，满足今后调配需求", "Can join the re-allocation pool for future requests"),
      ],
    ),
  change_of_use: (site) =>
    verdict(
      [notDangerous(site), hasIdle(site)],
      [
        why(
          "可改为便民服务、社区活动等公益用房",
          "Can become a public-benefit venue (convenience services, community activities)",
        ),
      ],
    ),
  swap: (site) =>
    verdict(
      [whole(site), titled(site), vacant(site)],
      [
        why(
          "整栋产权清晰，可与其他单位或层级置换",
          "A whole building with clear title can be swapped with another unit or level",
        ),
      ],
    ),
  lease: (site) =>
    verdict(
      [
        notDangerous(site),
        site.kind === "commercial" || site.kind === "asset"
          ? undefined
          : why(
              "办公用房不得出租：须先剥离为经营用房登记",
              "Office space may not be leased: separate it into the commercial register first",
            ),
      ],
      [
        why(
          "经营用房或非办公类资产可公开出租",
          "Commercial property and non-office assets may be leased out publicly",
        ),
      ],
    ),
  auction: (site) =>
    verdict(
      [whole(site), titled(site), vacant(site)],
      [why("权属清晰、已腾空，可公开拍卖", "Clear title and vacant: may be sold at public auction")],
    ),
  demolition: (site) =>
    verdict(
      [
        whole(site),
        vacant(site),
        site.condition === "poor" || site.condition === "dangerous"
          ? undefined
          : why("房屋状况尚可，不宜拆除", "The building is in usable condition: demolition is not justified"),
      ],
      [why("房屋状况差或为危房，可拆除", "Poor or dangerous condition: may be demolished")],
    ),
};

/** Every disposal method with whether it applies to `site` and why (the order of the 2017 rules). */
export function disposalOptions(site: DisposalSite): DisposalOption[] {
  return disposalMethods.map((method) => {
    const [applicable, reasons] = checks[method](site);
    return { method, label: disposalMethodLabels[method], applicable, reasons };
  });
}
