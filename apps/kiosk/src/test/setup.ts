import { throwOnMissingMessages } from '@perch/web/catalog-check';
import { beforeEach } from 'vitest';
import { kioskI18n } from '../i18n';

// Tests read English unless they switch on purpose; a test that switched leaves the next one in English.
beforeEach(() => kioskI18n.activate('en'));

// A screen showing an id instead of words fails its test.
throwOnMissingMessages(kioskI18n);
