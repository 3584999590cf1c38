import { useNow } from './use-now';

export interface Countdown {
  remainingMs: number;
  lapsed: boolean;
}

/** Time left until `deadlineIso`, ticking each second; `lapsed` once it has passed. */
export function useCountdown(deadlineIso: string): Countdown {
  const now = useNow(1000);
  const remainingMs = Math.max(0, Date.parse(deadlineIso) - now);
  return { remainingMs, lapsed: remainingMs <= 0 };
}
