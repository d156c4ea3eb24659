// Shapes of the commercial register and disposal answers (docs/api.md, "Outflow of idle space").

export interface CommercialEntry {
  id: number;
  buildingId: number | null;
  buildingName: string | null;
  scope: string;
  roomIds: number[] | null;
  origin: "leased_out" | "shop_front";
  name: string;
  /** m² */
  area: number;
  status: string;
  version: number;
}

export interface CommercialLease {
  id: number;
  tenant: string;
  area: number;
  /** 元 per year */
  annualRent: number;
  startsOn: string;
  endsOn: string;
  daysLeft: number;
}

export interface CommercialDetail extends CommercialEntry {
  leases: CommercialLease[];
}

export interface Label {
  zh: string;
  en: string;
}

export interface DisposalOption {
  method: string;
  label: Label;
  applicable: boolean;
  reasons: Label[];
}

export interface DisposalDraft {
  buildingId: number;
  method: string;
  /** 万元, auctions only */
  reservePrice?: number;
  note?: string;
}
