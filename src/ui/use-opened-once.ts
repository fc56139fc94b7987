// Panes stay mounted while hidden; this tells a pane whether it has ever been shown, so it
// loads its heavy parts and starts reading the machine only for a learner who opens it.

import { useState } from "react";

export function useOpenedOnce(visible: boolean): boolean {
  const [opened, setOpened] = useState(visible);
  if (visible && !opened) setOpened(true);
  return opened || visible;
}
