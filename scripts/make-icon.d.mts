// Types of make-icon.mjs for the tests that import it.
export interface Image {
  width: number;
  height: number;
  /** RGBA, row by row. */
  rgba: Buffer;
}
export const iconFile: string;
export const size: number;
export const tileColour: string;
export function drawIcon(): Image;
export function encodePng(image: Image): Buffer;
