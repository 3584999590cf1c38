import type { ReactNode } from 'react';

/** A failure explained in a sentence; announced to screen readers as it appears. */
export function ErrorNotice({ children, action }: { children: ReactNode; action?: ReactNode }) {
  return (
    <div className="notice notice-error" role="alert">
      <span className="notice-icon" aria-hidden="true">!</span>
      <div className="notice-text">{children}</div>
      {action}
    </div>
  );
}
