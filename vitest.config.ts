import { defineConfig } from "vitest/config";
import { EMULATOR_NODE_FLAGS } from "./tools/emulator-node-flags.ts";

export default defineConfig({
  test: {
    projects: [
      {
        test: { name: "unit", include: ["src/**/*.test.ts", "tools/**/*.test.ts"], environment: "node" },
      },
      {
        // The real guest in v86: minutes per file, one machine per file, two files at once (one per core).
        test: {
          name: "guest",
          include: ["tests/guest/**/*.test.ts"],
          environment: "node",
          maxWorkers: 2,
          execArgv: EMULATOR_NODE_FLAGS,
          // After the unit project: vitest runs projects with different worker counts as groups.
          sequence: { groupOrder: 1 },
          testTimeout: 600_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
