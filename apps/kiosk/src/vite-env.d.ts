/// <reference types="vite/client" />
/// <reference types="vite-plugin-pwa/vanillajs" />

/** The session screen's chunk and the chunks it imports, for the launch script to preload (vite.config.ts). */
declare module 'virtual:session-screen-files' {
  const files: readonly string[];
  export default files;
}
