export { FLASH_KEY, flashFor, flashOn } from './flash.js';
export type { Flash, FlashMessages, FlashReader } from './flash.js';
