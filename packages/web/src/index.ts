export { lazyComponent } from './lazy-component';
export * from './i18n';
