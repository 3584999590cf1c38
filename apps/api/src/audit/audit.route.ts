import { parse as parseCookies } from 'cookie';
import type { RequestHandler } from 'express';
import { ADMIN_COOKIE, AUDIT_EXPORT, AUDIT_EXPORT_PATH, auditExportQuery, exportAuditInput } from '@perch/shared';
import { findAdminBySessionToken } from '../auth/auth.service';
import type { Services } from '../context';
import { refuse } from '../http/security';
import { classifyUnavailable, logUnavailable, unavailable } from '../platform/unavailable';
import { streamAuditCsv, type ExportLimits } from './audit.export';

const FILTERS = Object.keys(exportAuditInput.shape);

/**
 * GET AUDIT_EXPORT_PATH: the audit log as a CSV download, filtered as the audit page is (its
 * query parameters are the page's filters; see auditExportHref). A route of its own rather than a
 * tRPC procedure because its answer is a file, streamed. Admins only, by the same cookie as tRPC;
 * mounted behind refuseCrossSite with reads refused too. Errors are tRPC-shaped sentences.
 * `limits`: AUDIT_EXPORT (tests pass smaller ones to reach the cap).
 */
export function auditExportRoute(services: Services, limits: ExportLimits = AUDIT_EXPORT): RequestHandler {
  return async (req, res) => {
    try {
      const cookies = req.headers.cookie ? parseCookies(req.headers.cookie) : {};
      const token = cookies[ADMIN_COOKIE];
      const admin = token ? await findAdminBySessionToken(services, token) : null;
      if (!admin) return refuse(res, 401, 'UNAUTHORIZED', 'NOT_SIGNED_IN', 'Please sign in as an admin to do that.');

      const query = auditExportQuery(new URL(req.originalUrl, 'http://perch.invalid').searchParams);
      const unknown = Object.keys(query).filter((key) => !FILTERS.includes(key));
      if (unknown.length > 0) {
        const message = `The audit log cannot be filtered by ${unknown.join(', ')}. Its filters are: ${FILTERS.join(', ')}.`;
        return refuse(res, 400, 'BAD_REQUEST', 'VALIDATION', message);
      }
      const input = exportAuditInput.safeParse(query);
      if (!input.success) return refuse(res, 400, 'BAD_REQUEST', 'VALIDATION', input.error.issues.map((i) => i.message).join(' '));

      const who = { admin, req: { ip: req.ip ?? req.socket.remoteAddress ?? 'unknown', userAgent: req.get('user-agent') ?? null } };
      await streamAuditCsv(services, who, input.data, res, limits);
    } catch (err) {
      // Once the file has begun, the only honest answer is a broken download, never a short file.
      if (res.headersSent) {
        console.error('[perch] the audit log export failed part-way:', err);
        res.destroy();
        return;
      }
      const kind = classifyUnavailable(err);
      if (kind) {
        logUnavailable(AUDIT_EXPORT_PATH, err);
        const error = unavailable(kind);
        res.setHeader('Retry-After', String(error.retryAfterSec));
        return refuse(res, 503, 'SERVICE_UNAVAILABLE', 'UNAVAILABLE', error.message);
      }
      console.error('[perch] the audit log export failed:', err);
      refuse(res, 500, 'INTERNAL_SERVER_ERROR', null, 'Something went wrong on our side. Please try again.');
    }
  };
}
