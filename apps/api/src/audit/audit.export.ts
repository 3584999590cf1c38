import { once } from 'node:events';
import type { Response } from 'express';
import {
  AUDIT_EXPORT,
  auditActionWords,
  auditActorWords,
  auditDetailWords,
  auditLearnerWords,
  type Admin,
  type AuditEntry,
  type ExportAuditInput,
} from '@perch/shared';
import type { RequestInfo, Services } from '../context';
import { auditPages, isFiltered, recordAudit } from './audit.service';
import { csvLine, UTF8_BOM } from './csv';

export interface ExportLimits {
  /** Entries read from the database at a time. */
  pageRows: number;
  /** Entries at most in one file. */
  maxRows: number;
}

/** "2026-03-01 11:00:00" in `timeZone`: what a spreadsheet reads as a date and time. */
export function localTime(timeZone: string): (iso: string) => string {
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  return (iso) => {
    const p = Object.fromEntries(format.formatToParts(new Date(iso)).map((part) => [part.type, part.value]));
    return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
  };
}

/** The file's columns: what the audit page shows, in English, with the time twice (exact, and local). */
export function csvHeader(timeZone: string): string {
  return csvLine(['Time (UTC)', `Local time (${timeZone})`, 'Who', 'What', 'Learner', 'Details', 'IP address']);
}

export function csvRow(entry: AuditEntry, local: (iso: string) => string): string {
  return csvLine([
    entry.at,
    local(entry.at),
    auditActorWords(entry),
    auditActionWords(entry.action),
    auditLearnerWords(entry),
    auditDetailWords(entry, { dateTime: local }),
    entry.ip,
  ]);
}

/** The last line of a file that stopped at the cap, so nobody takes it for the whole log. */
function cappedNotice(maxRows: number): string {
  const max = maxRows.toLocaleString('en');
  return csvLine(['', '', 'Perch', `Export stopped at ${max} entries`, '', `Older entries matching these filters were left out: narrow the dates (From, Until) to export them.`, '']);
}

/** The download's name: the day it was made, where the admin is. */
export function exportFileName(now: number, timeZone: string): string {
  return `perch-audit-log-${localTime(timeZone)(new Date(now).toISOString()).slice(0, 10)}.csv`;
}

/**
 * Streams the audit log as CSV: every entry the filters match, newest first, read a page at a
 * time so memory stays flat however long the log, up to AUDIT_EXPORT.maxRows (then a last line
 * says so). Waits for the client to take each page (backpressure) and stops reading when it goes.
 * The download itself is audited (`audit.export`: how many entries, whether capped), once it has
 * ended, with the rows that were sent even when the client went away early.
 */
export async function streamAuditCsv(
  services: Services,
  who: { admin: Admin; req: Pick<RequestInfo, 'ip' | 'userAgent'> },
  input: ExportAuditInput,
  res: Response,
  limits: ExportLimits = AUDIT_EXPORT,
): Promise<void> {
  const { timeZone = 'UTC', ...filter } = input;
  const local = localTime(timeZone);
  const gone = new AbortController();
  res.once('close', () => gone.abort());

  const pages = auditPages(services.db, filter, limits);
  // The first page is read before anything is sent: a database that is away is still a clear 503.
  let page = await pages.next();
  res.status(200);
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${exportFileName(services.now(), timeZone)}"`);
  res.setHeader('Cache-Control', 'no-store');
  let chunk = UTF8_BOM + csvHeader(timeZone);
  let rows = 0;
  let capped = false;
  try {
    while (!page.done && !gone.signal.aborted) {
      for (const entry of page.value.entries) chunk += csvRow(entry, local);
      rows += page.value.entries.length;
      capped = page.value.capped;
      if (capped) chunk += cappedNotice(limits.maxRows);
      if (!res.write(chunk)) await once(res, 'drain', { signal: gone.signal });
      chunk = '';
      page = await pages.next();
    }
  } catch (err) {
    if (!gone.signal.aborted) throw err;
  } finally {
    await pages.return(undefined);
    await recordAudit(services.db, services.now(), who.req, {
      action: 'audit.export',
      actorType: 'admin',
      actorId: who.admin.id,
      actorLabel: who.admin.email,
      detail: { rows, capped, filtered: isFiltered(filter) },
    }).catch((err: unknown) => console.error('[perch] could not audit an audit log export:', err));
  }
  res.end();
}
