// Keeps the page within the part of the screen the on-screen keyboard leaves visible, so the
// terminal's last line and the touch keys bar sit just above the keyboard. Browsers that resize
// the layout for the keyboard (Chrome, with interactive-widget=resizes-content) need none of this;
// Safari overlays the keyboard and only reports it through visualViewport.

export function fitVisualViewport(): void {
  const viewport = window.visualViewport;
  if (!viewport) return;
  const fit = () => document.documentElement.style.setProperty("--visible-height", `${viewport.height}px`);
  viewport.addEventListener("resize", fit);
  fit();
}
