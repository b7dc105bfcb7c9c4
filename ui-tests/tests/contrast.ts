import { Locator } from '@playwright/test';

/**
 * WCAG contrast of what a person sees, read from the browser's computed
 * styles: an element's text colour against the background behind it (its
 * own and its ancestors' backgrounds, translucent ones composited, up to the
 * first opaque one, else the page's white).
 *
 * Shared by the specs that check the light and dark themes (issue 12,
 * item 4).
 */

/** WCAG 2 AA: normal text. */
export const AA_TEXT = 4.5;

/** WCAG 2 AA: large text and non-text parts (icons, borders, focus rings). */
export const AA_NON_TEXT = 3;

/**
 * What {@link contrastOf} measured.
 */
export interface IContrast {
  /** The contrast ratio, 1 to 21. */
  ratio: number;
  /** The measured foreground as `rgb(r, g, b)` (after its own alpha). */
  foreground: string;
  /** The composited background as `rgb(r, g, b)`. */
  background: string;
}

/**
 * The contrast ratio of an element's text (or of `property`, e.g.
 * `border-left-color`) against its effective background.
 */
export async function contrastOf(
  locator: Locator,
  property = 'color'
): Promise<IContrast> {
  return locator.evaluate((element: Element, prop: string) => {
    type RGBA = [number, number, number, number];
    const parse = (value: string): RGBA => {
      // rgb()/rgba() (comma or space syntax) and color(srgb r g b / a).
      let m = /^rgba?\(([^)]+)\)$/.exec(value.trim());
      if (m) {
        const parts = m[1]
          .split(/[\s,/]+/)
          .filter(Boolean)
          .map(Number);
        return [parts[0], parts[1], parts[2], parts[3] ?? 1];
      }
      m = /^color\(srgb\s+([^)]+)\)$/.exec(value.trim());
      if (m) {
        const parts = m[1]
          .split(/[\s/]+/)
          .filter(Boolean)
          .map(Number);
        return [parts[0] * 255, parts[1] * 255, parts[2] * 255, parts[3] ?? 1];
      }
      if (value === 'transparent') {
        return [0, 0, 0, 0];
      }
      throw new Error(`Cannot read the colour "${value}"`);
    };
    // `top` over `bottom` (bottom opaque).
    const over = (top: RGBA, bottom: RGBA): RGBA => [
      top[0] * top[3] + bottom[0] * (1 - top[3]),
      top[1] * top[3] + bottom[1] * (1 - top[3]),
      top[2] * top[3] + bottom[2] * (1 - top[3]),
      1
    ];
    const layers: RGBA[] = [];
    for (let node: Element | null = element; node; node = node.parentElement) {
      const bg = parse(getComputedStyle(node).backgroundColor);
      if (bg[3] > 0) {
        layers.push(bg);
        if (bg[3] >= 1) {
          break;
        }
      }
    }
    let background: RGBA = [255, 255, 255, 1];
    for (const layer of layers.reverse()) {
      background = over(layer, background);
    }
    const style = getComputedStyle(element);
    const foreground = over(parse(style.getPropertyValue(prop)), background);
    const luminance = (c: RGBA) => {
      const [r, g, b] = c.slice(0, 3).map(v => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const [hi, lo] = [luminance(foreground), luminance(background)].sort(
      (a, b) => b - a
    );
    const rgb = (c: RGBA) =>
      `rgb(${c
        .slice(0, 3)
        .map(v => Math.round(v))
        .join(', ')})`;
    return {
      ratio: (hi + 0.05) / (lo + 0.05),
      foreground: rgb(foreground),
      background: rgb(background)
    };
  }, property);
}
