// Page entry: the machine starts before anything else loads. Its worker downloads and restores
// the machine while the app (React, the terminal, the lessons: most of the page's script) is
// fetched and run, instead of after it. A load that finishes a switch to a new build starts
// nothing: the old build's service worker must be idle for the new one to take over.

import { createMachineSession } from "../app/machine-session.ts";
import { createMachineStore } from "../app/machine-store.ts";
import { resumeSwitch } from "../offline/site-version.ts";

function start(): void {
  const session = createMachineSession("guest/", createMachineStore());
  import("./main.tsx").then(
    ({ showApp }) => showApp(session),
    (error: unknown) => {
      // The app's script did not arrive (the network dropped mid-load): say so rather than stay blank.
      document.getElementById("root")!.textContent = `The page could not load (${String(error)}). Reload it to try again.`;
    },
  );
}

void resumeSwitch()
  .catch(() => false)
  .then((switching) => {
    if (switching) document.getElementById("root")!.textContent = "Switching to the new version…";
    else start();
  });
