/**
 * What a person could not read or reach on the screen as it is drawn now, in words (empty when
 * nothing): the page scrolling sideways, a control outside the window or cut by a box that hides
 * its overflow, text cut off or running past its box's edge (an ellipsis is a deliberate, readable
 * truncation and passes), a text field too narrow for what it holds. Screen-reader-only text
 * (clipped to 1 px on purpose) is skipped.
 *
 * Runs in the page (`page.evaluate(layoutProblems)`), so it holds everything it uses.
 */
export function layoutProblems(): string[] {
  const problems: string[] = [];
  const doc = document.documentElement;
  const viewWidth = doc.clientWidth;
  const viewHeight = window.innerHeight;
  const describe = (el: Element) => {
    const label = el.getAttribute('aria-label') ?? (el as HTMLInputElement).labels?.[0]?.textContent ?? el.textContent ?? '';
    return `<${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? ` .${el.className.split(' ')[0]}` : ''}> “${label.trim().replace(/\s+/g, ' ').slice(0, 40)}”`;
  };
  const shown = (el: Element) => {
    const rect = el.getBoundingClientRect();
    if (rect.width <= 1 || rect.height <= 1) return false; // nothing drawn, or screen-reader-only
    const style = getComputedStyle(el);
    return style.visibility !== 'hidden' && style.opacity !== '0' && !el.closest('[hidden], [inert]');
  };
  const hidesOverflow = (value: string) => value === 'hidden' || value === 'clip';

  if (doc.scrollWidth > viewWidth + 1) problems.push(`the page scrolls sideways (${doc.scrollWidth} px wide in a ${viewWidth} px window)`);

  // With a modal dialog open, only the dialog can be used: the page behind it is checked on its own.
  const scope = [...document.querySelectorAll('dialog[open], [role="dialog"][aria-modal="true"]')].at(-1) ?? document;
  const controls = scope.querySelectorAll('button, a[href], input:not([type="hidden"]), select, textarea, summary, [role="button"], [role="tab"], [role="link"]');
  for (const control of controls) {
    if (!shown(control)) continue;
    const rect = control.getBoundingClientRect();
    if (rect.left < -1 || rect.right > viewWidth + 1) problems.push(`${describe(control)} sticks out of the window (${Math.round(rect.left)}–${Math.round(rect.right)} of ${viewWidth} px)`);
    for (let box = control.parentElement; box && box !== document.body; box = box.parentElement) {
      const style = getComputedStyle(box);
      const outer = box.getBoundingClientRect();
      const cutX = hidesOverflow(style.overflowX) && (rect.left < outer.left - 1 || rect.right > outer.right + 1);
      const cutY = hidesOverflow(style.overflowY) && (rect.top < outer.top - 1 || rect.bottom > outer.bottom + 1);
      // A box that scrolls sideways hides controls just as well on a phone: it must not need to.
      const sideways = style.overflowX === 'auto' || style.overflowX === 'scroll' ? box.scrollWidth > box.clientWidth + 1 : false;
      if (cutX || cutY) problems.push(`${describe(control)} is cut off by ${describe(box)}`);
      else if (sideways) problems.push(`${describe(control)} sits in ${describe(box)}, which scrolls sideways`);
      if (cutX || cutY || sideways) break;
    }
    // Below the fold is fine while the page (or a box) can scroll there; a fixed-height screen cannot.
    if (rect.bottom > viewHeight + 1 && doc.scrollHeight <= viewHeight + 1 && !hasScrollingAncestor(control)) {
      problems.push(`${describe(control)} is below the bottom of a screen that cannot scroll`);
    }
    if ((control instanceof HTMLInputElement && ['text', 'search', 'email', 'number', 'tel', 'url', 'password', ''].includes(control.type)) || control instanceof HTMLTextAreaElement) {
      // A read-only field holding a long link for copying (it has a Copy button) may scroll.
      if (control.value && !control.readOnly && control.scrollWidth > control.clientWidth + 1 && control instanceof HTMLInputElement) {
        problems.push(`${describe(control)} shows only part of “${control.value}”`);
      }
    }
  }

  // Text cut by its own box: a leaf with text whose content is wider or taller than the box that hides it.
  for (const el of document.body.querySelectorAll('*')) {
    if (!shown(el) || !el.childNodes.length) continue;
    const hasText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim());
    if (!hasText) continue;
    const style = getComputedStyle(el);
    if (style.display === 'inline' || style.textOverflow === 'ellipsis') continue;
    const wider = el.scrollWidth > el.clientWidth + 1;
    const cutY = hidesOverflow(style.overflowY) && el.scrollHeight > el.clientHeight + 1;
    if ((wider && hidesOverflow(style.overflowX)) || cutY) problems.push(`the text of ${describe(el)} is cut off`);
    // Text wider than its own box spills over the box's edge (a button's label past its border).
    else if (wider && style.overflowX === 'visible') problems.push(`the text of ${describe(el)} runs out of its box`);
  }
  return problems;

  function hasScrollingAncestor(el: Element) {
    for (let box = el.parentElement; box; box = box.parentElement) {
      const y = getComputedStyle(box).overflowY;
      if ((y === 'auto' || y === 'scroll') && box.scrollHeight > box.clientHeight + 1) return true;
    }
    return false;
  }
}

/** Window sizes a learner's tablet may have: 600 to 1400 px wide, in both orientations. */
export const TABLET_VIEWPORTS = [
  { width: 600, height: 960 },
  { width: 800, height: 1280 },
  { width: 1024, height: 768 },
  { width: 1280, height: 800 },
  { width: 1400, height: 1050 },
  { width: 960, height: 600 },
] as const;

/** An admin's screen, from a small phone (360 px) up to a laptop. */
export const ADMIN_VIEWPORTS = [
  { width: 360, height: 740 },
  { width: 390, height: 844 },
  { width: 768, height: 1024 },
  { width: 1024, height: 768 },
  { width: 1280, height: 800 },
] as const;
