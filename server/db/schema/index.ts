export * from './regions';
export * from './wishes';
export * from './identity';
