import { useEffect, useState } from 'react';
import { serverNow } from './server-clock';

/**
 * The current time on the server's clock, re-read every `intervalMs`, so countdowns and "3 min ago"
 * stay true even when this computer's clock is off.
 */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(serverNow);
  useEffect(() => {
    const timer = setInterval(() => setNow(serverNow()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
