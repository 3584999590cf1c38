import { router } from '../trpc';

export const learnersRouter = router({});
