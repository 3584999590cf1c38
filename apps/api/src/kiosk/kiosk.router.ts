import { router } from '../trpc';

export const kioskRouter = router({});
