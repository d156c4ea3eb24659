import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

// Absolute paths so that a build started from anywhere (npm start, tests) finds the client.
export default defineConfig({
  root: fileURLToPath(new URL("./client", import.meta.url)),
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL("./dist/client", import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    port: 5173,
    host: "127.0.0.1",
    proxy: { "/api": "http://127.0.0.1:8080" },
  },
});
