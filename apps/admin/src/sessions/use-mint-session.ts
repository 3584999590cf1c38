import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { GUEST_AGE_BANDS, MintedSession, OnExisting } from '@perch/shared';
import { useTRPC, useTRPCClient } from '../trpc';
import { needsFreshSession } from './renew';

/** Who a session is for: a learner on the list, or a guest known only by age band. */
export type GuestAgeBand = (typeof GUEST_AGE_BANDS)[number];
export type SessionTarget = { kind: 'learner'; learnerId: string } | { kind: 'guest'; ageBand: GuestAgeBand };
export interface MintOptions {
  durationMin: number;
  idleLockMin: number;
  /** A learner's session already waiting or running: refuse (the default, so the admin is asked), end it, or keep it. */
  onExisting?: OnExisting;
}

/**
 * Starting a session, and getting a working code again once one lapses: `sessions.reissueCode`
 * while the session is still pending, otherwise a fresh session with the same settings.
 */
export function useMintSession() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const refreshLists = () => void queryClient.invalidateQueries(trpc.sessions.list.pathFilter());

  const startFresh = (target: SessionTarget, { onExisting, ...options }: MintOptions): Promise<MintedSession> =>
    target.kind === 'learner'
      ? client.sessions.start.mutate({ learnerId: target.learnerId, ...options, ...(onExisting ? { onExisting } : {}) })
      : client.sessions.startGuest.mutate({ ageBand: target.ageBand, ...options });

  const start = useMutation({
    mutationKey: ['perch', 'start-session'],
    mutationFn: (vars: { target: SessionTarget; options: MintOptions }) => startFresh(vars.target, vars.options),
    onSuccess: refreshLists,
  });

  const renew = useMutation({
    mutationKey: ['perch', 'renew-code'],
    mutationFn: async (vars: { previous: MintedSession; target: SessionTarget; options: MintOptions }) => {
      try {
        return await client.sessions.reissueCode.mutate({ sessionId: vars.previous.sessionId });
      } catch (err) {
        if (!needsFreshSession(err)) throw err;
        // The session being replaced is over; a second one the admin chose to keep still stands.
        const { onExisting, ...options } = vars.options;
        return startFresh(vars.target, onExisting === 'keep' ? vars.options : options);
      }
    },
    onSuccess: refreshLists,
  });

  return { start, renew };
}
