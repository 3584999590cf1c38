import type { KioskMessageId } from '../i18n';
import 'messages:camera';

/** Kind words for each way the camera can fail; typing the code always works instead. */
export function cameraProblem(err: unknown): KioskMessageId {
  const name = err instanceof Error || (typeof err === 'object' && err !== null && 'name' in err) ? (err as { name: string }).name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'camera.denied';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'camera.notFound';
    case 'NotReadableError':
    case 'AbortError':
      return 'camera.busy';
    case 'Unsupported':
      return 'camera.unsupported';
    default:
      return 'camera.failed';
  }
}
