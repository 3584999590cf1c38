import { configure } from '@testing-library/react';

// Pages are lazy chunks: on a busy machine (CI runs every suite at once) the first import of one can
// take longer than testing-library's 1 s default wait, though nothing is wrong.
configure({ asyncUtilTimeout: 5_000 });
