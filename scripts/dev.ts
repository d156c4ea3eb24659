// `npm run dev`: the API server (restarting on change) and Vite's dev server with hot reload,
// which proxies /api to it. Ctrl-C stops both.
import { type ChildProcess, spawn } from "node:child_process";

const children: ChildProcess[] = [
  spawn("npx", ["tsx", "watch", "server/main.ts"], { stdio: "inherit" }),
  spawn("npx", ["vite"], { stdio: "inherit" }),
];
console.log("房图 dev: API on http://localhost:8080, app with hot reload on http://localhost:5173");

const stop = () => {
  for (const child of children) child.kill("SIGTERM");
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
for (const child of children) child.on("exit", stop);
