/// <reference types="vitest/config" />
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// `npm run dev` proxies the API to the gateway (`keel up` serves it on :8080).
export default defineConfig({
  plugins: [react()],
  server: {
    proxy: { "/api": "http://127.0.0.1:8080" },
  },
  build: {
    outDir: "dist",
    sourcemap: false,
    // Only the app itself: nothing from the environment reaches the bundle.
    emptyOutDir: true,
  },
  envPrefix: "KEEL_PUBLIC_",
  test: {
    // Plain Node for logic; component tests opt into happy-dom per file.
    environment: "node",
    include: ["tests/unit/**/*.test.{ts,tsx}"],
    restoreMocks: true,
  },
});
