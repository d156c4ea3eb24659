import type { InspectionRow, PlanRow } from "../../server/db/repositories/inspection.repository.js";
import type { RoutineRule } from "../../server/domain/inspections/inspection-plans.js";
import type {
  ChecklistRoom,
  ProposedFinding,
  RoomObservation,
} from "../../server/domain/inspections/proposals.js";
import { ApiRequestError } from "./fangtu-api.js";

// The inspections tab's calls (监督检查, issue 10). Writes carry the session's CSRF token, read from
// /api/auth/me once and again when the server refuses it (a new sign-in changes it).

export type { ChecklistRoom, InspectionRow, ProposedFinding, RoomObservation, RoutineRule };

export interface InspectionPlan extends PlanRow {
  inspections: InspectionRow[];
  counts: { inspections: number; done: number; inProgress: number };
}

export interface PlanList {
  region: string | null;
  year: number | null;
  routineRule: RoutineRule | null;
  plans: InspectionPlan[];
}

export interface InspectionPhoto {
  id: number;
  room_id: number | null;
  file_name: string;
  media_type: string;
  size_bytes: number;
  caption: string | null;
}

export interface ChecklistItem extends ChecklistRoom {
  standardArea: number | null;
  result: RoomObservation | null;
  photos: InspectionPhoto[];
}

export interface Checklist {
  inspection: InspectionRow;
  rooms: ChecklistItem[];
  summary: { rooms: number; checked: number; usableArea: number; photos: number };
}

export interface Proposal extends ProposedFinding {
  confirmed: boolean;
}

export interface RoomResultDraft {
  observedUseCategory?: string;
  observedStatus?: string;
  observedUsableArea?: number;
  observedOccupantUnitId?: number;
  observedOccupants?: string;
  note?: string;
}

export interface FindingConfirmation {
  key: string;
  severity?: "low" | "medium" | "high";
  deadline?: string;
  description?: string;
}

let csrfToken: string | null = null;

async function token(refresh = false): Promise<string> {
  if (csrfToken && !refresh) return csrfToken;
  const response = await fetch("/api/auth/me", { headers: { Accept: "application/json" } });
  const body = (await response.json().catch(() => ({}))) as { csrfToken?: string | null };
  csrfToken = body.csrfToken ?? "";
  return csrfToken;
}

async function request<T>(
  path: string,
  init: RequestInit = {},
  signal?: AbortSignal,
  retried = false,
): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  const writing = init.method !== undefined && init.method !== "GET";
  if (typeof init.body === "string") headers["Content-Type"] = "application/json";
  if (writing) headers["X-CSRF-Token"] = await token();
  const response = await fetch(path, { ...init, signal: signal ?? null, headers });
  const body = (await response.json().catch(() => ({}))) as T & {
    error?: { code: string; message: string; details?: unknown[] };
  };
  if (!response.ok) {
    if (writing && !retried && response.status === 403 && /CSRF/.test(body.error?.message ?? "")) {
      await token(true);
      return request(path, init, signal, true);
    }
    throw new ApiRequestError(
      response.status,
      body.error?.code ?? "unknown",
      body.error?.message ?? response.statusText,
      body.error?.details ?? [],
    );
  }
  return body;
}

const write = <T>(method: "POST" | "PUT" | "PATCH", path: string, body: unknown) =>
  request<T>(path, { method, body: JSON.stringify(body) });

export const inspectionApi = {
  plans: (region: string, year: number, signal?: AbortSignal) =>
    request<PlanList>(`/api/inspection-plans?region=${region}&year=${year}`, {}, signal),
  /** Every plan the reader sees (a unit user: those with their unit's inspections). */
  myPlans: (year: number, signal?: AbortSignal) =>
    request<PlanList>(`/api/inspection-plans?year=${year}`, {}, signal),
  createPlan: (draft: {
    region: string;
    year: number;
    kind: string;
    round?: number;
    title: string;
    startsOn: string;
    endsOn: string;
    note?: string;
  }) => write<InspectionPlan>("POST", "/api/inspection-plans", draft),
  cancelPlan: (id: number, version: number) =>
    write<InspectionPlan>("PATCH", `/api/inspection-plans/${id}`, { version, status: "cancelled" }),
  inspectors: (planId: number) =>
    request<{ inspectors: Array<{ id: number; username: string; display_name: string }> }>(
      `/api/inspection-plans/${planId}/inspectors`,
    ),
  addInspection: (
    planId: number,
    draft: { unitId?: number; buildingId?: number; plannedOn: string; inspectorId?: number },
  ) => write<InspectionRow>("POST", `/api/inspection-plans/${planId}/inspections`, draft),
  cancelInspection: (id: number, version: number) =>
    write<InspectionRow>("PATCH", `/api/inspections/${id}`, { version, status: "cancelled" }),
  checklist: (id: number, signal?: AbortSignal) =>
    request<Checklist>(`/api/inspections/${id}/checklist`, {}, signal),
  start: (id: number, version: number) =>
    write<InspectionRow>("POST", `/api/inspections/${id}/start`, { version }),
  finish: (id: number, version: number) =>
    write<{ inspection: InspectionRow; proposals: Proposal[] }>("POST", `/api/inspections/${id}/finish`, {
      version,
    }),
  saveResult: (id: number, roomId: number, draft: RoomResultDraft) =>
    write<{ result: RoomObservation }>("PUT", `/api/inspections/${id}/rooms/${roomId}/result`, draft),
  proposals: (id: number, signal?: AbortSignal) =>
    request<{ status: string; defaultDeadline: string; proposals: Proposal[] }>(
      `/api/inspections/${id}/proposals`,
      {},
      signal,
    ),
  confirm: (id: number, findings: FindingConfirmation[]) =>
    write<{ findings: Array<{ id: number }> }>("POST", `/api/inspections/${id}/findings`, { findings }),
  uploadPhoto: (id: number, file: Blob, name: string, roomId: number | null) => {
    const form = new FormData();
    form.set("file", file, name);
    if (roomId !== null) form.set("roomId", String(roomId));
    return request<InspectionPhoto>(`/api/inspections/${id}/photos`, { method: "POST", body: form });
  },
  photoUrl: (id: number, photoId: number) => `/api/inspections/${id}/photos/${photoId}`,
};

/** Largest side of a photo sent from a tablet camera: enough to read a door plate, well under 2 MiB. */
const PHOTO_MAX_SIDE = 1600;

/**
 * A camera picture scaled down to JPEG (≤ 1600 px on its longer side) before upload: tablet cameras
 * take 3–8 MB pictures, the server keeps at most 2 MiB. Small JPEG/PNG files go as they are.
 */
export async function preparePhoto(file: File): Promise<{ blob: Blob; name: string }> {
  if (file.size <= 1024 * 1024 && (file.type === "image/jpeg" || file.type === "image/png"))
    return { blob: file, name: file.name };
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, PHOTO_MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext("2d")?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  const blob = await new Promise<Blob>((resolve, reject) =>
    canvas.toBlob((result) => (result ? resolve(result) : reject(new Error("photo"))), "image/jpeg", 0.85),
  );
  return { blob, name: `${file.name.replace(/\.[^.]+$/, "")}.jpg` };
}
