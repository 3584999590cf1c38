import type { ActorType, AuditAction } from '@perch/shared';
import { t } from '../i18n';
import 'messages:audit';

/**
 * What happened, for the log's "What" column and its filter, in the language shown (catalog:
 * `audit.action.<action>`; its English is @perch/shared's AUDIT_ACTION_WORDS, which the CSV uses).
 * Who did it, whom it was about and the details stay as @perch/shared says them: in English.
 */
export const auditActionLabel = (action: AuditAction) => t(`audit.action.${action}`);

/** A kind of actor for the log's "Who" filter (catalog: `audit.actor.<type>`). */
export const actorTypeLabel = (type: ActorType) => t(`audit.actor.${type}`);
