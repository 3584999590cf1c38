import { useCallback, useRef, useState } from 'react';

export interface ActionHandlers<T> {
  onSuccess?: (value: T) => void;
  onError?: (err: unknown) => void;
}

/**
 * A call a tap starts (touch, finish): whether it is under way, how it last failed, and handlers for
 * the answer, both standing ones and per call. The last handlers given are used, never stale ones.
 */
export function useAction<T>(action: () => Promise<T>, standing: ActionHandlers<T> = {}) {
  const [state, setState] = useState<{ pending: boolean; error: unknown }>({ pending: false, error: null });
  const standingRef = useRef(standing);
  standingRef.current = standing;
  const run = useCallback(
    async (once: ActionHandlers<T> = {}) => {
      setState({ pending: true, error: null });
      try {
        const value = await action();
        setState({ pending: false, error: null });
        standingRef.current.onSuccess?.(value);
        once.onSuccess?.(value);
      } catch (error) {
        setState({ pending: false, error });
        standingRef.current.onError?.(error);
        once.onError?.(error);
      }
    },
    [action],
  );
  return { run, pending: state.pending, error: state.error };
}
