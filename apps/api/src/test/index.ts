// Test helpers other workspace packages may use (the apps' end-to-end suites).
export {
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  INSECURE_HOST,
  MAP_INSECURE_HOST,
  launchChromium,
  printedSetupLink,
  startPerchServer,
  type PerchProcess,
} from './e2e';
export { TEST_ADMIN } from './harness';
export { call, connectAgent, textOf, type CallResult } from '../agents/test-agent';
export { startDeployment, type Deployment } from './deployment';
export { parseCsv } from './csv';
