/**
 * What the kiosk shows when something went wrong before a session (the launch's check or a code's
 * redeem failed): the words and the screen, one dynamic import. KioskFlow preloads it beside the first
 * screen, so it is here when needed (and the service worker keeps it for offline launches), yet not
 * part of the first download: most launches never need it.
 */
export { describeError } from '../lib/friendly-error';
export { ProblemScreen } from './ProblemScreen';
