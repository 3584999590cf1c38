import { useEffect, useRef, type ReactNode } from 'react';

interface ScreenProps {
  title: string;
  titleClassName?: string;
  /** Shown above the title (an ended notice, a problem). */
  before?: ReactNode;
  children?: ReactNode;
}

/**
 * One full screen of the kiosk. Its heading takes focus when the screen appears, so a screen reader
 * announces the new screen and keyboard focus starts at the top instead of on a vanished button.
 */
export function Screen({ title, titleClassName, before, children }: ScreenProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, [title]);
  return (
    <main className="screen">
      {before}
      <h1 ref={heading} tabIndex={-1} className={titleClassName}>
        {title}
      </h1>
      {children}
    </main>
  );
}
