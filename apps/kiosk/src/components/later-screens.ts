/**
 * The screens after "Getting ready…", one chunk loaded beside the first screen (KioskFlow preloads
 * it): scanning, and the two a tablet seldom shows (an insecure address, a tablet not enrolled).
 * One chunk, not three: as separate chunks, the bundler (rolldown 1.2) moved React and the
 * translations out of the entry into a shared chunk, which cost the first download more than it saved.
 */
export { ScanScreen } from './ScanScreen';
export { InsecureConnectionScreen } from './InsecureConnectionScreen';
export { NotEnrolledScreen } from '../device/NotEnrolledScreen';
