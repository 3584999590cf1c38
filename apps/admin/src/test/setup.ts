import { configure } from '@testing-library/react';
import { throwOnMissingMessages } from '@perch/web/catalog-check';
import { beforeEach } from 'vitest';
import { adminI18n } from '../i18n';

// Pages are lazy chunks: on a busy machine (CI runs every suite at once) the first import of one can
// take longer than testing-library's 1 s default wait, though nothing is wrong.
configure({ asyncUtilTimeout: 5_000 });

// Tests read English unless they switch on purpose; a test that switched leaves the next one in English.
beforeEach(() => adminI18n.activate('en'));

// A screen showing an id instead of words fails its test.
throwOnMissingMessages(adminI18n);
