/**
 * Byte sizes for the Share views (the Zenodo client's units).
 *
 * @packageDocumentation
 * @module share/format
 */
import { formatBytes } from '../zenodo/client';

export { formatBytes };
