import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

// Absolute paths so that a build started from anywhere (npm start, tests) finds the client.
export default defineConfig(({ command }) => ({
  root: fileURLToPath(new URL("./client", import.meta.url)),
  publicDir: false,
  // A build is for production whoever starts it: under vitest NODE_ENV is "test", which would otherwise
  // pick the libraries' development builds (Lit's dev mode, with its console warning and extra checks).
  resolve: command === "build" ? { conditions: ["module", "browser", "production"] } : {},
  build: {
    outDir: fileURLToPath(new URL("./dist/client", import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    port: 5173,
    host: "127.0.0.1",
    proxy: { "/api": "http://127.0.0.1:8080", "/tiles": "http://127.0.0.1:8080" },
  },
}));
