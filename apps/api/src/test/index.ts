// Test helpers other workspace packages may use (the apps' end-to-end suites).
export { launchChromium, startPerchServer, type PerchProcess } from './e2e';
export { TEST_ADMIN } from './harness';
