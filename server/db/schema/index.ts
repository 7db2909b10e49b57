export * from './regions';
export * from './wishes';
