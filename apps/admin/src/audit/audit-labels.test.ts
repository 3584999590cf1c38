import { AUDIT_ACTION_WORDS, AUDIT_ACTIONS } from '@perch/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { adminI18n } from '../i18n';
import { auditActionLabel } from './audit-labels';

describe('the audit log’s actions in the language shown', () => {
  afterEach(() => adminI18n.activate('en'));

  it('says every action in English as the CSV export does, and in Spanish', async () => {
    for (const action of AUDIT_ACTIONS) expect(auditActionLabel(action), action).toBe(AUDIT_ACTION_WORDS[action]);
    await adminI18n.activate('es');
    expect(auditActionLabel('session.start')).toBe('Sesión empezada');
    expect(auditActionLabel('audit.export')).toBe('Registro de actividad exportado');
  });
});
