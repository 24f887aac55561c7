/**
 * Column chunks: one column of one batch of at most 65,536 rows, encoded as a compressed Arrow IPC
 * stream ({@link org.elementvault.engine.chunk.ChunkCodec}) and sealed in 64 KiB segments bound to
 * the chunk's place and to the version of the dataset key it is sealed under ({@link
 * org.elementvault.engine.chunk.ChunkSealer}, {@link org.elementvault.engine.chunk.ChunkPlace},
 * {@link org.elementvault.engine.chunk.ChunkKeys}). Decoding treats its input as hostile: it bounds
 * every allocation before making it and returns a vector only once the whole chunk was
 * authenticated and checked. This package does not touch RocksDB (the store writes the bytes it
 * returns) and never puts a dataset or column name into a chunk.
 */
@NullMarked
@CheckReturnValue
package org.elementvault.engine.chunk;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
