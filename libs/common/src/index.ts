export * from './domain-error';
export * from './error-envelope';
export * from './exception.filter';
export * from './logger';
export * from './request-id';
export * from './project-root';
export * from './metrics';
