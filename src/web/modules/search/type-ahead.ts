/**
 * What the user types between Ctrl+K (or a click on « Rechercher… ») and the moment the palette's
 * field has the focus: its chunk may still be loading, its modal still opening. Those keystrokes
 * are kept here (and kept from the page below) until the field takes them.
 */
let active = false;
let typed = '';

function onKeyDown(e: KeyboardEvent) {
  if (!active || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
  if (e.key.length === 1) typed += e.key;
  else if (e.key === 'Backspace') typed = typed.slice(0, -1);
  else return;
  e.preventDefault();
  e.stopPropagation();
}

/** Starts keeping keystrokes (the palette is about to open). */
export function startTypeAhead() {
  if (active) return;
  active = true;
  typed = '';
  window.addEventListener('keydown', onKeyDown, true);
}

/** Stops keeping them and returns what was typed meanwhile ('' when nothing). */
export function takeTypeAhead(): string {
  active = false;
  window.removeEventListener('keydown', onKeyDown, true);
  const text = typed;
  typed = '';
  return text;
}
