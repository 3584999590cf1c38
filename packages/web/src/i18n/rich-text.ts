import { createElement, Fragment, type ReactNode } from 'react';

// Its own module, not react.ts's: the provider is in each app's first download, this only where a
// screen that uses it is (the bundler keeps a module whole in one chunk).
/**
 * A translated sentence with elements inside: `richText(t('https.ask'), { b: (text) => <strong>{text}</strong> })`
 * for "…starts with <b>https://</b>…". Tags are a translator's markers, not HTML: only those named here
 * become elements, never nested, and the text between them is plain text (never parsed as markup).
 */
export function richText(message: string, tags: Record<string, (text: string) => ReactNode>): ReactNode {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of message.matchAll(/<(\w+)>(.*?)<\/\1>/g)) {
    const render = tags[match[1]!];
    if (!render) continue;
    parts.push(message.slice(last, match.index), createElement(Fragment, { key: match.index }, render(match[2]!)));
    last = match.index + match[0].length;
  }
  parts.push(message.slice(last));
  return parts;
}
