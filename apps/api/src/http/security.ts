import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * Security headers for the API and both apps. The CSP allows only this origin's own scripts and
 * styles (no inline script anywhere), images from data:/blob: (QR codes, camera frames), and
 * nothing may frame Perch.
 */
export function securityHeaders(publicUrl: string): RequestHandler {
  const https = publicUrl.startsWith('https://');
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        mediaSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'"],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: https ? { maxAge: 15552000, includeSubDomains: false } : false,
    referrerPolicy: { policy: 'no-referrer' },
  });
}

/**
 * Refuses state-changing requests that a browser sent from another site. SameSite=Strict cookies
 * already stay home; this is the second lock. Non-browser clients (curl, other services) send
 * neither header and are let through: CSRF is a browser attack.
 */
export function refuseCrossSite(publicUrl: string): RequestHandler {
  const publicOrigin = new URL(publicUrl).origin;
  return (req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
    const site = req.get('sec-fetch-site');
    const origin = req.get('origin');
    const ownOrigin = `${req.protocol}://${req.get('host')}`;
    const crossSite =
      (site !== undefined && site !== 'same-origin' && site !== 'none') ||
      (origin !== undefined && origin !== 'null' && origin !== publicOrigin && origin !== ownOrigin) ||
      origin === 'null';
    if (!crossSite) return next();
    res.setHeader('Cache-Control', 'no-store');
    res.status(403).json({
      error: {
        message: 'This request came from another site and was refused.',
        code: -32003,
        data: { code: 'FORBIDDEN', httpStatus: 403, reason: 'CROSS_SITE' },
      },
    });
  };
}
