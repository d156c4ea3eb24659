import pino from "pino";

/** A logger that keeps test output readable. */
export const silentLogger = pino({ level: "silent" });
