/**
 * Simple line icons, drawn inline so they work offline. Decorative: the words beside them say it all.
 * Each screen keeps its own drawings (`path`), so the first download carries only the ones it shows.
 */
export function Icon({ path }: { path: string }) {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      <path d={path} />
    </svg>
  );
}

/** Retry, shown by the screens that must work when Perch does not answer. */
export const RETRY_ICON = 'M4 12a8 8 0 1 0 2.5-5.8M4 4v4.5h4.5';
