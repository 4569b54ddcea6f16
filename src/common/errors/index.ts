export * from './app-error';
export * from './error-code';
export * from './message';
export * from './messages';
