import type { ActorType } from '@perch/shared';

/** Kinds of actor for the log's "Who" filter. */
export const ACTOR_TYPE_LABELS: Record<ActorType, string> = {
  admin: 'Admins',
  agent: 'AI agents',
  kiosk: 'Tablets and kiosks',
  system: 'Perch itself',
  anonymous: 'People not signed in',
};
