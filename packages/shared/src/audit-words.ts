import type { AuditAction, AuditEntry } from './audit';
import { CODE_TTL_MS, MINUTE_MS } from './constants';

/*
 * The audit log in words, from the structured entries the API answers: who acted, whom it was
 * about, what happened and its details as sentences. One place for the admin app's table and the
 * CSV export, so the two always say the same thing. Pure functions over data: a translation can
 * take the same entries and say them in another language.
 */

/** What happened, a few words per action (the table's "What" column and its filter). */
export const AUDIT_ACTION_WORDS: Record<AuditAction, string> = {
  'admin.login': 'Admin signed in',
  'admin.login_failed': 'Failed sign-in',
  'admin.logout': 'Admin signed out',
  'admin.created': 'Admin created',
  'admin.setup': 'First admin created',
  'admin.setup_failed': 'Set-up link refused',
  'learner.create': 'Learner added',
  'learner.update': 'Learner edited',
  'learner.archive': 'Learner archived',
  'session.start': 'Session started',
  'session.start_guest': 'Guest session started',
  'session.reissue_code': 'New code issued',
  'session.send': 'Session sent to a tablet',
  'session.redeem': 'Code redeemed',
  'session.redeem_failed': 'Code refused',
  'session.redeem_recovered': 'Session recovered (answer lost)',
  'session.lock': 'Tablet locked (idle)',
  'session.unlock': 'Tablet unlocked',
  'session.finish': 'Learner finished',
  'session.end': 'Session ended',
  'session.force_end': 'Session force-ended',
  'session.revoke_batch': 'Class ended',
  'session.expire': 'Session expired',
  'retention.purge': 'Old records purged',
  'tablet.enrollment_create': 'Tablet enrollment code made',
  'tablet.enroll': 'Tablet enrolled',
  'tablet.enroll_failed': 'Enrollment code refused',
  'tablet.rename': 'Tablet renamed',
  'tablet.retire': 'Tablet retired',
  'tablet.redeem_mode': 'Who may redeem changed',
  'tablet.kiosk_names': 'Names on tablets changed',
  'throttle.unblock': 'Redemption unblocked',
  'agent.grant_create': 'Agent grant created',
  'agent.grant_revoke': 'Agent grant revoked',
  'agent.policy_update': 'Agent policy changed',
  'agent.call': 'Agent tool call',
  'agent.denied': 'Agent call denied by policy',
  'agent.request': 'Agent asked for approval',
  'agent.request_approve': 'Agent request approved',
  'agent.request_decline': 'Agent request declined',
  'audit.export': 'Audit log exported',
};

/** Actions only the kiosk app performs: older rows wrote some of them as by an anonymous visitor. */
const KIOSK_ACTIONS: ReadonlySet<AuditAction> = new Set(['session.redeem_failed', 'tablet.enroll_failed']);

const quoted = (text: string) => `“${text}”`;

/** A tablet by the name it had then, and what it is called now when that changed (or that it is gone). */
function tabletWords(then: string | null, now: AuditEntry['tablet'], quote: (name: string) => string = quoted): string {
  if (!then && !now) return 'a tablet';
  const name = then ?? now!.name;
  const renamed = now && now.name !== name ? ` (now ${quoted(now.name)})` : '';
  const retired = now?.retired ? ', since retired' : '';
  return `${quote(name)}${renamed}${retired}`;
}

/** Who acted, as a person would say it. */
export function auditActorWords(entry: AuditEntry): string {
  switch (entry.actorType) {
    case 'system':
      return 'Perch';
    case 'admin':
      if (entry.actorName && entry.actorLabel) return `${entry.actorName} (${entry.actorLabel})`;
      return entry.actorName ?? entry.actorLabel ?? 'An admin';
    case 'agent':
      return `Agent ${quoted(entry.actorLabel ?? 'unnamed')}`;
    case 'kiosk':
      return kioskWords(entry);
    case 'anonymous':
      if (KIOSK_ACTIONS.has(entry.action)) return kioskWords(entry);
      return entry.actorLabel ? `Someone signing in as ${entry.actorLabel}` : 'Someone not signed in';
  }
}

/**
 * An enrolled tablet by its name (then, and now if renamed); any other browser running the kiosk
 * by what it is ("Chrome on Android"). Older rows kept that only in the detail's `device`.
 */
function kioskWords(entry: AuditEntry): string {
  const device = typeof entry.detail.device === 'string' ? entry.detail.device : null;
  const then = entry.actorLabel ?? device;
  if (entry.tablet) return tabletWords(then, entry.tablet, (t) => t);
  return then ? `The kiosk (${then})` : 'The kiosk';
}

/** Whom the entry is about; empty when it is about no one (a sign-in, a setting). */
export function auditLearnerWords(entry: AuditEntry): string {
  const subject = entry.learner;
  if (!subject) return '';
  if (subject.kind === 'guest') return subject.ageBand ? `A guest (${subject.ageBand})` : 'A guest';
  if (subject.name === null) return 'A learner no longer on record';
  return subject.archived ? `${subject.name} (archived)` : subject.name;
}

export interface AuditWordsOptions {
  /** How a moment is written: the viewer's locale in the app; the chosen time zone in the CSV. */
  dateTime?: (iso: string) => string;
}

/** Reads an entry's detail by key, noting each key it could use, so the rest can be said plainly. */
class DetailReader {
  readonly used = new Set<string>();
  constructor(readonly detail: Record<string, unknown>) {}

  private take<T>(key: string, ok: (v: unknown) => v is T): T | undefined {
    const value = this.detail[key];
    if (!ok(value)) return undefined;
    this.used.add(key);
    return value;
  }
  num = (key: string) => this.take(key, (v): v is number => typeof v === 'number' && Number.isFinite(v));
  str = (key: string) => this.take(key, (v): v is string => typeof v === 'string' && v !== '');
  bool = (key: string) => this.take(key, (v): v is boolean => typeof v === 'boolean');
  list = (key: string) => this.take(key, (v): v is unknown[] => Array.isArray(v));
  /** A key that needs no words of its own (an id the rest of the entry already names). */
  skip = (...keys: string[]) => keys.forEach((k) => k in this.detail && this.used.add(k));
}

type Words = (d: DetailReader, entry: AuditEntry, options: Required<AuditWordsOptions>) => (string | false | undefined)[];

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** 90 → "90 minutes", 120 → "2 hours", 4320 → "3 days". */
export function minutesWords(min: number): string {
  if (min >= 1440 && min % 1440 === 0) return plural(min / 1440, 'day');
  if (min >= 60 && min % 60 === 0) return plural(min / 60, 'hour');
  return plural(min, 'minute');
}

/** "a, b and c". */
function listWords(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** Phrases as one sentence: first letter up, a full stop at the end. */
function sentence(...phrases: (string | false | undefined)[]): string | undefined {
  const text = phrases.filter(Boolean).join(', ');
  if (!text) return undefined;
  const full = `${text[0]!.toUpperCase()}${text.slice(1)}`;
  return /[.!?]$/.test(full) ? full : `${full}.`;
}

/** A session's length and idle lock, and its class start: "60-minute session, locks after 10 idle minutes". */
function sessionTerms(d: DetailReader): (string | undefined)[] {
  const duration = d.num('durationMin');
  const idle = d.num('idleLockMin');
  const classSize = d.num('classSize');
  const inClass = d.str('batchId') !== undefined;
  const cardLife = d.num('cardLifeMin');
  return [
    duration !== undefined ? `${duration}-minute session` : undefined,
    idle === undefined ? undefined : idle === 0 ? 'never locks when idle' : `locks after ${plural(idle, 'idle minute')}`,
    inClass ? (classSize !== undefined ? `part of a class start of ${classSize}` : 'part of a class start') : undefined,
    cardLife !== undefined ? `cards work for ${minutesWords(cardLife)}` : undefined,
  ];
}

const CODE_REFUSALS: Record<string, string> = {
  CODE_UNKNOWN: 'No session has this code (mistyped, or made up).',
  CODE_USED: 'This code had already been used.',
  CODE_EXPIRED: 'This code had expired.',
};

const ENROLL_REFUSALS: Record<string, string> = {
  CODE_UNKNOWN: 'The enrollment code was not recognised.',
  CODE_USED: 'The enrollment code had already been used.',
  CODE_EXPIRED: 'The enrollment code had expired.',
};

const SETUP_REFUSALS: Record<string, string> = {
  CODE_UNKNOWN: 'The set-up link was not recognised.',
  CODE_EXPIRED: 'The set-up link had expired.',
};

/**
 * What a start did to sessions the learner already had, as the admin chose (onExisting, see
 * existing-session.ts): the ones it ended, or the ones it started beside (session.start,
 * session.send). The choice alone, when the learner had none, needs no words.
 */
function onExistingWords(d: DetailReader): string | undefined {
  d.skip('onExisting');
  const ended = d.list('endedSessionIds')?.length ?? 0;
  const beside = d.num('besideSessions') ?? 0;
  if (ended > 0) return ended === 1 ? 'Their other session was ended to start this one.' : `Their other ${ended} sessions were ended to start this one.`;
  if (beside > 0) return `Started beside ${beside === 1 ? 'another session' : `${beside} other sessions`} of theirs, as the admin chose.`;
  return undefined;
}
const REDEEM_MODE_WORDS: Record<string, string> = { open: 'any browser', enrolled: 'only enrolled tablets' };
const KIOSK_NAMES_WORDS = (firstOnly: boolean) => (firstOnly ? 'first names only' : 'full names');
const LEARNER_FIELDS: Record<string, string> = { name: 'name', age: 'age', notes: 'notes' };
const POLICY_SOURCES: Record<string, string> = { default: 'the built-in default', database: 'the saved policy', file: 'the policy file' };
const SHOWN_POLICY_CHANGES = 3;

/** A short, readable rendering of any JSON value (policy values, leftovers). */
function valueWords(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return UUID.test(value) ? `${value.slice(0, 8)}…` : value;
  if (typeof value === 'number') return value.toLocaleString('en');
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map(valueWords).join(', ');
  const json = JSON.stringify(value);
  return json.length > 120 ? `${json.slice(0, 119)}…` : json;
}
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function policyChanges(d: DetailReader): string | undefined {
  const list = d.list('changes');
  const count = d.num('changeCount') ?? list?.length;
  if (count === undefined) return undefined;
  const shown = (list ?? []).slice(0, SHOWN_POLICY_CHANGES).map((c) => {
    const change = (c ?? {}) as { path?: unknown; from?: unknown; to?: unknown };
    const path = typeof change.path === 'string' ? change.path : '?';
    if (!('from' in change)) return `${path} set to ${valueWords(change.to)}`;
    if (!('to' in change)) return `${path} removed (was ${valueWords(change.from)})`;
    return `${path} from ${valueWords(change.from)} to ${valueWords(change.to)}`;
  });
  const more = count - shown.length;
  if (count === 0) return 'Saved without changes.';
  return `${plural(count, 'change')}: ${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}.`;
}

/** Each action's detail in sentences. Keys it does not read are said plainly after them. */
const DETAIL_WORDS: Record<AuditAction, Words> = {
  'admin.login': () => [],
  'admin.login_failed': () => ['The email or password was wrong.'],
  'admin.logout': () => [],
  'admin.created': () => [],
  'admin.setup': () => ['Created in the browser with the set-up link Perch printed at start-up.'],
  'admin.setup_failed': (d) => {
    const reason = d.str('reason');
    return [reason && SETUP_REFUSALS[reason]];
  },
  'learner.create': (d) => {
    const age = d.bool('withAge');
    const notes = d.bool('withNotes');
    const listSize = d.num('listSize');
    const fields =
      age === undefined || notes === undefined
        ? undefined
        : age && notes
          ? 'added with an age and notes'
          : age
            ? 'added with an age, no notes'
            : notes
              ? 'added with notes, no age'
              : 'added with a name only';
    return [sentence(fields, listSize !== undefined && `one of a list of ${listSize} added at once`)];
  },
  'learner.update': (d) => {
    const changed = d.list('changed')?.map((f) => LEARNER_FIELDS[String(f)] ?? String(f));
    return changed?.length ? [`Changed their ${listWords(changed)} (the values are not recorded).`] : [];
  },
  'learner.archive': () => ['Hidden from the learners list, kept for the record.'],
  'session.start': (d) => [sentence(...sessionTerms(d)), onExistingWords(d)],
  'session.start_guest': (d) => {
    d.skip('ageBand'); // said in the learner column
    return [sentence(...sessionTerms(d))];
  },
  'session.reissue_code': (d) => {
    d.skip('batchId');
    return [d.bool('reprint') ? 'Class cards reprinted: the old card no longer works.' : 'The old code no longer works.'];
  },
  'session.send': (d, e) => {
    d.skip('tabletId');
    const name = d.str('tabletName') ?? null;
    return [sentence(`sent straight to ${tabletWords(name, e.tablet)}, no code needed`, ...sessionTerms(d)), onExistingWords(d)];
  },
  'session.redeem': (d) => {
    d.skip('device'); // said in the actor column
    return [d.bool('sent') ? 'Opened on the tablet it was sent to, without a code.' : undefined];
  },
  'session.redeem_failed': (d) => {
    const reason = d.str('reason');
    return [reason && CODE_REFUSALS[reason]];
  },
  'session.redeem_recovered': () => ['The tablet never got the answer to its redeem, so the same session was opened on it again.'],
  'session.lock': (d) => [d.str('why') === 'idle' ? 'Nobody touched the tablet for its idle time.' : undefined],
  'session.unlock': () => [],
  'session.finish': () => ['The learner ended the session on the tablet.'],
  'session.end': (d) => [
    d.bool('beforeRedeem') ? 'Ended before its code was used.' : undefined,
    d.bool('replaced') ? 'A new session for the same learner replaced it.' : undefined,
  ],
  'session.force_end': (d, e) => {
    const tabletId = d.str('tabletId');
    const reason = d.str('reason');
    if (tabletId && reason === 'tablet retired') return [e.tablet ? `Its tablet, ${quoted(e.tablet.name)}, was retired.` : 'Its tablet was retired.'];
    return [reason && `Reason: ${quoted(reason)}.`];
  },
  'session.revoke_batch': (d) => {
    d.skip('batchId');
    return ['Ended with the rest of its class.'];
  },
  'session.expire': (d) => {
    const why = d.str('why');
    return [why === 'code_lapsed' ? 'Its code was not used in time.' : why === 'time_up' ? 'Its time ran out.' : undefined];
  },
  'retention.purge': (d) => {
    const days = d.num('retentionDays');
    const auditDays = d.num('auditRetentionDays');
    const sessions = d.num('sessions') ?? 0;
    const batches = d.num('batches') ?? 0;
    const audit = d.num('auditEntries') ?? 0;
    const signIns = d.num('adminSignIns') ?? 0;
    const requests = d.num('agentRequests') ?? 0;
    const policies = d.num('policyVersions') ?? 0;
    const older = (n: number | undefined) => (n === undefined ? '' : ` older than ${plural(n, 'day')}`);
    const replaced = (n: number | undefined) => (n === undefined ? '' : ` replaced more than ${plural(n, 'day')} ago`);
    const parts = [
      sessions > 0 && `${plural(sessions, 'finished session')}${older(days)}`,
      batches > 0 && `${plural(batches, 'empty class start')}${older(days)}`,
      audit > 0 && `${plural(audit, 'audit entry', 'audit entries')}${older(auditDays)}`,
      signIns > 0 && plural(signIns, 'lapsed admin sign-in'),
      requests > 0 && `${plural(requests, 'agent approval request')}${older(days)}`,
      policies > 0 && `${plural(policies, 'agent policy', 'agent policies')}${replaced(auditDays)}`,
    ].filter((p): p is string => Boolean(p));
    return [parts.length ? `Removed ${listWords(parts)}.` : 'Nothing was old enough to remove.'];
  },
  'tablet.enrollment_create': (d, _e, o) => {
    const until = d.str('expiresAt');
    return [until && `The code works until ${o.dateTime(until)}.`];
  },
  'tablet.enroll': (d, e) => {
    d.skip('tabletId');
    const name = d.str('name');
    return [name && `Enrolled as ${tabletWords(name, e.tablet)}.`];
  },
  'tablet.enroll_failed': (d) => {
    const reason = d.str('reason');
    return [reason && ENROLL_REFUSALS[reason]];
  },
  'tablet.rename': (d, e) => {
    d.skip('tabletId');
    const from = d.str('from');
    const to = d.str('to');
    const since = e.tablet && to && e.tablet.name !== to ? ` (now ${quoted(e.tablet.name)})` : '';
    return [from && to && `Renamed ${quoted(from)} to ${quoted(to)}${since}.`];
  },
  'tablet.retire': (d) => {
    d.skip('tabletId');
    const name = d.str('name');
    return [name && `${quoted(name)} retired: its device cookie no longer works.`];
  },
  'tablet.redeem_mode': (d) => {
    const from = d.str('from');
    const to = d.str('to');
    const shortened = d.num('shortenedCodes');
    const words = (m: string) => REDEEM_MODE_WORDS[m] ?? m;
    return [
      from && to && `From ${words(from)} to ${words(to)}.`,
      shortened ? `${plural(shortened, 'waiting card')} shortened to ${minutesWords(CODE_TTL_MS / MINUTE_MS)}.` : undefined,
    ];
  },
  'tablet.kiosk_names': (d) => {
    const from = d.bool('from');
    const to = d.bool('to');
    return [from !== undefined && to !== undefined && `Tablets show ${KIOSK_NAMES_WORDS(to)} (before: ${KIOSK_NAMES_WORDS(from)}).`];
  },
  'throttle.unblock': (d) => {
    const kind = d.str('kind');
    const who = d.str('who');
    if (kind === 'global') return ['Everyone may try codes again.'];
    if (kind === 'address' && who) return [`The address ${who} may try codes again.`];
    return [who && `${who} may try codes again.`];
  },
  'agent.grant_create': (d) => {
    d.skip('grantId');
    const label = d.str('label');
    const days = d.num('expiresInDays');
    return [sentence(label && `grant ${quoted(label)}`, days !== undefined && `valid for ${plural(days, 'day')}`)];
  },
  'agent.grant_revoke': (d) => {
    d.skip('grantId');
    const label = d.str('label');
    return [label && `Grant ${quoted(label)} revoked: its next call is refused.`];
  },
  'agent.policy_update': (d) => {
    const from = d.str('from');
    const unreadable = d.bool('previousUnreadable') ? ', which could not be read (every agent call was refused)' : '';
    return [from && `Replaced ${POLICY_SOURCES[from] ?? from}${unreadable}.`, policyChanges(d)];
  },
  'agent.call': (d) => {
    const tool = d.str('tool');
    const outcome = d.str('outcome');
    const error = d.str('error');
    if (outcome === 'ok') return [tool && `Ran ${tool}.`];
    return [tool && `Tried ${tool}; it failed${error ? `: ${error.replace(/\.$/, '')}` : ''}.`];
  },
  'agent.denied': (d) => {
    d.skip('rule'); // the message names the rule
    const message = d.str('message');
    const tool = d.str('tool');
    return [message ? sentence(message) : tool && `${tool} was refused by the policy.`];
  },
  'agent.request': (d) => {
    d.skip('requestId');
    const tool = d.str('tool');
    return [tool && `Asked to run ${tool}; it waits for an admin.`];
  },
  'agent.request_approve': (d) => {
    d.skip('requestId', 'grantId');
    const tool = d.str('tool');
    return [tool && `The agent may now run ${tool}.`];
  },
  'agent.request_decline': (d) => {
    d.skip('requestId', 'grantId');
    const tool = d.str('tool');
    return [tool && `The agent may not run ${tool}.`];
  },
  'audit.export': (d) => {
    const rows = d.num('rows');
    const capped = d.bool('capped');
    const filtered = d.bool('filtered');
    return [
      rows !== undefined && `Downloaded ${plural(rows, 'entry', 'entries')} as CSV${filtered ? ', filtered' : ''}.`,
      capped && 'It stopped at the export’s limit.',
    ];
  },
};

/** "shortenedCodes" → "Shortened codes", "batch_id" → "Batch id". */
function keyWords(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_.-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words ? `${words[0]!.toUpperCase()}${words.slice(1)}` : 'Detail';
}

/**
 * The entry's detail as sentences (`said`), and the keys its action's words do not say (`unsaid`:
 * an older row's, or one a newer Perch added), each said plainly, "Shortened codes: 3.", never
 * left out and never a crash.
 */
export function auditDetailSentences(entry: AuditEntry, options: AuditWordsOptions = {}): { said: string[]; unsaid: string[] } {
  const detail = entry.detail && typeof entry.detail === 'object' && !Array.isArray(entry.detail) ? entry.detail : {};
  const reader = new DetailReader(detail);
  const opts: Required<AuditWordsOptions> = { dateTime: options.dateTime ?? ((iso) => iso) };
  const words = DETAIL_WORDS[entry.action] as Words | undefined;
  const said = (words?.(reader, entry, opts) ?? []).filter((s): s is string => Boolean(s));
  const unsaid = Object.keys(detail).filter((key) => !reader.used.has(key));
  return { said: [...said, ...unsaid.map((key) => `${keyWords(key)}: ${valueWords(detail[key])}.`)], unsaid };
}

/** The entry's detail in sentences, one string ("" when there is nothing to say). */
export function auditDetailWords(entry: AuditEntry, options: AuditWordsOptions = {}): string {
  return auditDetailSentences(entry, options).said.join(' ');
}

/** The action in words; an action this build does not know (a newer Perch's row) by its own name. */
export function auditActionWords(action: string): string {
  return (AUDIT_ACTION_WORDS as Record<string, string>)[action] ?? keyWords(action);
}
