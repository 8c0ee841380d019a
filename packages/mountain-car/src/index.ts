export * from './mountain-car.js';
export * from './mountain-car-plugin.js';
