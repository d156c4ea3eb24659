import { randomUUID } from "node:crypto";

export type JobState = "running" | "done" | "failed" | "cancelled";

/** What `GET /api/jobs/{id}` shows. */
export interface JobView {
  readonly id: string;
  readonly kind: string;
  readonly state: JobState;
  readonly processed: number;
  readonly total: number;
  readonly phase?: string;
  readonly result?: unknown;
  readonly error?: { code: string; message: string };
  readonly startedAt: string;
  readonly finishedAt?: string;
}

/** Thrown by a job's work when it sees its signal aborted; ends the job as `cancelled`. */
export class JobCancelled extends Error {
  constructor() {
    super("cancelled");
  }
}

/** A job that fails with a result worth showing (e.g. an import's row errors). */
export class JobFailed extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly result?: unknown,
  ) {
    super(message);
  }
}

export interface JobContext {
  readonly signal: AbortSignal;
  /** Reports progress; throws JobCancelled when the job was cancelled meanwhile. */
  readonly progress: (processed: number, total?: number, phase?: string) => void;
}

interface Job {
  view: JobView;
  readonly ownerId: number;
  readonly controller: AbortController;
  readonly settled: Promise<void>;
}

/** Finished jobs stay readable this long, then are forgotten. */
const KEEP_FINISHED_MS = 60 * 60 * 1000;

/**
 * Long work of one server process (imports, later optimisation and reports) with progress and
 * cancellation. In memory: a job lives as long as the process that runs it, like its transaction.
 */
export class JobRegistry {
  readonly #jobs = new Map<string, Job>();

  start(
    kind: string,
    ownerId: number,
    total: number,
    work: (context: JobContext) => Promise<unknown>,
    onError: (error: unknown) => void = () => {},
  ): JobView {
    this.#forgetOld();
    const id = randomUUID();
    const controller = new AbortController();
    const update = (changes: Partial<JobView>) => {
      const job = this.#jobs.get(id);
      if (job) job.view = { ...job.view, ...changes };
    };
    const context: JobContext = {
      signal: controller.signal,
      progress: (processed, newTotal, phase) => {
        if (controller.signal.aborted) throw new JobCancelled();
        update({
          processed,
          ...(newTotal === undefined ? {} : { total: newTotal }),
          ...(phase ? { phase } : {}),
        });
      },
    };
    const finished = () => new Date().toISOString();
    // Started on the next turn so that the caller has the id before any progress.
    const settled = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => work(context))
      .then(
        (result) => update({ state: "done", result, finishedAt: finished() }),
        (error: unknown) => {
          if (error instanceof JobCancelled || controller.signal.aborted) {
            update({ state: "cancelled", finishedAt: finished() });
          } else if (error instanceof JobFailed) {
            update({
              state: "failed",
              error: { code: error.code, message: error.message },
              ...(error.result === undefined ? {} : { result: error.result }),
              finishedAt: finished(),
            });
          } else {
            onError(error);
            const message = error instanceof Error ? error.message : String(error);
            update({ state: "failed", error: { code: "internal", message }, finishedAt: finished() });
          }
        },
      );
    const view: JobView = {
      id,
      kind,
      state: "running",
      processed: 0,
      total,
      startedAt: new Date().toISOString(),
    };
    this.#jobs.set(id, { view, ownerId, controller, settled });
    return view;
  }

  /** The job if `userId` started it (or `isAdmin`); undefined otherwise. */
  get(id: string, userId: number, isAdmin = false): JobView | undefined {
    const job = this.#jobs.get(id);
    return job && (job.ownerId === userId || isAdmin) ? job.view : undefined;
  }

  /** Cancels a running job and waits until its work has stopped (its transaction rolled back). */
  async cancel(id: string): Promise<JobView | undefined> {
    const job = this.#jobs.get(id);
    if (!job) return undefined;
    job.controller.abort();
    await job.settled;
    return job.view;
  }

  /** Resolves when the job has ended (tests, shutdown). */
  async settled(id: string): Promise<JobView | undefined> {
    await this.#jobs.get(id)?.settled;
    return this.#jobs.get(id)?.view;
  }

  #forgetOld(): void {
    const now = Date.now();
    for (const [id, job] of this.#jobs) {
      const finishedAt = job.view.finishedAt ? Date.parse(job.view.finishedAt) : undefined;
      if (finishedAt !== undefined && now - finishedAt > KEEP_FINISHED_MS) this.#jobs.delete(id);
    }
  }
}
