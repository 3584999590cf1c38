/** Kind words for each way the camera can fail; typing the code always works instead. */
export function cameraProblem(err: unknown): string {
  const name = err instanceof Error || (typeof err === 'object' && err !== null && 'name' in err) ? (err as { name: string }).name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'That’s OK! The camera is switched off for this app, so please type the code from your card below.';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'We couldn’t find a camera on this tablet. Please type the code from your card below.';
    case 'NotReadableError':
    case 'AbortError':
      return 'Another app is using the camera. Close it and try again, or type the code below.';
    case 'Unsupported':
      return 'This browser can’t use the camera here. Please type the code from your card below.';
    default:
      return 'The camera didn’t start. Try again, or type the code from your card below.';
  }
}
