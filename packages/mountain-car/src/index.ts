export { MOUNTAIN_CAR, MountainCar, mountainCarIndex, type MountainCarOptions } from './mountain-car.js';
export { mountainCarPlugin } from './mountain-car-plugin.js';
