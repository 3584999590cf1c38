import { beforeEach } from 'vitest';
import { kioskI18n } from '../i18n';

// Tests read English unless they switch on purpose; a test that switched leaves the next one in English.
beforeEach(() => kioskI18n.activate('en'));
