export * from './domain/estimator';
export * from './domain/network';
export * from './domain/physics';
export * from './domain/report-validation';
export * from './domain/import-csv';
export * from './domain/accuracy';
export * from './domain/robust';
