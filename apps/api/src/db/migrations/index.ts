import type { Migration } from 'kysely';
import * as m0001 from './0001_initial';
import * as m0002 from './0002_learner_search_key';
import * as m0003 from './0003_session_spent_code_hash';
import * as m0004 from './0004_session_device_hash';
import * as m0005 from './0005_agents';
import * as m0006 from './0006_session_token_seen';
import * as m0007 from './0007_session_clock_from_redeem';
import * as m0008 from './0008_tablets';
import * as m0009 from './0009_settings';
import * as m0010 from './0010_first_run';
import * as m0011 from './0011_session_end_kind';
import * as m0012 from './0012_session_partial_indexes';

/** Numbered, append-only. Imported statically so the bundled API carries them. */
export const migrations: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_learner_search_key': m0002,
  '0003_session_spent_code_hash': m0003,
  '0004_session_device_hash': m0004,
  '0005_agents': m0005,
  '0006_session_token_seen': m0006,
  '0007_session_clock_from_redeem': m0007,
  '0008_tablets': m0008,
  '0009_settings': m0009,
  '0010_first_run': m0010,
  '0011_session_end_kind': m0011,
  '0012_session_partial_indexes': m0012,
};
