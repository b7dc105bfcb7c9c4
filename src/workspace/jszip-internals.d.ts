/**
 * Types for the part of JSZip's internals that safe extraction reads: the
 * raw central-directory entries (see extract.ts for why).
 */
declare module 'jszip/lib/zipEntries' {
  /**
   * One entry of a zip's central directory.
   */
  export interface IZipEntry {
    fileNameStr: string;
    dir: boolean;
    unixPermissions: number | null;
    compressionMethod: string;
    compressedSize: number;
    uncompressedSize: number;
    decompressed: { compressedContent: Uint8Array };
  }
  /**
   * The reader of a zip's entries.
   */
  export default class ZipEntries {
    constructor(options: { decodeFileName: (bytes: Uint8Array) => string });
    files: IZipEntry[];
    load(data: Uint8Array): void;
  }
}
