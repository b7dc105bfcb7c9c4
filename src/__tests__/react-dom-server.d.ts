/**
 * The one function of `react-dom/server` the view tests use (the package
 * ships no types, and @types/react-dom is not a dependency).
 */
declare module 'react-dom/server' {
  import type { ReactElement } from 'react';

  /** The element as static HTML, as a first page load gets it. */
  export function renderToStaticMarkup(element: ReactElement): string;
}
