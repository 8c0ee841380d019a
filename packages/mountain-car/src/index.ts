export * from './mountain-car.js';
