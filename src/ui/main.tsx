// Page entry: starts the machine session and renders the app.

import { createRoot } from "react-dom/client";
import { createMachineSession } from "../app/machine-session.ts";
import { createMachineStore } from "../app/machine-store.ts";
import { App } from "./App.tsx";
import "./app.css";

const session = createMachineSession("guest/", createMachineStore());
createRoot(document.getElementById("root")!).render(<App session={session} />);
