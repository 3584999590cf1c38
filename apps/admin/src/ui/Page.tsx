import type { ReactNode } from 'react';

interface PageProps {
  /** Names the heading's id (`<id>-title`), which labels the page for screen readers. */
  id: string;
  title: string;
  lede?: string;
  /** Buttons or status shown at the header's end. */
  actions?: ReactNode;
  headerClassName?: string;
  children: ReactNode;
}

/**
 * One admin page: a section named by its heading. The heading can take focus (tabIndex -1) so the
 * shell moves keyboard and screen-reader users to it on navigation.
 */
export function Page({ id, title, lede, actions, headerClassName, children }: PageProps) {
  const titleId = `${id}-title`;
  return (
    <section className="page" aria-labelledby={titleId}>
      <div className={headerClassName ? `page-header ${headerClassName}` : 'page-header'}>
        <div>
          <h1 id={titleId} tabIndex={-1}>
            {title}
          </h1>
          {lede && <p className="page-lede">{lede}</p>}
        </div>
        {actions}
      </div>
      {children}
    </section>
  );
}

/** Moves keyboard and screen-reader users to the page's heading, as after moving to a new page. */
export function focusPageHeading(options?: FocusOptions): void {
  document.querySelector<HTMLElement>('main h1')?.focus(options);
}
