/**
 * `import 'messages:scan'`: the English messages whose ids start `scan.`, registered as the module
 * loads (served by @perch/web/vite). A module imports the sections of the words it shows.
 */
declare module 'messages:*';
