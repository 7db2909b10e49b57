export * from './regions';
export * from './identity';
export * from './beneficiaries';
export * from './campaigns';
export * from './wishes';
