import { describe, expect, it } from "vitest";
import { SerialQueue } from "../../server/db/pglite-dialect.js";

describe("SerialQueue", () => {
  it("hands the connection out one holder at a time, in arrival order", async () => {
    const queue = new SerialQueue();
    const events: string[] = [];
    const holder = async (name: string, work: number) => {
      const release = await queue.acquire();
      events.push(`${name}:start`);
      await new Promise((resolve) => setTimeout(resolve, work));
      events.push(`${name}:end`);
      release();
    };
    await Promise.all([holder("a", 20), holder("b", 1), holder("c", 5)]);
    expect(events).toEqual(["a:start", "a:end", "b:start", "b:end", "c:start", "c:end"]);
  });
});
