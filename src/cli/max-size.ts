// `--max-size`, one option with one default for every command that reads inputs; no imports, so help stays fast.

/** Default of `--max-size`, in MB. */
export const DEFAULT_MAX_SIZE_MB = 2048;

export const MAX_SIZE_HELP =
  'largest input read, in MB after decompression (a file, an archive member); inputs the configuration checks read whole are read up to 64 MB';
