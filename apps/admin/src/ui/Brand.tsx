/** The Perch mark and name. */
export function Brand({ compact = false }: { compact?: boolean }) {
  return (
    <span className={compact ? 'brand brand-compact' : 'brand'}>
      <svg className="brand-mark" viewBox="0 0 64 64" aria-hidden="true" focusable="false">
        <rect width="64" height="64" rx="14" className="brand-mark-bg" />
        <path d="M14 44h36" className="brand-mark-perch" />
        <circle cx="32" cy="27" r="11" className="brand-mark-bird" />
        <circle cx="36" cy="24" r="2.6" className="brand-mark-eye" />
        <path d="M43 27l7 2-7 3z" className="brand-mark-beak" />
      </svg>
      <span className="brand-name">Perch</span>
      {!compact && <span className="brand-tag">admin</span>}
    </span>
  );
}
