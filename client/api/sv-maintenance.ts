// The maintenance tab's door to the server (维修管理: /api/repair-requests).
import { getJson, postForm, send } from "./fangtu-api.js";

export type RepairKind = "routine" | "major";
export type RepairStatus =
  | "requested"
  | "approved"
  | "rejected"
  | "tendered"
  | "in_construction"
  | "completed"
  | "accepted"
  | "done";
export type RepairStep =
  | "approve"
  | "reject"
  | "tender"
  | "start"
  | "complete"
  | "accept"
  | "refuse_acceptance"
  | "record_done";
export type SeparationRule = "approver_accepts" | "approval_then_works" | "works_then_approval";

export const repairStatuses: readonly RepairStatus[] = [
  "requested",
  "approved",
  "rejected",
  "tendered",
  "in_construction",
  "completed",
  "accepted",
  "done",
];

/** A repair request as the API answers it; costs in 万元. */
export interface Repair {
  id: number;
  region_code: string;
  unit_id: number;
  unit_name: string;
  building_id: number;
  building_name: string;
  room_ids: number[];
  room_numbers: string[];
  kind: RepairKind;
  title: string;
  description: string;
  estimated_cost: number;
  due_on: string | null;
  status: RepairStatus;
  unapproved: boolean;
  overdue: boolean;
  requested_by: string | null;
  decision_note: string | null;
  approved_by: string | null;
  contractor: string | null;
  contract_price: number | null;
  tendered_on: string | null;
  started_on: string | null;
  completed_on: string | null;
  actual_cost: number | null;
  acceptance_note: string | null;
  accepted_by: string | null;
  refusal_count: number;
  finding_id: number | null;
  created_at: string;
  version: number;
}

export interface RepairHistoryEntry {
  id: string;
  at: string;
  action: string;
  username: string | null;
  after: ({ step?: string; status?: string } & Record<string, unknown>) | null;
}

export interface RepairAttachment {
  id: number;
  file_name: string;
  media_type: string;
  size_bytes: number;
  created_at: string;
  uploaded_by: string | null;
}

export interface RepairDetail {
  repair: Repair;
  history: RepairHistoryEntry[];
  attachments: RepairAttachment[];
  steps: Array<{ step: RepairStep; blockedBy: SeparationRule | null }>;
}

export interface RepairPlace {
  id: number;
  name: string;
  rooms: Array<{ id: number; number: string; floor: number }>;
}

export interface RepairDraft {
  kind: RepairKind;
  buildingId: number;
  roomIds: number[];
  title: string;
  description: string;
  estimatedCost: number;
  dueOn?: string;
}

export interface RepairFilter {
  status?: string;
  kind?: string;
  unit?: string;
  overdue?: string;
  violation?: string;
}

export const maintenanceApi = {
  list: (filter: RepairFilter, signal?: AbortSignal) => {
    const params = new URLSearchParams({ limit: "500" });
    for (const [key, value] of Object.entries(filter)) if (value) params.set(key, value);
    return getJson<{ repairs: Repair[]; total: number }>(`/api/repair-requests?${params}`, signal);
  },
  detail: (id: number, signal?: AbortSignal) => getJson<RepairDetail>(`/api/repair-requests/${id}`, signal),
  places: (signal?: AbortSignal) =>
    getJson<{ buildings: RepairPlace[] }>("/api/repair-requests/places", signal).then(
      (body) => body.buildings,
    ),
  file: (draft: RepairDraft) => send<Repair>("POST", "/api/repair-requests", draft),
  step: (id: number, body: { step: RepairStep; version: number } & Record<string, unknown>) =>
    send<Repair>("POST", `/api/repair-requests/${id}/steps`, body),
  raiseFinding: (id: number, version: number) =>
    send<{ findingId: number }>("POST", `/api/repair-requests/${id}/finding`, { version }),
  attach: (id: number, file: File) => {
    const form = new FormData();
    form.set("file", file);
    return postForm<RepairAttachment>(`/api/repair-requests/${id}/attachments`, form);
  },
  attachmentUrl: (id: number, attachmentId: number) =>
    `/api/repair-requests/${id}/attachments/${attachmentId}`,
};

/** Largest attachment the server takes (768 KiB). */
export const MAX_ATTACHMENT_BYTES = 768 * 1024;

/**
 * A photo small enough to upload: larger images are redrawn at most 1600 px wide or high as JPEG
 * (tablet cameras take 3–5 MB photos); other files go as they are and the server judges them.
 */
export async function shrinkPhoto(file: File): Promise<File> {
  if (file.size <= MAX_ATTACHMENT_BYTES || !file.type.startsWith("image/")) return file;
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, 1600 / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext("2d")?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  for (const quality of [0.85, 0.7, 0.5]) {
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/jpeg", quality));
    if (blob && blob.size <= MAX_ATTACHMENT_BYTES)
      return new File([blob], `${file.name.replace(/\.\w+$/, "")}.jpg`, { type: "image/jpeg" });
  }
  return file;
}
